package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An InfluxDB that accepts connections and never answers (a hung server, the worst case for a
 * client): devices' events are still acknowledged and raise their alarms, and the sink's accept
 * returns at once, dropping and counting what its queue cannot hold.
 */
class SlowInfluxDoesNotSlowIngestTest {

    @TempDir
    Path tmp;

    ServerSocket hung;
    final List<Socket> held = new ArrayList<>();
    Thread acceptor;

    @BeforeEach
    void startAServerThatNeverAnswers() throws IOException {
        hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!hung.isClosed()) {
                try {
                    held.add(hung.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                    return;
                }
            }
        }, "hung-influx");
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        hung.close();
        for (Socket s : held) {
            s.close();
        }
        acceptor.join(5_000);
    }

    TelemetryConfig config(Duration timeout, int batch) {
        TelemetryConfig.Influx influx = new TelemetryConfig.Influx(TelemetryConfig.Api.V1,
                "http://127.0.0.1:" + hung.getLocalPort(), "firegrid", null, null, null, null, null, null, timeout);
        return TelemetryConfig.defaults().withInflux(influx).withBatching(batch, Duration.ofMillis(20));
    }

    @Test
    void eventsAreAcknowledgedAndRaiseAlarmsWhileInfluxHangs() throws Exception {
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config(Duration.ofSeconds(2), 100))) {
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                for (int seq = 1; seq <= 200; seq++) {
                    assertThat(d.publish("telemetry", Bodies.pressure(seq, 0.32), 1).accepted()).isTrue();
                }
                assertThat(d.publish("event", Bodies.smoke(201, "smoke-1", "alarm"), 1).accepted()).isTrue();
            }

            assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonObject t = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
                assertThat(t.getBoolean("reachable")).isFalse();
                assertThat(t.getString("lastError")).containsIgnoringCase("timeout");
                assertThat(t.getLong("buffered")).isPositive();
            });
        }
    }

    @Test
    void acceptNeverWaitsAndCountsWhatTheQueueCannotHold() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int total = InfluxSink.DEFAULT_QUEUE_POINTS + 50_000;
        // the sink's thread is stuck in its first write for 10 s, so the queue fills
        try (InfluxSink sink = InfluxSink.create(config(Duration.ofSeconds(10), 5_000), tmp.resolve("buffer"), meters)) {
            Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
            for (int i = 0; i < total; i++) {
                sink.accept(new Point("pressure", Map.of("device", "pi-1"), Map.of("value", 0.3), t0.plusMillis(i)));
            }

            double queueFull = meters.counter("firegrid.telemetry.dropped", "reason", "queue-full").count();
            assertThat(queueFull).isPositive();
            assertThat(sink.status().getLong("dropped")).isGreaterThanOrEqualTo((long) queueFull);
            assertThat(sink.queued() + (long) queueFull).isLessThanOrEqualTo(total);
        }
    }

    @Test
    void aBatchOnItsWayIsShownAsWritingUntilItIsBuffered() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // the first write hangs for 3 s (the server never answers), then the batch goes to disk
        try (InfluxSink sink = InfluxSink.create(config(Duration.ofSeconds(3), 100), tmp.resolve("buffer"), meters)) {
            Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
            for (int i = 0; i < 40; i++) {
                sink.accept(new Point("pressure", Map.of("device", "pi-1"), Map.of("value", 0.3), t0.plusMillis(i)));
            }

            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonObject t = sink.status();
                assertThat(t.getLong("queued")).isZero();
                assertThat(t.getLong("writing")).isEqualTo(40);
                assertThat(t.getLong("buffered")).isZero();
            });
            assertThat(meters.get("firegrid.telemetry.writing.points").gauge().value()).isEqualTo(40.0);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonObject t = sink.status();
                assertThat(t.getLong("buffered")).isEqualTo(40);
                assertThat(t.getLong("writing")).isZero();
                assertThat(t.getLong("queued")).isZero();
            });
            assertThat(sink.status().getLong("written")).isZero();
            assertThat(sink.status().getLong("dropped")).isZero();
        }
    }
}
