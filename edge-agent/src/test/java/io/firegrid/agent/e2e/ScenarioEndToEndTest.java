package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.sim.DemoOptions;
import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.agent.sim.scenario.Scenarios;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in scenario played on the demo's devices against a real gateway: the devices register,
 * connect over MQTT and publish, and the gateway's alarm rules see what the scenario scripted.
 */
class ScenarioEndToEndTest {

    /** Fire in zone A's 65 s in about 3 s. */
    private static final double SPEED = 20;

    @TempDir
    Path dir;

    @Test
    void fireInZoneAShowsAFireAlarmConfirmedByTheSecondDetectorInTheZone() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (TestGateway gw = TestGateway.start(dir.resolve("gateway"));
             DemoSimulator demo = DemoSimulator.playing(new DemoOptions(gw.uri("/"), TestGateway.ADMIN_TOKEN,
                     URI.create(gw.mqttUri()), 3, dir.resolve("sim")),
                     Scenarios.load("fire-in-zone-a", DemoSimulator.layout(3)), SPEED,
                     new PrintStream(printed, true, StandardCharsets.UTF_8))) {

            demo.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> fireAlarms(gw).size() == 2
                    && fireAlarms(gw).stream().allMatch(a -> a.getBoolean("confirmed")));
            assertThat(fireAlarms(gw)).extracting(a -> a.getString("device")).containsExactlyInAnyOrder("pi-a1", "pi-a2");
            assertThat(fireAlarms(gw)).allSatisfy(a -> {
                assertThat(a.getString("sensor")).isEqualTo("smoke-1");
                assertThat(a.getString("zone")).isEqualTo("A");
            });
            demo.played().get(20, TimeUnit.SECONDS);
            assertThat(gw.openAlarmFor("pi-b1", "smoke-1")).isEmpty();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("scenario: 0:05 pi-a2 smoke-1 -> ALARM");
        }
    }

    private static List<JsonObject> fireAlarms(TestGateway gw) {
        return gw.openAlarms().stream().filter(a -> "fire".equals(a.getString("class"))).toList();
    }
}
