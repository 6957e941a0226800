package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One registered device pipelining QoS 0 readings as fast as a socket takes them: the store's
 * telemetry lane stays bounded, the flood is shed, and meanwhile another device's smoke alarms are
 * acknowledged and reach the live stream within a second each, with {@code /health} answering.
 */
class TelemetryFloodTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeviceFloodingReadingsCannotDelayAnotherDevicesSmokeAlarm() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            gw.registerDevice("t1", "flood");
            gw.registerDevice("t1", "probe");
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            Thread flood = new Thread(() -> flood(gw, flooding, sent), "flood");
            flood.setDaemon(true);

            try (SseClient stream = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN));
                 Mqtt5Device probe = Mqtt5Device.connect(gw.mqttUri(), "probe@t1", TestGateway.PASSWORD)) {
                stream.next(Duration.ofSeconds(10)); // snapshot
                // GIVEN a device flooding the gateway with readings
                flood.start();
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (sent.get() < 20_000 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }

                // WHEN another device's detector alarms, again and again, during the flood
                List<Long> toStream = new ArrayList<>();
                int maxTelemetryQueued = 0;
                for (int i = 1; i <= 10; i++) {
                    long t0 = System.nanoTime();
                    String sensor = i % 2 == 1 ? "smoke-1" : "smoke-2";
                    Mqtt5Device.Ack ack = probe.publish("event", Bodies.smoke(i, sensor, i <= 2 ? "alarm" : "normal"), 1);
                    assertThat(ack.reasonCode()).as("smoke event %d acknowledged", i).isZero();
                    if (i <= 2) {
                        SseClient.Frame frame = stream.next(Duration.ofSeconds(1));
                        assertThat(frame.data()).contains("\"" + sensor + "\"");
                        toStream.add((System.nanoTime() - t0) / 1_000_000);
                    }
                    var health = gw.get("/health");
                    JsonObject h = new JsonObject(health.body());
                    assertThat(h.getString("status")).as("health during the flood: %s", h).isNotEqualTo("down");
                    maxTelemetryQueued = Math.max(maxTelemetryQueued, h.getJsonObject("store").getInteger("telemetryQueue"));
                    assertThat(h.getJsonObject("store").getInteger("telemetryQueue"))
                            .isLessThanOrEqualTo(h.getJsonObject("store").getInteger("telemetryQueueLimit"));
                }

                // THEN each alarm reached the stream within a second, the flood was bounded
                assertThat(toStream).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
                assertThat(gw.openAlarmFor("probe", "smoke-1")).isPresent();
                assertThat(gw.openAlarmFor("probe", "smoke-2")).isPresent();
            } finally {
                flooding.set(false);
                flood.join(10_000);
            }
            assertThat(sent.get()).as("the flood ran").isGreaterThanOrEqualTo(20_000);
        }
    }

    /** MQTT 3.1.1 over a plain socket: CONNECT, then QoS 0 PUBLISHes back to back, reconnecting when closed. */
    private static void flood(TestGateway gw, AtomicBoolean flooding, AtomicLong sent) {
        int port = Integer.parseInt(gw.mqttUri().substring(gw.mqttUri().lastIndexOf(':') + 1));
        long seq = 0;
        while (flooding.get()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(connect("flood@t1", TestGateway.PASSWORD));
                byte[] connack = s.getInputStream().readNBytes(4);
                if (connack.length < 4 || connack[3] != 0) {
                    return;
                }
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                while (flooding.get()) {
                    chunk.reset();
                    for (int i = 0; i < 100; i++) {
                        chunk.write(publish("telemetry", Bodies.pressure(++seq, 0.31)));
                    }
                    out.write(chunk.toByteArray());
                    sent.addAndGet(100);
                }
            } catch (IOException closedByTheGateway) {
                // shed: connect again, as a device would
            }
        }
    }

    private static byte[] connect(String user, String password) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60});
        string(v, "flood-client");
        string(v, user);
        string(v, password);
        return packet(0x10, v.toByteArray());
    }

    private static byte[] publish(String topic, byte[] body) throws IOException {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, topic);
        v.write(body);
        return packet(0x30, v.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    private static byte[] packet(int type, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = rest.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(rest);
        return out.toByteArray();
    }
}
