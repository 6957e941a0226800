package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many devices publishing readings faster than a tiny telemetry lane takes them: no one is
 * disconnected, each connection is paused and resumed instead, every QoS 1 reading is stored once
 * and acknowledged, QoS 0 readings are held rather than dropped, and another device's fire alarm
 * gets through meanwhile.
 */
class MqttStoreHoldTest {

    static final int RECEIVE_MAXIMUM = 8;
    static final int V5_PUBLISHERS = 4;
    static final int V311_PUBLISHERS = 2;
    static final int QOS0_READINGS = 1_000;

    @TempDir
    Path dataDir;

    TestGateway gw;
    final ExecutorService publishers = Executors.newCachedThreadPool();
    final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        publishers.shutdownNow();
        try {
            for (AutoCloseable c : clients) {
                try {
                    c.close();
                } catch (Exception e) {
                    // a client the gateway disconnected, or one still waiting: the gateway is closed below anyway
                }
            }
        } finally {
            if (gw != null) {
                gw.close();
            }
        }
    }

    @Test
    void publishersOverATinyTelemetryLaneArePausedNotDisconnectedAndEveryReadingIsStoredOnce() throws Exception {
        // GIVEN a store whose telemetry lane takes 4 readings, and devices on MQTT 5, 3.1.1 and raw 3.1.1 QoS 0
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(RECEIVE_MAXIMUM))
                .withStore(StoreOptions.DEFAULTS.withLimits(Database.Limits.DEFAULTS.withTelemetryQueue(4))));
        gw.registerDevice("t1", "bystander");
        Mqtt5Device bystander = track(Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD));
        AtomicBoolean stop = new AtomicBoolean();
        List<Publisher> all = new ArrayList<>();
        for (int i = 0; i < V5_PUBLISHERS; i++) {
            all.add(new V5Publisher(register("v5-" + i)));
        }
        for (int i = 0; i < V311_PUBLISHERS; i++) {
            all.add(new V311Publisher(register("v311-" + i)));
        }
        gw.registerDevice("t1", "qos0");
        RawMqtt raw = RawMqtt.open(gw.gateway().mqttPort());
        clients.add(raw);
        assertThat(raw.connect(4, "qos0@t1", TestGateway.PASSWORD).code()).isZero();

        // WHEN they all publish without pause, QoS 1 up to the Receive Maximum each, and QoS 0 in one burst
        List<Future<?>> running = new ArrayList<>();
        for (Publisher p : all) {
            running.add(publishers.submit(() -> p.run(stop)));
        }
        running.add(publishers.submit(() -> {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int seq = 1; seq <= QOS0_READINGS; seq++) {
                burst.writeBytes(raw.publish("telemetry", 0, 0, Bodies.pressure(seq, 0.3)));
            }
            raw.send(burst.toByteArray());
            return null;
        }));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(() -> gw.metric("firegrid_mqtt_paused_connections") > 0);

        // THEN a fire alarm from another device is acknowledged and raised while connections are paused
        // (what is checked here is that the alarm does not wait for the held readings; the one-second
        // limit of SmokeCheck under a flood is MqttFloodTest's)
        try {
            double pausedBefore = gw.metric("firegrid_mqtt_paused_total");
            Mqtt5Device.Ack ack = bystander.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            assertThat(ack.reasonCode()).as("PUBACK of the smoke alarm").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor("bystander", "smoke-1").isPresent());
            assertThat(gw.metric("firegrid_mqtt_paused_connections") > 0
                    || gw.metric("firegrid_mqtt_paused_total") > pausedBefore)
                    .as("readings were still being held when the alarm was raised").isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.metric("firegrid_mqtt_resumed_total") >= 20);
        } finally {
            stop.set(true);
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }

        // AND every QoS 1 reading was acknowledged with success, and no one was disconnected
        long qos1 = 0;
        for (Publisher p : all) {
            assertThat(p.failures()).as("%s: refusals or failed publishes", p.name()).isEmpty();
            assertThat(p.acked()).as("%s: PUBACKs", p.name()).isEqualTo(p.published()).isPositive();
            assertThat(p.connected()).as("%s still connected", p.name()).isTrue();
            qos1 += p.published();
        }
        // AND each was stored once (no duplicates: nothing was sent again), the QoS 0 readings too
        long expected = qos1 + QOS0_READINGS;
        assertThat(gw.metric("firegrid_messages_total", "endpoint", "telemetry", "outcome", "stored"))
                .as("stored when the last PUBACK came").isGreaterThanOrEqualTo((double) qos1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                gw.metric("firegrid_messages_total", "endpoint", "telemetry", "outcome", "stored") == expected);
        assertThat(gw.metric("firegrid_messages_total", "outcome", "duplicate")).isZero();
        assertThat(raw.closedByGatewayWithin(Duration.ofMillis(200))).as("the QoS 0 device still connected").isFalse();
        // AND the lane did refuse, which the connections turned into pauses, none into a refusal
        assertThat(gw.metric("firegrid_mqtt_paused_total")).isPositive();
        assertThat(gw.metric("firegrid_refused_total", "code", "store-busy")).isZero();
        assertThat(gw.metric("firegrid_mqtt_hold_expired_total")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric("firegrid_mqtt_paused_connections") == 0);
    }

    @Test
    void aHoldThatOutlastsItsBoundEndsInServerBusyWithItsReason() throws Exception {
        // GIVEN readings held at most 1 s, a telemetry lane of 1, and a store whose writer is stuck
        // (another connection holds the file's write lock)
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withHoldSeconds(1))
                .withStore(StoreOptions.DEFAULTS.withLimits(Database.Limits.DEFAULTS.withTelemetryQueue(1))));
        Mqtt5Device v5 = track(Mqtt5Device.connect(gw.mqttUri(), register("v5") + "@t1", TestGateway.PASSWORD));
        RawMqtt v311 = RawMqtt.open(gw.gateway().mqttPort());
        clients.add(v311);
        assertThat(v311.connect(4, register("v311") + "@t1", TestGateway.PASSWORD).code()).isZero();
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + gw.gateway().dataDir().resolve(io.firegrid.gateway.storage.DataDirectory.STORE));
             java.sql.Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            // one reading taken by the writer (stuck on it), one filling the lane
            v5.publishAsync("telemetry", Bodies.pressure(1, 0.3), 1, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_in_flight") == 1
                    && gw.metric("firegrid_store_queue", "lane", "telemetry") == 0);
            v5.publishAsync("telemetry", Bodies.pressure(2, 0.3), 1, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_store_queue", "lane", "telemetry") == 1);

            // WHEN both devices send a reading the lane has no room for
            v5.publishAsync("telemetry", Bodies.pressure(3, 0.3), 1, null);
            v311.send(v311.publish("telemetry", 1, 1, Bodies.pressure(1, 0.3)));

            // THEN both are held, and after the bound the MQTT 5 device gets DISCONNECT 0x89 with the
            // reason, the 3.1.1 device is closed
            var disconnect = Mqtt5Device.await(v5.disconnected());
            assertThat(disconnect.getReturnCode()).as("server busy").isEqualTo(0x89);
            assertThat(disconnect.getReasonString()).contains("no room", "1 s", MqttLimits.HOLD_SECONDS.name());
            assertThat(v311.closedByGatewayWithin(Duration.ofSeconds(5))).isTrue();
            st.execute("ROLLBACK");
        }
        assertThat(gw.metric("firegrid_mqtt_paused_total")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_mqtt_hold_expired_total")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "store-busy")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_mqtt_paused_connections")).isZero();
    }

    private String register(String device) {
        gw.registerDevice("t1", device);
        return device;
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    /** A device publishing QoS 1 readings until told to stop, at most the Receive Maximum unacknowledged. */
    abstract class Publisher {
        final String name;
        final Semaphore window = new Semaphore(RECEIVE_MAXIMUM);
        final AtomicInteger published = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        Publisher(String name) {
            this.name = name;
        }

        abstract void publish(int seq) throws Exception;

        abstract boolean connected();

        Void run(AtomicBoolean stop) throws Exception {
            int seq = 0;
            while (!stop.get() && failures.isEmpty()) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                published.incrementAndGet();
                publish(++seq);
            }
            assertThat(window.tryAcquire(RECEIVE_MAXIMUM, 30, TimeUnit.SECONDS)).as("%s: every PUBACK came", name).isTrue();
            return null;
        }

        void answered(String failure) {
            if (failure == null) {
                acked.incrementAndGet();
            } else {
                failures.add(failure);
            }
            window.release();
        }

        String name() {
            return name;
        }

        int published() {
            return published.get();
        }

        int acked() {
            return acked.get();
        }

        List<String> failures() {
            return failures;
        }
    }

    final class V5Publisher extends Publisher {
        final Mqtt5Device device;

        V5Publisher(String name) throws Exception {
            super(name);
            device = track(Mqtt5Device.connect(gw.mqttUri(), name + "@t1", TestGateway.PASSWORD));
        }

        @Override
        void publish(int seq) throws Exception {
            device.publishAsync("telemetry", Bodies.pressure(seq, 0.3), 1, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    int code = codes == null || codes.length == 0 ? 0 : codes[0];
                    answered(code < 0x80 ? null : "PUBACK 0x" + Integer.toHexString(code));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable t) {
                    answered(String.valueOf(t));
                }
            });
        }

        @Override
        boolean connected() {
            return device.isConnected() && !device.disconnected().isDone();
        }
    }

    final class V311Publisher extends Publisher {
        final MqttAsyncClient client;
        final AtomicReference<Throwable> lost = new AtomicReference<>();

        V311Publisher(String name) throws Exception {
            super(name);
            client = new MqttAsyncClient(gw.mqttUri(), name + "-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setUserName(name + "@t1");
            o.setPassword(TestGateway.PASSWORD.toCharArray());
            o.setMaxInflight(RECEIVE_MAXIMUM);
            o.setAutomaticReconnect(false);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(o).waitForCompletion(10_000);
            clients.add(() -> {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close(true);
            });
        }

        @Override
        void publish(int seq) throws Exception {
            MqttMessage m = new MqttMessage(Bodies.pressure(seq, 0.3));
            m.setQos(1);
            client.publish("telemetry", m, null, new IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    answered(null);
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable t) {
                    answered(String.valueOf(t));
                }
            });
        }

        @Override
        boolean connected() {
            return client.isConnected() && lost.get() == null;
        }
    }
}
