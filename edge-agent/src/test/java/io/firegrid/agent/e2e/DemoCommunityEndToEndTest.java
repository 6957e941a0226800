package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.sim.DemoOptions;
import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.agent.sim.DemoTiming;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo against a real gateway: its community (stations, grid cell, site, people) is accepted,
 * and a smoke alarm on a simulated device reaches Station East's crew, the grid worker and the
 * building captain, and sounds the siren panel in the station.
 */
class DemoCommunityEndToEndTest {

    private static final DemoTiming QUIET = new DemoTiming(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void demoAlarmIsRoutedToTheCoveringStationGridWorkerAndCaptain() throws Exception {
        try (TestGateway gw = TestGateway.start(dir.resolve("gateway"));
             DemoSimulator demo = new DemoSimulator(new DemoOptions(gw.uri("/"), TestGateway.ADMIN_TOKEN,
                     URI.create(gw.mqttUri()), 1, dir.resolve("sim")),
                     QUIET, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            demo.start();
            assertThat(new JsonObject(gw.get("/api/v1/sites/demo/demo-site").body()).getString("cell")).isEqualTo("cell-1");
            Agent pi = demo.agents().get(0);
            await().atMost(Duration.ofSeconds(15)).until(() -> gw.get("/api/v1/devices/demo/" + pi.device().device())
                    .body().contains("\"connected\":true"));

            pi.mockContact("smoke-1").set(true);

            await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor(pi.device().device(), "smoke-1").isPresent());
            long id = gw.openAlarmFor(pi.device().device(), "smoke-1").orElseThrow().getLong("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> new JsonArray(gw.get("/api/v1/alarms/" + id + "/notifications")
                    .body()).size() >= 3);
            String told = gw.get("/api/v1/alarms/" + id + "/notifications").body();
            assertThat(told).contains("station-east", "grid-chen", "captain-liu").doesNotContain("station-west");
            // and the siren panel in Station East's crew room sounds
            await().atMost(Duration.ofSeconds(15)).until(demo::panelSounding);
        }
    }
}
