package io.firegrid.gateway.alarm;

import java.time.Instant;

/**
 * Where the time went between a device's event reaching the gateway and the alarm it changed being
 * handed to listeners: the stages of the alarm path, in {@link System#nanoTime()} of the gateway's
 * process, with the wall-clock time it was received so that a client on the same clock can place
 * the stages after its own PUBLISH.
 *
 * @param received       when the ingest path was called with the event (wall clock, microseconds)
 * @param receivedNanos  the same moment, in nanoTime
 * @param queuedNanos    offered to the store's alarm lane
 * @param takenNanos     taken from the lane by the store's writer
 * @param committedNanos its transaction (the event and the alarm change together) on disk
 * @param publishedNanos listeners told, on the event loop that acknowledges the event
 * @param batchWrites    writes committed in that transaction, the event included
 * @param batchReadings  of those, readings
 */
public record AlarmTrace(Instant received, long receivedNanos, long queuedNanos, long takenNanos, long committedNanos,
                         long publishedNanos, int batchWrites, int batchReadings) {

    /** The same trace, with the listeners told now. */
    public AlarmTrace publishedNow() {
        return new AlarmTrace(received, receivedNanos, queuedNanos, takenNanos, committedNanos, System.nanoTime(),
                batchWrites, batchReadings);
    }

    /**
     * The trace as the live stream carries it (one SSE comment line, ignored by browsers):
     * {@code received=<epoch us> queue=<us> commit=<us> publish=<us> batch=<writes>/<readings>}, where
     * {@code queue} is received to taken by the writer, {@code commit} taken to on disk, and
     * {@code publish} on disk to listeners told.
     */
    public String text() {
        long epochMicros = received.getEpochSecond() * 1_000_000L + received.getNano() / 1_000;
        return "received=" + epochMicros + " queue=" + micros(takenNanos - receivedNanos) + " commit="
                + micros(committedNanos - takenNanos) + " publish=" + micros(publishedNanos - committedNanos) + " batch="
                + batchWrites + "/" + batchReadings;
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
