package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SmallDisk;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices that send many messages without waiting (as an edge agent replaying its outbox does)
 * to a gateway whose disk is low, then full (a small tmpfs the test mounts; root only, else
 * skipped saying why), with Paho's MQTT 3.1.1 and MQTT 5 clients. The gateway refuses the first
 * message it cannot store and closes the connection (3.1.1) or disconnects it (5, 0x89); the
 * messages the device had already sent arrive behind that close. Those are the tail of a refusal
 * counted once under its own code ({@code disk-low}, {@code disk-full}), not bad packets: before,
 * each was counted as {@code bad-packet} (thousands in the long full-disk runs of the fault
 * harness, none of them malformed).
 */
class MqttFullDiskRefusalTest {

    static final int DEVICES = 4;
    static final int MESSAGES = 40;

    @TempDir
    Path dir;

    @Test
    void messagesAlreadySentBehindARefusalForTheDiskAreNotCountedAsBadPackets() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 32)) {
            var config = TestGateway.config(disk.path().resolve("data"));
            config = config.withStore(config.store().withLimits(Database.Limits.DEFAULTS.withTelemetryReserveBytes(4L << 20)));
            try (TestGateway gw = TestGateway.wrap(Gateway.start(config))) {
                for (int i = 0; i < DEVICES; i++) {
                    gw.registerDevice("t1", "pi-" + i);
                }
                gw.registerDevice("t1", "pi-calm");
                Mqtt5Device calm = Mqtt5Device.connect(gw.mqttUri(), "pi-calm@t1", TestGateway.PASSWORD);

                // GIVEN the disk below the reserve: readings are refused
                disk.fillLeaving(2L << 20);
                await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).getJsonArray("reasons").encode()
                        .contains("disk low"));

                // WHEN devices send bursts of readings without waiting for their PUBACKs
                AtomicInteger outstanding = new AtomicInteger();
                List<AutoCloseable> clients = burst(gw, "telemetry", seq -> Bodies.pressure(seq, 0.3), outstanding);
                await().atMost(Duration.ofSeconds(20)).until(() -> outstanding.get() == 0);

                // THEN each is refused for the disk, and nothing behind a refusal counts as a bad packet
                assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "disk-low")).isPositive();
                // and a device sending an event meanwhile is unharmed: events are stored below the reserve
                assertThat(calm.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
                calm.close();

                // WHEN the disk is full to the last byte and the devices burst events
                disk.fill();
                for (AutoCloseable c : clients) {
                    c.close();
                }
                clients = burst(gw, "event", seq -> Bodies.smoke(100 + seq, "smoke-1", seq % 2 == 0 ? "alarm" : "normal"),
                        outstanding);
                await().atMost(Duration.ofSeconds(20)).until(() -> outstanding.get() == 0);

                // THEN still no bad packet: whatever the devices had sent after a refusal was dropped uncounted
                double refused = gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "disk-low")
                        + gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "disk-full");
                assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "bad-packet"))
                        .as("bad packets, with %.0f refusals for the disk", refused).isZero();
                for (AutoCloseable c : clients) {
                    c.close();
                }
            }
        }
    }

    /**
     * Half the devices on MQTT 3.1.1, half on MQTT 5, each publishing {@link #MESSAGES} QoS 1
     * messages at once (as many as Paho lets it have in flight); {@code outstanding} counts those
     * not yet acknowledged or failed.
     */
    private static List<AutoCloseable> burst(TestGateway gw, String topic, LongFunction<byte[]> body,
                                             AtomicInteger outstanding) throws Exception {
        List<AutoCloseable> clients = new ArrayList<>();
        org.eclipse.paho.client.mqttv3.IMqttActionListener v3Done = new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
            @Override
            public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                outstanding.decrementAndGet();
            }

            @Override
            public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable t) {
                outstanding.decrementAndGet();
            }
        };
        org.eclipse.paho.mqttv5.client.MqttActionListener v5Done = new org.eclipse.paho.mqttv5.client.MqttActionListener() {
            @Override
            public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                outstanding.decrementAndGet();
            }

            @Override
            public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable t) {
                outstanding.decrementAndGet();
            }
        };
        for (int i = 0; i < DEVICES; i++) {
            String authId = "pi-" + i + "@t1";
            if (i % 2 == 0) {
                MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), authId + "-" + System.nanoTime(), new MemoryPersistence());
                MqttConnectOptions o = new MqttConnectOptions();
                o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                o.setUserName(authId);
                o.setPassword(TestGateway.PASSWORD.toCharArray());
                o.setMaxInflight(MESSAGES);
                c.connect(o).waitForCompletion(10_000);
                clients.add(new V311(c));
                for (long seq = 1; seq <= MESSAGES; seq++) {
                    outstanding.incrementAndGet();
                    try {
                        c.publish(topic, body.apply(seq), 1, false, null, v3Done);
                    } catch (org.eclipse.paho.client.mqttv3.MqttException closed) {
                        outstanding.decrementAndGet();
                        break; // the gateway refused an earlier one and closed the connection
                    }
                }
            } else {
                Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), authId, TestGateway.PASSWORD);
                clients.add(d);
                for (long seq = 1; seq <= MESSAGES; seq++) {
                    outstanding.incrementAndGet();
                    try {
                        d.publishAsync(topic, body.apply(seq), 1, v5Done);
                    } catch (org.eclipse.paho.mqttv5.common.MqttException refusedOrFull) {
                        outstanding.decrementAndGet();
                        break; // disconnected by the gateway, or the Receive Maximum in flight
                    }
                }
            }
        }
        return clients;
    }

    private static JsonObject health(TestGateway gw) {
        return new JsonObject(gw.get("/health").body());
    }

    /** A Paho MQTT 3.1.1 client, closed with the others. */
    private record V311(MqttAsyncClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000);
            }
            client.close(true);
        }
    }
}
