package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded history: downsampling, restart and retention, with its own file. */
class HistoryStoreTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    static Point pressure(Instant at, double v) {
        return new Point("pressure", Map.of("tenant", "t1", "device", "pi-1", "sensor", "hydrant-1"), Map.of("value", v), at);
    }

    @Test
    void readingsOlderThanTheRetentionAreGoneAfterARestartNewerOnesStay() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        TelemetryConfig config = TelemetryConfig.defaults().withHistory(30, Duration.ofMinutes(1));
        try (HistoryStore h = HistoryStore.open(dir.resolve("telemetry.db"), config, clock, new SimpleMeterRegistry())) {
            h.accept(pressure(NOW.minus(Duration.ofDays(31)), 0.31));
            h.accept(pressure(NOW.minus(Duration.ofDays(29)), 0.29));
            assertThat(h.history("t1", "pi-1", "hydrant-1", NOW.minus(Duration.ofDays(40)), NOW).get().buckets()).hasSize(2);
        }

        try (HistoryStore h = HistoryStore.open(dir.resolve("telemetry.db"), config, clock, new SimpleMeterRegistry())) {
            HistoryStore.History kept = h.history("t1", "pi-1", "hydrant-1", NOW.minus(Duration.ofDays(40)), NOW).get();

            assertThat(kept.buckets()).extracting(HistoryStore.Bucket::max).containsExactly(0.29);
        }
    }

    @Test
    void pointsOfOneBucketWrittenAcrossFlushesMergeIntoOneMinMeanMax() throws Exception {
        TelemetryConfig config = TelemetryConfig.defaults().withHistory(30, Duration.ofMinutes(1));
        try (HistoryStore h = HistoryStore.open(dir.resolve("telemetry.db"), config, new MutableClock(NOW),
                new SimpleMeterRegistry())) {
            h.accept(pressure(NOW.plusSeconds(1), 0.30));
            h.history("t1", "pi-1", "hydrant-1", NOW, NOW.plusSeconds(60)).get(); // forces a flush
            h.accept(pressure(NOW.plusSeconds(30), 0.40));
            h.accept(pressure(NOW.plusSeconds(59), 0.20));

            HistoryStore.History got = h.history("t1", "pi-1", "hydrant-1", NOW, NOW.plusSeconds(60)).get();

            assertThat(got.buckets()).singleElement().satisfies(b -> {
                assertThat(b.start()).isEqualTo(NOW);
                assertThat(b.min()).isEqualTo(0.20);
                assertThat(b.max()).isEqualTo(0.40);
                assertThat(b.mean()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(b.count()).isEqualTo(3);
            });
            assertThat(h.status().getLong("kept")).isEqualTo(3);
        }
    }
}
