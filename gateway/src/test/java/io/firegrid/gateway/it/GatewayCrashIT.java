package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event whose PUBACK went out survives {@code kill -9} of the gateway process: the gateway
 * acknowledges only after the event and its alarm are fsync'd.
 */
class GatewayCrashIT {

    private static final int EVENTS = 2_000;
    /** Every event comes from its own invented detector, so that each raises its own alarm. */
    private static final Map<String, String> MANY_DETECTORS =
            Map.of("FIREGRID_MAX_UNREGISTERED_SENSORS", String.valueOf(EVENTS + 10));
    private static final int KILL_AFTER_ACKS = 400;
    private static final int WINDOW = 32;

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedEventsAndTheirAlarmsSurviveKillDashNine() throws Exception {
        Path log = Path.of("target", "it-logs", "gateway-crash.log");
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicReference<Throwable> senderStop = new java.util.concurrent.atomic.AtomicReference<>();
        long pidBefore;
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, MANY_DETECTORS)) {
            pidBefore = gw.pid();
            new HttpCalls(gw.httpPort()).registerDevice("t1", "pi-1");
            Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
            // GIVEN a device streaming smoke alarms from distinct detectors (each raises its own
            // alarm), at most WINDOW unacknowledged at a time, as a real client's in-flight window
            Thread sender = new Thread(() -> {
                for (long seq = 1; seq <= EVENTS; seq++) {
                    long s = seq;
                    try {
                        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                                .until(() -> s - 1 - acked.size() < WINDOW);
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
                if (stop != null && acked.size() < KILL_AFTER_ACKS) {
                    throw new AssertionError("the device stopped sending after " + acked.size() + " acknowledgements", stop);
                }
            }).until(() -> acked.size() >= KILL_AFTER_ACKS);
            // WHEN the gateway is killed without warning, mid-stream
            gw.kill9();
            try {
                device.close();
            } catch (Exception alreadyGone) {
                // the connection died with the gateway
            }
        }
        Set<Long> ackedAtKill = Set.copyOf(acked);
        assertThat(ackedAtKill).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

        // THEN after a restart on the same data directory every acknowledged event has its alarm
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, MANY_DETECTORS)) {
            assertThat(gw.pid()).isNotEqualTo(pidBefore);
            Set<Long> stored = new HttpCalls(gw.httpPort()).alarms("open").stream()
                    .map(a -> a.getLong("seq")).collect(Collectors.toSet());
            assertThat(stored).containsAll(ackedAtKill);
            // and the device can reconnect and go on where it was; a replay of an acknowledged seq is a duplicate
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                long oneAcked = ackedAtKill.iterator().next();
                assertThat(device.publish("event", Bodies.smoke(oneAcked, "smoke-" + oneAcked, "alarm"), 1).reasonCode()).isZero();
                assertThat(device.publish("event", Bodies.smoke(EVENTS + 1, "smoke-new", "alarm"), 1).reasonCode()).isZero();
            }
            HttpCalls http = new HttpCalls(gw.httpPort());
            assertThat(http.alarms("open")).extracting((JsonObject a) -> a.getLong("seq"))
                    .contains((long) EVENTS + 1)
                    .doesNotHaveDuplicates();
        }
    }
}
