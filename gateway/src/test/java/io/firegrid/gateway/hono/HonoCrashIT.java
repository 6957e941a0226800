package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.AmqpPeerClient;
import io.firegrid.gateway.support.ArtemisBroker;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hono gets every event a device was acknowledged for, even when the gateway process is killed
 * ({@code kill -9}) while the device streams: once with Hono (Artemis standing in for its AMQP
 * adapter) reachable, once with it away. The gateway journals each message for Hono in the same
 * transaction that stores it, and a restart copies what its buffer had not taken yet. Copies are
 * allowed (at least once); the platform drops them by (device, seq).
 */
class HonoCrashIT {

    static final String GATEWAY = "gw-1@t1";
    static final String SECRET = "gateway-secret";
    private static final int KILL_AFTER_ACKS = 300;
    private static final int MAX_EVENTS = 3_000;
    private static final int WINDOW = 32;

    @TempDir
    Path brokerDir;
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventReachesHonoAcrossKillDashNine() throws Exception {
        Path log = Path.of("target", "it-logs", "hono-crash.log");
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        try (ArtemisBroker artemis = ArtemisBroker.create(brokerDir, GATEWAY, SECRET)) {
            artemis.start();
            Map<String, String> env = Map.of("FIREGRID_HONO_URI", "amqp://127.0.0.1:" + artemis.port(),
                    "FIREGRID_HONO_USERNAME", GATEWAY, "FIREGRID_HONO_PASSWORD", SECRET,
                    "FIREGRID_HONO_RECONNECT_MIN_MS", "200", "FIREGRID_HONO_RECONNECT_MAX_MS", "1000",
                    // every event comes from its own invented detector, so that each raises its own alarm
                    "FIREGRID_MAX_UNREGISTERED_SENSORS", String.valueOf(2 * MAX_EVENTS + 10));

            // GIVEN Hono reachable, WHEN the gateway is killed while a device streams smoke alarms
            try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
                new HttpCalls(gw.httpPort()).registerDevice("t1", "pi-1");
                streamUntilKilled(gw, 1, acked);
            }
            Set<Long> ackedWhileReachable = Set.copyOf(acked);
            assertThat(ackedWhileReachable).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

            try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
                // THEN after the restart every acknowledged event, and the alarm it raised, reaches Hono
                try (AmqpPeerClient platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET)) {
                    assertEventsAndAlarmsArrive(platform, ackedWhileReachable);
                }

                // GIVEN Hono away, WHEN the gateway is killed again while the device streams
                artemis.kill();
                streamUntilKilled(gw, MAX_EVENTS + 1, acked);
            }
            Set<Long> ackedWhileAway = new HashSet<>(acked);
            ackedWhileAway.removeAll(ackedWhileReachable);
            assertThat(ackedWhileAway).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

            // THEN once restarted with Hono back, every event acknowledged meanwhile arrives too
            artemis.start();
            try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env);
                 AmqpPeerClient platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET)) {
                assertEventsAndAlarmsArrive(platform, ackedWhileAway);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonObject hono = new JsonObject(new HttpCalls(gw.httpPort()).get("/health").body()).getJsonObject("hono");
                    return hono.getBoolean("connected") && hono.getJsonObject("buffered").getLong("event") == 0;
                });
            }
        }
    }

    /**
     * Reads {@code event/t1/pi-1} until every seq of {@code acked} has arrived as an event and as
     * the alarm it raised; copies are allowed, the platform drops them by (device, seq).
     */
    private static void assertEventsAndAlarmsArrive(AmqpPeerClient platform, Set<Long> acked) throws Exception {
        Set<Long> events = new HashSet<>();
        Set<Long> alarms = new HashSet<>();
        List<Message> arrived;
        try {
            arrived = platform.receiveUntil("event/t1/pi-1", got -> {
                if (!got.isEmpty()) {
                    Message m = got.get(got.size() - 1);
                    long seq = new JsonObject(body(m)).getLong("seq");
                    (HonoConnector.ALARM_TYPE.equals(m.getContentType()) ? alarms : events).add(seq);
                }
                return events.containsAll(acked) && alarms.containsAll(acked);
            }, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            Set<Long> noEvent = new java.util.TreeSet<>(acked);
            noEvent.removeAll(events);
            Set<Long> noAlarm = new java.util.TreeSet<>(acked);
            noAlarm.removeAll(alarms);
            throw new AssertionError(e.getMessage() + "; acknowledged but never at Hono: events " + noEvent
                    + ", alarms " + noAlarm, e);
        }
        assertThat(arrived).extracting(Message::getContentType)
                .containsOnly(HonoConnector.EVENT_TYPE, HonoConnector.ALARM_TYPE);
        assertThat(events).containsAll(acked);
        assertThat(alarms).containsAll(acked);
    }

    /**
     * Publishes smoke alarms from distinct detectors from {@code firstSeq} on, at most
     * {@link #WINDOW} unacknowledged, and kills the gateway once {@link #KILL_AFTER_ACKS} more were
     * acknowledged; returns with the gateway dead.
     */
    private static void streamUntilKilled(GatewayProcess gw, long firstSeq, Set<Long> acked) throws Exception {
        int before = acked.size();
        AtomicReference<Throwable> senderStop = new AtomicReference<>();
        Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
        Set<Long> sent = ConcurrentHashMap.newKeySet();
        Thread sender = new Thread(() -> {
            for (long seq = firstSeq; seq < firstSeq + MAX_EVENTS; seq++) {
                long s = seq;
                try {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> sent.size() - (acked.size() - before) < WINDOW);
                    sent.add(s);
                    device.publishAsync("event", Bodies.smoke(s, "smoke-" + s, "alarm"), 1, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken t) {
                            int[] codes = t.getReasonCodes();
                            if (codes == null || codes.length == 0 || codes[0] == 0) {
                                acked.add(s);
                            }
                        }

                        @Override
                        public void onFailure(IMqttToken t, Throwable e) {
                        }
                    });
                } catch (Exception | AssertionError e) {
                    senderStop.set(e);
                    return;
                }
            }
        }, "sender");
        sender.setDaemon(true);
        sender.start();
        await().atMost(Duration.ofSeconds(60)).failFast(() -> {
            Throwable stop = senderStop.get();
            if (stop != null && acked.size() - before < KILL_AFTER_ACKS) {
                throw new AssertionError("the device stopped sending after " + (acked.size() - before)
                        + " acknowledgements", stop);
            }
        }).until(() -> acked.size() - before >= KILL_AFTER_ACKS);
        gw.kill9();
        try {
            device.close();
        } catch (Exception alreadyGone) {
            // the connection died with the gateway
        }
        sender.join(35_000);
    }

    private static String body(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }
}
