package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.AmqpPeerClient;
import io.firegrid.gateway.support.ArtemisBroker;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.PahoCallback;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway northbound against a real AMQP 1.0 peer standing in for Hono's AMQP adapter: Apache
 * ActiveMQ Artemis 2.40.0, started as its own process on a free loopback port, with SASL PLAIN.
 * The city platform's side is a plain vertx-proton client reading the queues the gateway's
 * messages land on and putting commands where Hono's adapter would hand them to the gateway.
 *
 * <p>The outage lasts {@code -Dfiregrid.hono.outageSeconds} (default 60, set in gateway/pom.xml).
 */
class HonoArtemisIT {

    static final String GATEWAY = "gw-1@t1";
    static final String SECRET = "gateway-secret";

    @TempDir
    static Path brokerDir;
    static ArtemisBroker artemis;

    @TempDir
    Path dataDir;
    TestGateway gw;
    AmqpPeerClient platform;

    @BeforeAll
    static void startArtemis() throws Exception {
        artemis = ArtemisBroker.create(brokerDir, GATEWAY, SECRET);
        artemis.start();
    }

    @AfterAll
    static void stopArtemis() throws Exception {
        artemis.close();
    }

    @BeforeEach
    void startGateway() throws Exception {
        HonoConfig hono = HonoConfig.to("127.0.0.1", artemis.port(), GATEWAY, SECRET)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2));
        gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withHono(hono)));
        platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET);
        await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway().hono().orElseThrow().connected());
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (platform != null) {
            platform.close();
        }
        gw.close();
    }

    @Test
    void telemetryEventsAndAlarmsArriveAtTheDevicesAddressesWithTheirContentTypes() throws Exception {
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t2", "pi-9");
        String readings = "{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":1,\"readings\":[{\"sensor\":\"hydrant-1\","
                + "\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}";
        String smoke = "{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":2,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}";
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
             Mqtt5Device other = Mqtt5Device.connect(gw.mqttUri(), "pi-9@t2", TestGateway.PASSWORD)) {
            assertThat(pi.publish("telemetry", readings.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
            assertThat(pi.publish("event", smoke.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
            assertThat(other.publish("telemetry", readings.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
        }

        Message telemetry = platform.receive("telemetry/t1/pi-1", 1, Duration.ofSeconds(20)).get(0);
        assertThat(telemetry.getAddress()).isEqualTo("telemetry/t1/pi-1");
        assertThat(telemetry.getContentType()).isEqualTo(HonoConnector.READINGS_TYPE);
        assertThat(telemetry.getCreationTime()).isPositive();
        assertThat(body(telemetry)).isEqualTo(readings);

        List<Message> events = platform.receive("event/t1/pi-1", 2, Duration.ofSeconds(20));
        assertThat(events).extracting(Message::getAddress).containsOnly("event/t1/pi-1");
        assertThat(events).extracting(Message::getContentType).containsExactly(HonoConnector.EVENT_TYPE, HonoConnector.ALARM_TYPE);
        assertThat(body(events.get(0))).isEqualTo(smoke);
        JsonObject alarm = new JsonObject(body(events.get(1)));
        assertThat(alarm.getString("class")).isEqualTo("fire");
        assertThat(alarm.getString("state")).isEqualTo("raised");
        assertThat(alarm.getString("sensor")).isEqualTo("smoke-1");

        String metrics = gw.get("/metrics").body();
        assertThat(metrics).contains("firegrid_hono_forwarded_total{kind=\"telemetry\"} 1.0")
                .contains("firegrid_hono_forwarded_total{kind=\"event\"} 1.0")
                .contains("firegrid_hono_forwarded_total{kind=\"alarm\"} 1.0")
                .contains("firegrid_hono_skipped_total{reason=\"other-tenant\"} 1.0");
        JsonObject hono = new JsonObject(gw.get("/health").body()).getJsonObject("hono");
        assertThat(hono.getBoolean("connected")).isTrue();
        assertThat(hono.getJsonObject("buffered").getLong("telemetry")).isZero();
    }

    @Test
    void commandFromHonoReachesTheDeviceOverMqttAndItsAnswerGoesBack() throws Exception {
        gw.registerDevice("t1", "panel-2");
        CompletableFuture<String> received = new CompletableFuture<>();
        MqttClient panel = new MqttClient(gw.mqttUri(), "panel-2-" + System.nanoTime(), new MemoryPersistence());
        panel.setCallback(PahoCallback.onMessage((topic, m) -> {
            received.complete(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            panel.publish("command///res/" + topic.split("/")[4] + "/200",
                    "{\"sounding\":true}".getBytes(StandardCharsets.UTF_8), 1, false);
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("panel-2@t1");
        o.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        panel.connect(o);
        panel.subscribe("command///req/#", 1);
        try {
            platform.send("command", command("t1", "panel-2", "sound-alarm", "cmd-1", "r-1", "{\"seconds\":30}"));

            assertThat(received.get(20, TimeUnit.SECONDS)).matches("command///req/[0-9a-f]{16}/sound-alarm \\{\"seconds\":30}");
            Message response = platform.receive("command_response/t1/panel-2/r-1", 1, Duration.ofSeconds(20)).get(0);
            assertThat(response.getCorrelationId()).isEqualTo("cmd-1");
            assertThat(response.getApplicationProperties().getValue().get("status")).isEqualTo(200);
            assertThat(body(response)).isEqualTo("{\"sounding\":true}");
        } finally {
            panel.disconnect();
            panel.close();
        }
    }

    @Test
    void commandsToAnOfflineDeviceAndMalformedCommandsAreAnsweredWithTheReason() throws Exception {
        gw.registerDevice("t1", "panel-3");
        platform.send("command", command("t1", "panel-3", "sound-alarm", "cmd-2", "r-2", "{}"));
        platform.send("command", command("t2", "panel-3", "sound-alarm", "cmd-3", "r-3", "{}"));
        platform.send("command", command("t1", "panel-3", "sound alarm", "cmd-4", "r-4", "{}"));

        assertThat(answer("command_response/t1/panel-3/r-2", "cmd-2")).isEqualTo("503 device-offline");
        assertThat(answer("command_response/t2/panel-3/r-3", "cmd-3")).isEqualTo("403 other-tenant");
        assertThat(answer("command_response/t1/panel-3/r-4", "cmd-4")).isEqualTo("400 bad-command");
    }

    @Test
    void commandToTheGatewayItselfPutsASiteInDrill() throws Exception {
        gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"S\",\"location\":{\"lat\":31.2,\"lon\":121.4}}");
        gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"c3\",\"station\":\"S\"}");
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"b7\",\"name\":\"B7\",\"cell\":\"c3\",\"building\":\"7\"}")
                .statusCode()).isEqualTo(201);

        platform.send("command", command("t1", "gw-1", "drill", "cmd-5", "r-5", "{\"site\":\"b7\",\"minutes\":30}"));
        platform.send("command", command("t1", "gw-1", "drill", "cmd-6", "r-6", "{\"site\":\"nowhere\"}"));
        platform.send("command", command("t1", "gw-1", "silence", "cmd-7", "r-7", "{\"station\":\"S\"}"));

        Message ok = platform.receive("command_response/t1/gw-1/r-5", 1, Duration.ofSeconds(20)).get(0);
        assertThat(ok.getApplicationProperties().getValue().get("status")).isEqualTo(200);
        assertThat(new JsonObject(gw.get("/api/v1/sites/t1/b7").body()).getBoolean("drill")).isTrue();
        assertThat(answer("command_response/t1/gw-1/r-6", "cmd-6")).startsWith("404 ");
        assertThat(answer("command_response/t1/gw-1/r-7", "cmd-7")).isEqualTo("404 no-panels");
    }

    @Test
    void aLiveStreamArrivesOnceEachAndInOrderWithItsEvents() throws Exception {
        // GIVEN a device publishing readings, with a door event every 100th message, 20 awaiting PUBACK at a
        // time, while the gateway is connected: copies from the journal go out as they are buffered
        int total = 1_000;
        gw.registerDevice("t1", "pi-5");
        List<Long> readingSeqs = new java.util.ArrayList<>();
        List<Long> eventSeqs = new java.util.ArrayList<>();
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(20);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-5@t1", TestGateway.PASSWORD)) {
            for (int seq = 1; seq <= total; seq++) {
                boolean event = seq % 100 == 0;
                (event ? eventSeqs : readingSeqs).add((long) seq);
                String body = event
                        ? "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"sensor\":\"door-1\",\"kind\":\"door\","
                          + "\"state\":\"" + (seq % 200 == 0 ? "closed" : "open") + "\"}"
                        : "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                          + "\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}]}";
                window.acquire();
                pi.publishAsync(event ? "event" : "telemetry", body.getBytes(StandardCharsets.UTF_8), 1,
                        new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                            @Override
                            public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                                int[] codes = token.getReasonCodes();
                                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                                    refused.incrementAndGet();
                                }
                                window.release();
                            }

                            @Override
                            public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable t) {
                                refused.incrementAndGet();
                                window.release();
                            }
                        });
            }
            window.acquire(20);
        }
        assertThat(refused.get()).as("PUBLISHes refused or failed").isZero();

        // THEN every reading arrives once, in the order published
        List<Message> t = platform.receive("telemetry/t1/pi-5", readingSeqs.size(), Duration.ofSeconds(60));
        assertThat(t).extracting(m -> new JsonObject(body(m)).getLong("seq")).containsExactlyElementsOf(readingSeqs);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> platform.receive("telemetry/t1/pi-5", 1, Duration.ofSeconds(2)))
                .as("a reading sent twice").isInstanceOf(AssertionError.class).hasMessageContaining("only 0 of 1");
        // AND so does every event (alarm changes share their address)
        List<Message> e = platform.receiveUntil("event/t1/pi-5",
                got -> got.stream().filter(m -> HonoConnector.EVENT_TYPE.equals(m.getContentType())).count() >= eventSeqs.size(),
                Duration.ofSeconds(60));
        assertThat(e.stream().filter(m -> HonoConnector.EVENT_TYPE.equals(m.getContentType()))
                .map(m -> new JsonObject(body(m)).getLong("seq")).toList()).containsExactlyElementsOf(eventSeqs);
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().hono().orElseThrow().waiting() == 0);
    }

    @Test
    void nothingIsLostWhileTheBrokerIsStoppedAndRestarted() throws Exception {
        int outageSeconds = Integer.getInteger("firegrid.hono.outageSeconds", 60);
        int readings = 200;
        int events = 20;
        gw.registerDevice("t1", "pi-4");
        artemis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gw.gateway().hono().orElseThrow().connected());

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-4@t1", TestGateway.PASSWORD)) {
            for (int seq = 1; seq <= readings + events; seq++) {
                String body = seq <= readings
                        ? "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                          + "\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}]}"
                        : "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"sensor\":\"door-1\",\"kind\":\"door\","
                          + "\"state\":\"" + (seq % 2 == 0 ? "closed" : "open") + "\"}";
                assertThat(pi.publish(seq <= readings ? "telemetry" : "event", body.getBytes(StandardCharsets.UTF_8), 1)
                        .accepted()).as("seq %d acknowledged while the broker is away", seq).isTrue();
            }
        }
        JsonObject away = new JsonObject(gw.get("/health").body()).getJsonObject("hono");
        assertThat(away.getBoolean("connected")).isFalse();
        assertThat(away.getJsonObject("buffered").getLong("telemetry")).isEqualTo(readings);
        assertThat(away.getJsonObject("buffered").getLong("event")).isEqualTo(events);

        Thread.sleep(Duration.ofSeconds(outageSeconds).toMillis()); // the outage itself, not a wait for a condition
        artemis.start();

        platform.close();
        platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET);
        List<Message> t = platform.receive("telemetry/t1/pi-4", readings, Duration.ofSeconds(60));
        List<Message> e = platform.receive("event/t1/pi-4", events, Duration.ofSeconds(60));
        assertThat(seqs(t)).hasSize(readings).first().isEqualTo(1L);
        assertThat(seqs(e)).hasSize(events).first().isEqualTo((long) readings + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().hono().orElseThrow().waiting() == 0);
        assertThat(new JsonObject(gw.get("/health").body()).getJsonObject("hono").getLong("droppedTelemetry")).isZero();
    }

    @Test
    void silenceFromHonoReachesEverySirenPanelOfTheStation() throws Exception {
        gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S2\",\"name\":\"S2\",\"location\":{\"lat\":31.2,\"lon\":121.4}}");
        gw.registerDevice("t1", "panel-6");
        assertThat(gw.post("/api/v1/stations/t1/S2/panels", "{\"device\":\"panel-6\"}").statusCode()).isEqualTo(201);
        CompletableFuture<String> received = new CompletableFuture<>();
        MqttClient panel = new MqttClient(gw.mqttUri(), "panel-6-" + System.nanoTime(), new MemoryPersistence());
        panel.setCallback(PahoCallback.onMessage((topic, m) -> {
            received.complete(topic);
            panel.publish("command///res/" + topic.split("/")[4] + "/200", new byte[0], 1, false);
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("panel-6@t1");
        o.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        panel.connect(o);
        panel.subscribe("command///req/#", 1);
        try {
            platform.send("command", command("t1", "gw-1", "silence", "cmd-8", "r-8", "{\"station\":\"S2\"}"));

            assertThat(received.get(20, TimeUnit.SECONDS)).matches("command///req/[0-9a-f]{16}/silence");
            Message answer = platform.receive("command_response/t1/gw-1/r-8", 1, Duration.ofSeconds(20)).get(0);
            assertThat(answer.getApplicationProperties().getValue().get("status")).isEqualTo(200);
            assertThat(new JsonObject(body(answer)).getMap()).containsEntry("panels", 1).containsEntry("silenced", 1);
        } finally {
            panel.disconnect();
            panel.close();
        }
    }

    @Test
    void aWrongPasswordIsRefusedByThePeerAndWhatWaitsStaysBuffered() throws Exception {
        HonoConfig wrong = HonoConfig.to("127.0.0.1", artemis.port(), GATEWAY, "not-the-secret")
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1));
        try (TestGateway other = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir.resolve("other")).withHono(wrong)))) {
            other.registerDevice("t1", "pi-5");
            try (Mqtt5Device pi = Mqtt5Device.connect(other.mqttUri(), "pi-5@t1", TestGateway.PASSWORD)) {
                String door = "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":1,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"open\"}";
                assertThat(pi.publish("event", door.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                JsonObject h = new JsonObject(other.get("/health").body()).getJsonObject("hono");
                return !h.getBoolean("connected") && h.getJsonObject("buffered").getLong("event") == 1;
            });
        }
    }

    private String answer(String address, String correlationId) throws Exception {
        Message m = platform.receive(address, 1, Duration.ofSeconds(20)).get(0);
        assertThat(m.getCorrelationId()).isEqualTo(correlationId);
        return m.getApplicationProperties().getValue().get("status") + " " + new JsonObject(body(m)).getString("error");
    }

    private static Message command(String tenant, String device, String name, String id, String replyId, String body) {
        Message m = Proton.message();
        m.setAddress("command/" + tenant + "/" + device);
        m.setSubject(name);
        m.setMessageId(id);
        m.setReplyTo("command_response/" + tenant + "/" + device + "/" + replyId);
        m.setContentType("application/json");
        m.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    private static String body(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }

    private static Set<Long> seqs(List<Message> messages) {
        Set<Long> seqs = new TreeSet<>();
        messages.forEach(m -> seqs.add(new JsonObject(body(m)).getLong("seq")));
        return seqs;
    }
}
