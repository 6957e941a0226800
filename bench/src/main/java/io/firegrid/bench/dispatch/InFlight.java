package io.firegrid.bench.dispatch;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Send and arrival times of numbered alarms, and the window of alarms in flight. Alarm {@code i}
 * is done when its frame (or, for the baseline, its message at the subscriber) has arrived,
 * {@code webhooksPerAlarm} webhook POSTs for it have, and its publisher got the PUBACK (so the
 * MQTT client's own in-flight limit is never the one that bites); a done alarm frees its slot
 * for the next. Arrivals are recorded by the reader threads, sends by the publishing thread.
 *
 * <p>Besides the monotonic times it keeps the wall-clock time of each send and, from the first
 * webhook body, the gateway's own stamps (the alarm's {@code raisedAt}, taken when the event was
 * received, and the notification's {@code at}, taken when routing began; both microseconds on
 * Linux), which split the time into stages. Gateway and harness read the same clock.
 */
final class InFlight {

    /** Stages of one alarm's first webhook POST, in milliseconds, from the wall-clock stamps. */
    record Stages(double[] toGateway, double[] receivedToFrame, double[] receivedToPost, double[] receivedToRouted,
                  double[] routedToPost) {
    }

    private final int webhooksPerAlarm;
    private final int window;
    private final Semaphore slots;
    private final long[] sent;
    private final long[] sentMicros;
    private final long[] streamed;
    private final long[] firstWebhook;
    private final long[] lastWebhook;
    private final long[] raisedAtMicros;
    private final long[] routedAtMicros;
    private final int[] webhooks;
    private final long[] alarmIds;
    private final boolean[] acked;
    private final boolean[] done;
    private long unexpected;

    /** Room for {@code alarms} alarms, at most {@code window} of them in flight. */
    InFlight(int alarms, int webhooksPerAlarm, int window) {
        this.webhooksPerAlarm = webhooksPerAlarm;
        this.window = window;
        this.slots = new Semaphore(window);
        this.sent = new long[alarms];
        this.sentMicros = new long[alarms];
        this.streamed = new long[alarms];
        this.firstWebhook = new long[alarms];
        this.lastWebhook = new long[alarms];
        this.raisedAtMicros = new long[alarms];
        this.routedAtMicros = new long[alarms];
        this.webhooks = new int[alarms];
        this.alarmIds = new long[alarms];
        this.acked = new boolean[alarms];
        this.done = new boolean[alarms];
    }

    /** Waits for a free slot; fails if none frees up within {@code timeoutMs}. */
    void acquire(long timeoutMs) throws InterruptedException {
        if (!slots.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(window + " alarm(s) still in flight after " + timeoutMs + " ms; "
                    + "not arrived: " + missing());
        }
    }

    /** Waits until every alarm sent so far is done. */
    void drain(long timeoutMs) throws InterruptedException {
        acquire(timeoutMs);
        if (!slots.tryAcquire(window - 1, timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("alarms still in flight after " + timeoutMs + " ms; not arrived: " + missing());
        }
        slots.release(window);
    }

    /** Alarm {@code i} is being handed to the MQTT client now: its clock starts. */
    synchronized void sending(int i) {
        sentMicros[i] = Clocks.epochMicros(Instant.now());
        sent[i] = System.nanoTime();
    }

    /** The publisher got alarm {@code i}'s PUBACK. */
    synchronized void acked(int i) {
        if (!valid(i)) {
            unexpected++;
            return;
        }
        acked[i] = true;
        checkDone(i);
    }

    /** The alarm frame on the stream ({@code alarmId} as the gateway numbered it), or the subscriber's message. */
    synchronized void streamed(int i, long alarmId, long nanos) {
        if (!valid(i) || streamed[i] != 0) {
            unexpected++;
            return;
        }
        streamed[i] = nanos;
        alarmIds[i] = alarmId;
        checkDone(i);
    }

    /** A webhook POST for alarm {@code i}; the gateway's stamps are taken from the first. */
    synchronized void webhook(int i, long nanos, Instant raisedAt, Instant routedAt) {
        if (!valid(i) || webhooks[i] == webhooksPerAlarm) {
            unexpected++;
            return;
        }
        if (webhooks[i]++ == 0) {
            firstWebhook[i] = nanos;
            raisedAtMicros[i] = Clocks.epochMicros(raisedAt);
            routedAtMicros[i] = Clocks.epochMicros(routedAt);
        }
        lastWebhook[i] = nanos;
        checkDone(i);
    }

    /** Arrivals for alarms never sent, or beyond what an alarm should get: should stay 0. */
    synchronized long unexpected() {
        return unexpected;
    }

    synchronized long alarmId(int i) {
        return alarmIds[i];
    }

    /** Milliseconds from send to the frame (or subscriber), for alarms {@code from} to {@code to} - 1. */
    synchronized double[] toStream(int from, int to) {
        return millis(from, to, i -> streamed[i] - sent[i]);
    }

    synchronized double[] toFirstWebhook(int from, int to) {
        return millis(from, to, i -> firstWebhook[i] - sent[i]);
    }

    synchronized double[] toLastWebhook(int from, int to) {
        return millis(from, to, i -> lastWebhook[i] - sent[i]);
    }

    /** The first webhook POST's time split at the gateway's stamps, for alarms {@code from} to {@code to} - 1. */
    synchronized Stages stages(int from, int to) {
        return new Stages(
                millis(from, to, i -> (raisedAtMicros[i] - sentMicros[i]) * 1_000),
                millis(from, to, i -> wallNanos(i, streamed[i]) - raisedAtMicros[i] * 1_000),
                millis(from, to, i -> wallNanos(i, firstWebhook[i]) - raisedAtMicros[i] * 1_000),
                millis(from, to, i -> (routedAtMicros[i] - raisedAtMicros[i]) * 1_000),
                millis(from, to, i -> wallNanos(i, firstWebhook[i]) - routedAtMicros[i] * 1_000));
    }

    /** A monotonic arrival time of alarm {@code i} on the wall clock, anchored at its send. */
    private long wallNanos(int i, long nanos) {
        return sentMicros[i] * 1_000 + (nanos - sent[i]);
    }

    private static double[] millis(int from, int to, java.util.function.IntToLongFunction nanos) {
        return IntStream.range(from, to).mapToDouble(i -> nanos.applyAsLong(i) / 1e6).toArray();
    }

    private boolean valid(int i) {
        return i >= 0 && i < sent.length && sent[i] != 0;
    }

    private void checkDone(int i) {
        if (!done[i] && acked[i] && streamed[i] != 0 && webhooks[i] == webhooksPerAlarm) {
            done[i] = true;
            slots.release();
        }
    }

    private synchronized String missing() {
        int[] open = IntStream.range(0, sent.length).filter(i -> sent[i] != 0 && !done[i]).limit(5).toArray();
        return Arrays.stream(open).mapToObj(i -> "alarm " + i + " (stream " + (streamed[i] != 0) + ", webhooks "
                + webhooks[i] + "/" + webhooksPerAlarm + ", PUBACK " + acked[i] + ")").toList().toString();
    }
}
