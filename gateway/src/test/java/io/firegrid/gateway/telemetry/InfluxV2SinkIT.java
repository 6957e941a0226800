package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.VictoriaMetrics;
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

/**
 * Telemetry written through the InfluxDB v2 write API (token, org, bucket) into Debian's real
 * victoria-metrics, which serves {@code /api/v2/write}; read back through its export API.
 */
class InfluxV2SinkIT {

    @TempDir
    Path tmp;

    VictoriaMetrics vm;

    @BeforeEach
    void startVictoriaMetrics() {
        vm = VictoriaMetrics.start(tmp.resolve("vm"));
    }

    @AfterEach
    void stopVictoriaMetrics() {
        vm.close();
    }

    TelemetryConfig config() {
        return TelemetryConfig.defaults().withInflux(TelemetryConfig.Influx.v2(vm.url(), "it-token", "it-org", "firegrid"))
                .withBatching(500, Duration.ofMillis(50)).withRetry(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    static int samples(List<JsonObject> series) {
        return series.stream().mapToInt(s -> s.getJsonArray("values").size()).sum();
    }

    @Test
    void readingsAndStateChangesFromAnMqttDeviceAreReadBackWithTheirTags() throws Exception {
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config())) {
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(device.publish("telemetry", Bodies.pressure(1, 0.32), 1).accepted()).isTrue();
                assertThat(device.publish("telemetry", Bodies.pressure(2, 0.27), 1).accepted()).isTrue();
                assertThat(device.publish("event", Bodies.door(3, "open"), 1).accepted()).isTrue();
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(samples(vm.export("pressure_value{device=\"pi-1\"}"))).isEqualTo(2));
            JsonObject pressure = vm.export("pressure_value{device=\"pi-1\"}").get(0);
            assertThat(pressure.getJsonArray("values").getList()).containsExactly(0.32, 0.27);
            JsonObject labels = pressure.getJsonObject("metric");
            assertThat(labels.getString("tenant")).isEqualTo("t1");
            assertThat(labels.getString("site")).isEqualTo("site-1");
            assertThat(labels.getString("sensor")).isEqualTo("hydrant-1");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    vm.export("event_level{kind=\"door\",device=\"pi-1\",zone=\"A\"}")).singleElement()
                    .satisfies(s -> assertThat(s.getJsonArray("values").getList()).containsExactly(1)));
            JsonObject health = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
            assertThat(health.getString("sink")).isEqualTo("influx-v2 " + vm.url() + " org=it-org bucket=firegrid");
            assertThat(health.getLong("dropped")).isZero();
        }
    }

    @Test
    void nothingIsLostWhenTheServerStopsMidStreamAndComesBack() throws Exception {
        int total = 30_000;
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        try (InfluxSink sink = InfluxSink.create(config(), tmp.resolve("buffer"), new SimpleMeterRegistry())) {
            for (int i = 0; i < total; i++) {
                if (i == total / 3) {
                    vm.stop();
                }
                if (i == 2 * total / 3) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> sink.status().getLong("buffered") > 0);
                    assertThat(sink.status().getBoolean("reachable")).isFalse();
                    vm.start();
                }
                sink.accept(new Point("pressure", Map.of("device", "pi-" + (i % 10), "sensor", "hydrant-1"),
                        Map.of("value", (double) i), t0.plusMillis(i)));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(samples(vm.export("pressure_value"))).isEqualTo(total));
            double sum = vm.export("pressure_value").stream().flatMap(s -> s.getJsonArray("values").stream())
                    .mapToDouble(v -> ((Number) v).doubleValue()).sum();
            assertThat(sum).isEqualTo((double) total * (total - 1) / 2);
            assertThat(sink.status().getLong("dropped")).isZero();
        }
        assertThat(tmp.resolve("buffer")).isEmptyDirectory();
    }
}
