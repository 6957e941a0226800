package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CoAP event answered 2.04 survives {@code kill -9} of the gateway process, as on MQTT: the
 * answer goes out only after the event and its alarm are fsync'd.
 */
class CoapCrashIT {

    private static final int EVENTS = 2_000;
    /** Every event comes from its own invented detector, so that each raises its own alarm. */
    private static final Map<String, String> MANY_DETECTORS =
            Map.of("FIREGRID_MAX_UNREGISTERED_SENSORS", String.valueOf(EVENTS + 10));
    private static final int KILL_AFTER_ACKS = 300;
    private static final int WINDOW = 16;

    @TempDir
    Path dataDir;

    @Test
    void eventsAnsweredChangedAndTheirAlarmsSurviveKillDashNine() throws Exception {
        Path log = Path.of("target", "it-logs", "coap-crash.log");
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, MANY_DETECTORS)) {
            new HttpCalls(gw.httpPort()).registerDeviceWithPsk("t1", "pi-1");
            CoapDevice device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK);
            // GIVEN a device posting smoke alarms from distinct detectors over DTLS, WINDOW in flight
            Semaphore window = new Semaphore(WINDOW);
            Thread sender = new Thread(() -> {
                for (long seq = 1; seq <= EVENTS; seq++) {
                    long s = seq;
                    try {
                        if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    device.postAsync("/event", Bodies.smoke(s, "smoke-" + s, "alarm")).thenAccept(r -> {
                        if (r != null && r.getCode() == ResponseCode.CHANGED) {
                            acked.add(s);
                        }
                        window.release();
                    });
                }
            }, "sender");
            sender.setDaemon(true);
            sender.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= KILL_AFTER_ACKS);
            // WHEN the gateway is killed without warning, mid-stream
            gw.kill9();
            device.close();
        }
        Set<Long> ackedAtKill = Set.copyOf(acked);
        assertThat(ackedAtKill).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

        // THEN after a restart on the same data directory every event answered 2.04 has its alarm
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, MANY_DETECTORS);
             CoapDevice device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK)) {
            Set<Long> stored = new HttpCalls(gw.httpPort()).alarms("open").stream()
                    .map(a -> a.getLong("seq")).collect(Collectors.toSet());
            assertThat(stored).containsAll(ackedAtKill);
            // and the device goes on with a fresh handshake; a replayed seq is a duplicate
            long oneAcked = ackedAtKill.iterator().next();
            assertThat(device.post("/event", Bodies.smoke(oneAcked, "smoke-" + oneAcked, "alarm")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            assertThat(device.post("/event", Bodies.smoke(EVENTS + 1, "smoke-new", "alarm")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            assertThat(new HttpCalls(gw.httpPort()).alarms("open")).extracting(a -> a.getLong("seq"))
                    .contains((long) EVENTS + 1).doesNotHaveDuplicates();
        }
    }
}
