package io.firegrid.gateway.storage;

/**
 * When one write went through the store's writer ({@link Database#write(Database.Lane, Database.Work, WriteTiming)}),
 * in {@link System#nanoTime()}: queued, taken by the writer, its work begun, and its transaction
 * committed (on disk), with what else that transaction carried. Filled in by the writer; read once
 * the write's future has completed (the completion is handed over after the last field is set).
 * For timing the alarm path (an event to its alarm on the live stream), not for every reading.
 */
public final class WriteTiming {

    volatile long queuedNanos;
    volatile long takenNanos;
    volatile long startedNanos;
    volatile long committedNanos;
    volatile int batchWrites;
    volatile int batchReadings;

    /** When the write was offered to its lane. */
    public long queuedNanos() {
        return queuedNanos;
    }

    /** When the writer took it from its lane into a batch. */
    public long takenNanos() {
        return takenNanos;
    }

    /** When its own work began (after the batch's writes ahead of it). */
    public long startedNanos() {
        return startedNanos;
    }

    /** When its transaction's commit returned (the data is on disk). */
    public long committedNanos() {
        return committedNanos;
    }

    /** Writes committed in the same transaction, this one included. */
    public int batchWrites() {
        return batchWrites;
    }

    /** Of those, readings (the telemetry lane's). */
    public int batchReadings() {
        return batchReadings;
    }
}
