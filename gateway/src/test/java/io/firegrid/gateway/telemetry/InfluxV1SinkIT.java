package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Influxd;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry written through the InfluxDB v1 API into Debian's real influxd, read back with InfluxQL. */
class InfluxV1SinkIT {

    static final String DB = "firegrid_it";

    @TempDir
    Path tmp;

    Influxd influxd;

    @BeforeEach
    void startInfluxd() {
        influxd = Influxd.start(tmp.resolve("influxd"));
        influxd.createDatabase(DB);
    }

    @AfterEach
    void stopInfluxd() {
        influxd.close();
    }

    TelemetryConfig config() {
        return TelemetryConfig.defaults().withInflux(TelemetryConfig.Influx.v1(influxd.url(), DB))
                .withBatching(500, Duration.ofMillis(50)).withRetry(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void readingsEventsAndAlarmsFromAnMqttDeviceAreReadBackWithTheirTags() throws Exception {
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config())) {
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(device.publish("telemetry", Bodies.pressure(1, 0.32), 1).accepted()).isTrue();
                assertThat(device.publish("telemetry", Bodies.pressure(2, 0.31), 1).accepted()).isTrue();
                assertThat(device.publish("event", Bodies.door(3, "open"), 1).accepted()).isTrue();
                assertThat(device.publish("event", Bodies.smoke(4, "smoke-1", "alarm"), 1).accepted()).isTrue();
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    influxd.rows(DB, "SELECT value FROM pressure WHERE device='pi-1'")).hasSize(2));
            List<List<Object>> pressure = influxd.rows(DB,
                    "SELECT value, tenant, site, sensor FROM pressure WHERE device='pi-1'");
            assertThat(pressure).extracting(r -> ((Number) r.get(1)).doubleValue()).containsExactly(0.32, 0.31);
            assertThat(pressure.get(0).subList(2, 5)).containsExactly("t1", "site-1", "hydrant-1");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    influxd.rows(DB, "SELECT state, level, zone FROM event WHERE kind='door' AND device='pi-1'"))
                    .extracting(r -> r.subList(1, 4)).containsExactly(List.of("open", 1, "A")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    influxd.rows(DB, "SELECT id, \"class\", \"state\", zone FROM alarm WHERE sensor='smoke-1'"))
                    .extracting(r -> r.subList(2, 5)).contains(List.of("fire", "raised", "A")));
            assertThat(influxd.rows(DB, "SELECT count(seq) FROM heartbeat WHERE device='pi-1'"))
                    .extracting(r -> ((Number) r.get(1)).intValue()).containsExactly(4);

            JsonObject health = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
            assertThat(health.getString("sink")).startsWith("influx-v1 " + influxd.url());
            assertThat(health.getBoolean("reachable")).isTrue();
            assertThat(gw.metric("firegrid_telemetry_written_total", "sink", "influx")).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void nothingIsLostWhenInfluxdStopsMidStreamAndComesBack() throws Exception {
        int total = 30_000;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        try (InfluxSink sink = InfluxSink.create(config(), tmp.resolve("buffer"), meters)) {
            for (int i = 0; i < total; i++) {
                if (i == total / 3) {
                    influxd.stop();
                }
                if (i == 2 * total / 3) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> sink.status().getLong("buffered") > 0);
                    assertThat(sink.status().getBoolean("reachable")).isFalse();
                    influxd.start();
                }
                sink.accept(new Point("pressure", Map.of("device", "pi-" + (i % 10), "sensor", "hydrant-1"),
                        Map.of("value", (double) i), t0.plusMillis(i)));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    influxd.rows(DB, "SELECT count(value) FROM pressure")).extracting(r -> ((Number) r.get(1)).intValue())
                    .containsExactly(total));
            // every value arrived once: the sum of 0..total-1
            assertThat(influxd.rows(DB, "SELECT sum(value) FROM pressure"))
                    .extracting(r -> ((Number) r.get(1)).longValue()).containsExactly((long) total * (total - 1) / 2);
            assertThat(sink.status().getLong("dropped")).isZero();
            assertThat(sink.status().getLong("buffered")).isZero();
            assertThat(sink.status().getBoolean("reachable")).isTrue();
        }
        assertThat(tmp.resolve("buffer")).isEmptyDirectory();
    }

    @Test
    void pointsBeyondTheBufferBoundAreDroppedOldestFirstAndCountedInMetricsAndHealth() throws Exception {
        TelemetryConfig small = config().withBufferBytes(16 * 1024).withBatching(50, Duration.ofMillis(20));
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), small)) {
            gw.registerDevice("t1", "pi-1");
            influxd.stop();
            int messages = 600;
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                for (int seq = 1; seq <= messages; seq++) {
                    assertThat(device.publish("telemetry", Bodies.pressure(seq, 0.30 + seq / 100_000.0), 1).accepted()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.metric("firegrid_telemetry_dropped_total",
                    "reason", "buffer-full") > 0);
            JsonObject health = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
            assertThat(health.getLong("dropped")).isPositive();
            assertThat(health.getBoolean("reachable")).isFalse();
            assertThat(health.getLong("bufferedBytes")).isPositive().isLessThanOrEqualTo(16 * 1024L);
            assertThat(health.getString("lastError")).isNotBlank();

            influxd.start();
            // two points per message: the reading and the heartbeat; with the MQTT connection's
            // online/offline event, every point is either written or dropped
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject h = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
                assertThat(h.getLong("buffered")).isZero();
                assertThat(h.getLong("written") + h.getLong("dropped")).isEqualTo(2L * messages + 2);
            });
            long dropped = (long) gw.metric("firegrid_telemetry_dropped_total", "reason", "buffer-full");
            long pressureKept = ((Number) influxd.rows(DB, "SELECT count(value) FROM pressure").get(0).get(1)).longValue();
            assertThat(pressureKept).isLessThan(messages).isPositive();
            // the oldest were dropped: the newest reading is there
            assertThat(influxd.rows(DB, "SELECT last(value) FROM pressure"))
                    .extracting(r -> ((Number) r.get(1)).doubleValue()).containsExactly(0.30 + messages / 100_000.0);
            assertThat(dropped).isPositive();
        }
    }

    @Test
    void pointsBufferedWhenTheGatewayStopsAreWrittenAfterItsRestart() throws Exception {
        influxd.stop();
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config())) {
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                for (int seq = 1; seq <= 50; seq++) {
                    assertThat(device.publish("telemetry", Bodies.pressure(seq, 0.30 + seq / 1000.0), 1).accepted()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    new JsonObject(gw.get("/health").body()).getJsonObject("telemetry").getLong("buffered") >= 100);
        }
        assertThat(tmp.resolve("gw/telemetry-buffer")).isNotEmptyDirectory();

        influxd.start();
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    influxd.rows(DB, "SELECT value FROM pressure WHERE device='pi-1'"))
                    .extracting(r -> ((Number) r.get(1)).doubleValue()).hasSize(50).startsWith(0.301).endsWith(0.35));
            assertThat(new JsonObject(gw.get("/health").body()).getJsonObject("telemetry").getLong("dropped")).isZero();
        }
    }

    @Test
    void pointsForADatabaseNotYetCreatedWaitInTheBufferAndArriveOnceItIs() throws Exception {
        TelemetryConfig config = config().withInflux(TelemetryConfig.Influx.v1(influxd.url(), "created_later"));
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        try (InfluxSink sink = InfluxSink.create(config, tmp.resolve("buffer"), new SimpleMeterRegistry())) {
            for (int i = 0; i < 100; i++) {
                sink.accept(new Point("pressure", Map.of("device", "pi-1"), Map.of("value", (double) i), t0.plusMillis(i)));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sink.status().getLong("buffered")).isEqualTo(100);
                assertThat(sink.status().getString("lastError")).contains("database not found");
            });

            influxd.createDatabase("created_later");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    influxd.rows("created_later", "SELECT count(value) FROM pressure"))
                    .extracting(r -> ((Number) r.get(1)).intValue()).containsExactly(100));
            assertThat(sink.status().getLong("dropped")).isZero();
        }
    }

    @Test
    void aBatchInfluxdRefusesAsAFieldTypeConflictIsDroppedCountedAndTheNextOnesGoOn() throws Exception {
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        influxd.write(DB, "pressure,device=pi-0 value=\"not a number\" " + t0.toEpochMilli());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (InfluxSink sink = InfluxSink.create(config(), tmp.resolve("buffer"), meters)) {
            sink.accept(new Point("pressure", Map.of("device", "pi-1"), Map.of("value", 0.3), t0.plusMillis(1)));
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.status().getLong("dropped") == 1);
            assertThat(meters.counter("firegrid.telemetry.dropped", "reason", "rejected").count()).isEqualTo(1);
            assertThat(sink.status().getString("lastError")).contains("field type conflict");

            sink.accept(new Point("door_test", Map.of("device", "pi-1"), Map.of("open", 1L), t0.plusMillis(2)));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(influxd.rows(DB, "SELECT open FROM door_test")).hasSize(1));
            assertThat(sink.status().getLong("buffered")).isZero();
            assertThat(sink.status().getBoolean("reachable")).isTrue();
        }
    }
}
