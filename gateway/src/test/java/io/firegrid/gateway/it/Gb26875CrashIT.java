package io.firegrid.gateway.it;

import static io.firegrid.gateway.support.UitdSimulator.componentState;
import static io.firegrid.gateway.support.UitdSimulator.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.endpoint.Ports;
import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.UitdSimulator;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GB/T 26875.3 {@code send data} that the gateway confirmed survives {@code kill -9} of the
 * gateway process, as an MQTT PUBACK does: the confirm goes out only after the event and its alarm
 * are on disk.
 */
class Gb26875CrashIT {

    private static final int FRAMES = 1_000;
    private static final int KILL_AFTER_CONFIRMS = 150;
    /** Each frame reports a fire on a component of its own, so that each raises its own alarm. */
    /** A frame per component, each a new sensor; and as fast as confirms come back, above the per-connection frame rate. */
    private static final Map<String, String> ENV = Map.of("FIREGRID_GB26875_PORT", "0",
            "FIREGRID_MAX_UNREGISTERED_SENSORS", String.valueOf(FRAMES + 10), "FIREGRID_GB26875_FRAMES_PER_SECOND", "100000");
    private static final long ADDRESS = 0x0000C0A80164L;

    @TempDir
    Path dataDir;

    @Test
    void framesConfirmedAndTheirAlarmsSurviveKillDashNine() throws Exception {
        Path log = Path.of("target", "it-logs", "gb26875-crash.log");
        Set<Long> confirmed = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger denied = new java.util.concurrent.atomic.AtomicInteger();
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, ENV)) {
            JsonObject uitd = new JsonObject().put("tenant", "t1").put("id", "uitd-1").put("password", TestGateway.PASSWORD)
                    .put("gb26875Address", "0000c0a80164").put("gb26875Allow", "127.0.0.1/32");
            assertThat(new HttpCalls(gw.httpPort()).post("/api/v1/devices", uitd.encode()).statusCode()).isEqualTo(201);
            int port = Ports.read(dataDir).gb26875();
            // GIVEN a UITD reporting fires, one frame at a time, each waiting for its confirm
            Thread sender = new Thread(() -> {
                try (UitdSimulator sim = UitdSimulator.connect(port, ADDRESS)) {
                    for (long component = 1; component <= FRAMES; component++) {
                        sim.sendData(unit(2, componentState(1, 1, 42, component, 0x0003, "探测器" + component,
                                LocalDateTime.now())));
                        int answer = sim.read().command();
                        if (answer == 3) {
                            confirmed.add(component);
                        } else {
                            denied.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    // the gateway was killed: the frame in flight was not confirmed
                }
            }, "uitd");
            sender.setDaemon(true);
            sender.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.size() >= KILL_AFTER_CONFIRMS || denied.get() > 0);
            assertThat(denied.get()).as("frames denied before the kill (see %s)", log).isZero();
            // WHEN the gateway is killed right after a confirm, with the next frame on its way
            gw.kill9();
            sender.join(10_000);
        }
        Set<Long> confirmedAtKill = Set.copyOf(confirmed);
        assertThat(confirmedAtKill).hasSizeGreaterThanOrEqualTo(KILL_AFTER_CONFIRMS);

        // THEN after a restart on the same data directory every confirmed fire has its alarm
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, ENV)) {
            Set<Long> stored = new HttpCalls(gw.httpPort()).alarms("open").stream()
                    .filter(a -> "fire".equals(a.getString("class")))
                    .map(a -> Long.parseLong(a.getString("sensor").substring("c-1-1-".length())))
                    .collect(Collectors.toSet());
            assertThat(stored).containsAll(confirmedAtKill);
            assertThat(stored.size()).as("at most the frame in flight more").isLessThanOrEqualTo(confirmedAtKill.size() + 1);
        }
    }
    @Test
    void reportsQueuedForAnAbsentCentreSurviveKillDashNineAndReachItLater() throws Exception {
        Path log = Path.of("target", "it-logs", "gb26875-centre-crash.log");
        CentreSimulator centre = CentreSimulator.start(0);
        int centrePort = centre.port();
        centre.stop(); // GIVEN the monitoring centre is away
        Map<String, String> env = new HashMap<>(ENV);
        env.put("FIREGRID_GB26875_CENTRE", "127.0.0.1:" + centrePort);
        env.put("FIREGRID_GB26875_CONFIRM_SECONDS", "1");
        int fires = 20;
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
            JsonObject uitd = new JsonObject().put("tenant", "t1").put("id", "uitd-1").put("password", TestGateway.PASSWORD)
                    .put("gb26875Address", "0000c0a80164").put("gb26875Allow", "127.0.0.1/32");
            assertThat(new HttpCalls(gw.httpPort()).post("/api/v1/devices", uitd.encode()).statusCode()).isEqualTo(201);
            try (UitdSimulator sim = UitdSimulator.connect(Ports.read(dataDir).gb26875(), ADDRESS)) {
                for (long component = 1; component <= fires; component++) {
                    sim.sendData(unit(2, componentState(1, 1, 42, component, 0x0003, "探测器", LocalDateTime.now())));
                    assertThat(sim.read().command()).isEqualTo(3);
                }
            }
            // WHEN the gateway is killed with the reports still queued
            gw.kill9();
        }
        // THEN the centre, back, gets each of them once the gateway restarts
        try (CentreSimulator back = CentreSimulator.start(centrePort);
             GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> back.reportsOnce().size() >= fires);
            assertThat(back.reportsOnce()).extracting(CentreSimulator.Received::description)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, fires)
                            .mapToObj(n -> "uitd-1/c-1-1-" + n).toList());
        }
    }
}
