package io.firegrid.bench.dispatch;

import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Send and arrival times of numbered alarms, and the window of alarms in flight. Alarm {@code i}
 * is done when its frame (or, for the baseline, its message at the subscriber) has arrived and
 * {@code webhooksPerAlarm} webhook POSTs for it have; a done alarm frees its slot for the next.
 * Arrivals are recorded by the reader threads, sends by the publishing thread.
 */
final class InFlight {

    private final int webhooksPerAlarm;
    private final int window;
    private final Semaphore slots;
    private final long[] sent;
    private final long[] streamed;
    private final long[] firstWebhook;
    private final long[] lastWebhook;
    private final int[] webhooks;
    private final long[] alarmIds;
    private final boolean[] done;
    private long unexpected;

    /** Room for {@code alarms} alarms, at most {@code window} of them in flight. */
    InFlight(int alarms, int webhooksPerAlarm, int window) {
        this.webhooksPerAlarm = webhooksPerAlarm;
        this.window = window;
        this.slots = new Semaphore(window);
        this.sent = new long[alarms];
        this.streamed = new long[alarms];
        this.firstWebhook = new long[alarms];
        this.lastWebhook = new long[alarms];
        this.webhooks = new int[alarms];
        this.alarmIds = new long[alarms];
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
        sent[i] = System.nanoTime();
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

    synchronized void webhook(int i, long nanos) {
        if (!valid(i) || webhooks[i] == webhooksPerAlarm) {
            unexpected++;
            return;
        }
        if (webhooks[i]++ == 0) {
            firstWebhook[i] = nanos;
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
        return millis(streamed, from, to);
    }

    synchronized double[] toFirstWebhook(int from, int to) {
        return millis(firstWebhook, from, to);
    }

    synchronized double[] toLastWebhook(int from, int to) {
        return millis(lastWebhook, from, to);
    }

    private double[] millis(long[] arrived, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = (arrived[i] - sent[i]) / 1e6;
        }
        return out;
    }

    private boolean valid(int i) {
        return i >= 0 && i < sent.length && sent[i] != 0;
    }

    private void checkDone(int i) {
        if (!done[i] && streamed[i] != 0 && webhooks[i] == webhooksPerAlarm) {
            done[i] = true;
            slots.release();
        }
    }

    private synchronized String missing() {
        int[] open = java.util.stream.IntStream.range(0, sent.length).filter(i -> sent[i] != 0 && !done[i]).limit(5).toArray();
        return Arrays.stream(open).mapToObj(i -> "alarm " + i + " (stream " + (streamed[i] != 0) + ", webhooks "
                + webhooks[i] + "/" + webhooksPerAlarm + ")").toList().toString();
    }
}
