package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.SmallDisk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded history on a disk filled to the last byte (a small tmpfs the test mounts; root only,
 * else skipped saying why): what cannot be written is dropped and counted, its status says since
 * when and why, and once space returns it is written again by itself, without a restart.
 *
 * <p>Before, a full disk left it failing for good: SQLite rolled the transaction back itself, the
 * driver's rollback then found none ("cannot rollback - no transaction is active") and began none,
 * and every later commit failed ("cannot commit - no transaction is active"), also with room.
 */
class HistoryOnAFullDiskTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    /** Enough distinct sensors that their rows need far more pages than SQLite's log already holds. */
    static final int SENSORS = 5_000;

    @TempDir
    Path dir;

    static Point reading(String sensor, Instant at, double v) {
        return new Point("pressure", Map.of("tenant", "t1", "device", "pi-1", "sensor", sensor), Map.of("value", v), at);
    }

    @Test
    void aFullDiskDropsCountedSaysSoAndTheHistoryIsWrittenAgainOnceSpaceReturns() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 8)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            TelemetryConfig config = TelemetryConfig.defaults().withHistory(30, Duration.ofMinutes(1));
            try (HistoryStore h = HistoryStore.open(disk.path().resolve("telemetry.db"), config, new MutableClock(NOW),
                    meters)) {
                h.accept(reading("hydrant-1", NOW, 0.30));
                assertThat(h.history("t1", "pi-1", "hydrant-1", NOW, NOW.plusSeconds(60)).get().buckets()).hasSize(1);

                // WHEN the disk is full and many readings arrive
                disk.fill();
                for (int i = 0; i < SENSORS; i++) {
                    h.accept(reading("s-" + i, NOW.plusSeconds(1), i));
                }
                h.history("t1", "pi-1", "hydrant-1", NOW, NOW.plusSeconds(60)).get(); // their flush, which fails

                // THEN they are dropped, counted, and the status says since when and why
                JsonObject failing = h.status();
                assertThat(failing.getString("failingSince")).as("%s", failing).isNotNull();
                assertThat(failing.getString("lastError")).contains("full");
                assertThat(failing.getLong("droppedWriteFailed")).isEqualTo(SENSORS);
                assertThat(meters.counter("firegrid.telemetry.dropped", "reason", "write-failed").count()).isEqualTo(SENSORS);

                // WHEN space returns
                disk.free();
                h.accept(reading("hydrant-1", NOW.plusSeconds(120), 0.50));
                HistoryStore.History after = h.history("t1", "pi-1", "hydrant-1", NOW, NOW.plusSeconds(180)).get();

                // THEN the history is written again, by itself, and the failure is over
                assertThat(after.buckets()).extracting(HistoryStore.Bucket::max).containsExactly(0.30, 0.50);
                JsonObject written = h.status();
                assertThat(written.getString("failingSince")).as("%s", written).isNull();
                assertThat(written.getLong("kept")).isEqualTo(2);
            }
        }
    }
}
