package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.sim.DemoOptions;
import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.agent.sim.DemoTiming;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's fire alarm panel of building 7 against a real gateway's GB/T 26875.3 listener: its
 * UITD is registered with its components' places, a detector fault becomes a trouble alarm that
 * clears, a manual call point becomes a fire alarm where the lobby is, and the panel's reset puts
 * the call point back to normal; every frame is confirmed.
 */
class DemoFirePanelEndToEndTest {

    /** The panel's turn every 1.5 s (1.5 x alarmEvery), each state held 0.5 s. */
    private static final DemoTiming FAST_PANEL = new DemoTiming(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void thePanelsFaultAndCallPointBecomeAlarmsWhereTheyAre() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (TestGateway gw = TestGateway.start(dir.resolve("gateway"), c -> c.withGb26875(Gb26875Options.DEFAULTS.withPort(0)));
             DemoSimulator demo = new DemoSimulator(new DemoOptions(gw.uri("/"), TestGateway.ADMIN_TOKEN,
                     URI.create(gw.mqttUri()), 1, dir.resolve("sim"), new InetSocketAddress("127.0.0.1", gw.gateway().gb26875Port())),
                     FAST_PANEL, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            demo.start();

            JsonObject uitd = new JsonObject(gw.get("/api/v1/devices/demo/uitd-7/gb26875").body());
            assertThat(uitd.getString("gb26875Address")).isEqualTo("000000000701");

            // the detector's fault: a trouble alarm that clears
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.alarms("all").stream()
                    .anyMatch(a -> "c-1-1-261".equals(a.getString("sensor")) && "trouble".equals(a.getString("class"))
                            && "cleared".equals(a.getString("cause"))));
            // the call point pressed: a fire alarm in the lobby of building 7; the panel's reset puts the
            // call point back to normal, and the fire alarm waits for the crew to resolve it with a cause
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.alarms("all").stream()
                    .anyMatch(a -> "c-1-1-262".equals(a.getString("sensor")) && "fire".equals(a.getString("class"))));
            JsonObject fire = gw.alarms("all").stream().filter(a -> "c-1-1-262".equals(a.getString("sensor")))
                    .findFirst().orElseThrow();
            assertThat(fire.getJsonObject("locationText").getString("en")).contains("Bldg 7", "ground-floor lobby");
            assertThat(fire.getBoolean("open")).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> printed.toString(StandardCharsets.UTF_8).contains("panel reset"));
            await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(gw.get("/api/v1/devices/demo/uitd-7/gb26875").body())
                    .getJsonArray("components").stream().map(JsonObject.class::cast)
                    .anyMatch(c -> "c-1-1-262".equals(c.getString("sensor")) && !c.getBoolean("fire")));
            assertThat(demo.firePanelConfirms()).as("every frame confirmed").isGreaterThanOrEqualTo(4);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("manual call point 1-262 (lobby) FIRE",
                "panel reset", "smoke detector 1-261 (5F flat 501 hall) FAULT");
    }
}
