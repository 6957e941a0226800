package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.Rehearsal;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installer rehearses a two-building visit on a laptop: init, edit, validate, bundle (for the
 * site's gateway address), register, then the agents run from their bundles with
 * {@link Rehearsal} (what {@code firegrid agent rehearse} runs: mock platform, MQTT moved to the
 * laptop's gateway, nothing else of the bundles changed) and verify reaches PASSED, with the
 * hydrants reading the mock pressure and the call point pressed during the check a drill alarm.
 */
class RehearsalTest {

    @TempDir
    Path dir;

    private TestGateway gw;
    private Rehearsal rehearsal;

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
    }

    @AfterEach
    void stop() {
        if (rehearsal != null) {
            rehearsal.close();
        }
        gw.close();
    }

    @Test
    void twoBuildingsRehearsedFromTheirBundlesPassVerifyAndNoAlarmLeavesTheDrill() throws Exception {
        Path site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
        String text = Files.readString(site);
        String sites = text.substring(text.indexOf("\nsites:"), text.indexOf("\ndevices:"));
        Files.writeString(site, text.substring(0, text.indexOf("\nsites:")) + sites + """

                  - id: bldg-8
                    name: Building 8, Jinqiao Garden
                    cell: cell-1
                    building: "8"
                    floors: 6
                    captains: [zhao-min]
                devices:
                  - id: pi-0001
                    site: bldg-7
                    location: Ground floor lobby
                    sensors:
                      - {id: smoke-1, kind: smoke, zone: lobby, gpio: 17, contact: "NO"}
                      - {id: door-1, kind: door, zone: lobby, gpio: 27, contact: "NC"}
                      - {id: exit-1, kind: exit, zone: lobby, gpio: 22, contact: "NO"}
                  - id: pi-0002
                    site: bldg-7
                    location: Basement pump room
                    sensors:
                      - {id: smoke-1, kind: smoke, zone: basement, gpio: 17, contact: "NO"}
                      - {id: hydrant-1, kind: pressure, zone: basement, i2cAddress: 0x48, channel: 0, rangeMpa: 1.6,
                         limits: {pressureLowMpa: 0.35, pressureHighMpa: 0.50}}
                  - id: pi-0003
                    site: bldg-8
                    location: Entrance hall
                    sensors:
                      - {id: smoke-1, kind: smoke, zone: hall, gpio: 17, contact: "NC"}
                      - {id: call-1, kind: call-point, zone: hall, gpio: 23, contact: "NC"}
                      - {id: door-1, kind: door, zone: hall, gpio: 27, contact: "NO"}
                      - {id: hydrant-1, kind: pressure, zone: hall, i2cAddress: 0x49, channel: 2, rangeMpa: 1.0}
                """);
        Cli validate = Cli.run("validate", site.toString());
        assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
        Path bundles = dir.resolve("bundles");
        // bundled for the site, where the Pis reach the gateway at its LAN address
        Cli bundle = Cli.run("bundle", site.toString(), "--mqtt", "tcp://192.168.1.10:1883", "--out", bundles.toString());
        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        Cli register = Cli.run("register", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
        assertThat(register.exit()).as(register.out() + register.err()).isZero();
        String bundled = Files.readString(bundles.resolve("pi-0003/firegrid/agent.env"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        rehearsal = Rehearsal.start(List.of(bundles.resolve("pi-0001"), bundles.resolve("pi-0002"), bundles.resolve("pi-0003")),
                URI.create(gw.mqttUri()), dir.resolve("rehearsal"), Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        Agent pi3 = rehearsal.agents().get(2);

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("started    pi-0001 from " + bundles.resolve("pi-0001") + ": " + gw.mqttUri() + ", data in "
                + dir.resolve("rehearsal/pi-0001") + ", mock platform, contacts at rest")
                .contains("started    pi-0003 from " + bundles.resolve("pi-0003")).contains("hydrant-1 at 0.4 MPa");
        assertThat(Files.readString(bundles.resolve("pi-0003/firegrid/agent.env"))).as("the bundle is not changed").isEqualTo(bundled)
                .contains("FIREGRID_AGENT_PLATFORM=gpiod").contains("FIREGRID_MQTT_URI=tcp://192.168.1.10:1883");

        CompletableFuture<Cli> running = CompletableFuture.supplyAsync(() -> Cli.run("verify", site.toString(), "--gateway",
                gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN, "--timeout", "60", "--boot-wait", "30",
                "--interval-ms", "100"));
        await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(gw.get("/api/v1/sites/t1/bldg-8").body())
                .getBoolean("drill"));
        pi3.mockContact("call-1").set(true); // the installer tries the call point's test key
        JsonObject alarm = await().atMost(Duration.ofSeconds(10))
                .until(() -> gw.openAlarmFor("pi-0003", "call-1").orElse(null), a -> a != null);
        pi3.mockContact("call-1").set(false);
        Cli verify = running.get();

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("PASS  pi-0001 door-1 (door): saw closed, expected closed",
                "PASS  pi-0001 exit-1 (exit): saw clear, expected clear",
                "PASS  pi-0002 hydrant-1 (pressure): saw 0.400 MPa, expected 0.35-0.5 MPa",
                "PASS  pi-0003 smoke-1 (smoke): saw normal, expected normal",
                "PASS  pi-0003 call-1 (call-point): saw normal, expected normal",
                "PASS  pi-0003 hydrant-1 (pressure): saw 0.400 MPa, expected 0.25-0.5 MPa",
                "drill: site bldg-7 out of drill", "drill: site bldg-8 out of drill")
                .contains("PASSED: 9 passed, 0 failed, 0 not checked");
        // the only alarm raised is the drill: it was notified as one, and nothing outside a drill was
        assertThat(alarm.getBoolean("drill")).as(alarm.encode()).isTrue();
        List<JsonObject> alarms = gw.alarms("all");
        assertThat(alarms).extracting(a -> a.getString("device") + "/" + a.getString("sensor") + " drill=" + a.getBoolean("drill"))
                .containsExactly("pi-0003/call-1 drill=true");
        for (JsonObject a : alarms) {
            JsonArray notified = new JsonArray(gw.get("/api/v1/alarms/" + a.getLong("id") + "/notifications").body());
            JsonArray delivered = new JsonArray(gw.get("/api/v1/alarms/" + a.getLong("id") + "/deliveries").body());
            assertThat(a.getBoolean("drill")).as("%s notified %s, delivered %s", a, notified, delivered).isTrue();
            assertThat(notified).as("the drill alarm is notified, as a drill").isNotEmpty();
        }
    }
}
