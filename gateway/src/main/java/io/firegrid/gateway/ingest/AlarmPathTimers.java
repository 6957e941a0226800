package io.firegrid.gateway.ingest;

import io.firegrid.gateway.alarm.AlarmTrace;
import io.firegrid.gateway.storage.WriteTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The timers of an event's way through the store, {@code firegrid_alarm_path_seconds{stage}}:
 * {@code queue} (received by the ingest path until the store's writer takes it: the wait in the
 * alarm lane, behind the transaction being committed) and {@code commit} (taken until its
 * transaction, the event and the alarm change together, is on disk). The live stream adds
 * {@code publish} and {@code stream} ({@link #timer}). Buckets from 1 ms to 1 s, so a p99 can be read
 * from {@code /metrics}. Events only: readings are not timed.
 */
public final class AlarmPathTimers {

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final Timer queue;
    private final Timer commit;

    AlarmPathTimers(MeterRegistry meters) {
        this.queue = timer(meters, "queue");
        this.commit = timer(meters, "commit");
    }

    /** The timer of one stage of the alarm path, with the buckets every stage shares. */
    public static Timer timer(MeterRegistry meters, String stage) {
        return Timer.builder("firegrid.alarm.path").tag("stage", stage)
                .description("time of an event's alarm in one stage of its way from the device to the live stream")
                .serviceLevelObjectives(BUCKETS).register(meters);
    }

    /** Records the store's stages of a committed event and returns its trace so far. */
    AlarmTrace stored(Instant received, long receivedNanos, WriteTiming t) {
        queue.record(t.takenNanos() - receivedNanos, TimeUnit.NANOSECONDS);
        commit.record(t.committedNanos() - t.takenNanos(), TimeUnit.NANOSECONDS);
        return new AlarmTrace(received, receivedNanos, t.queuedNanos(), t.takenNanos(), t.committedNanos(), 0,
                t.batchWrites(), t.batchReadings());
    }
}
