package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** register and verify with a secondary gateway (dual path), against two real gateways. */
class DualPathRegisterTest {

    @TempDir
    Path dir;

    private TestGateway primary;
    private TestGateway secondary;
    private Path site;
    private boolean secondaryStopped;

    @BeforeEach
    void twoGatewaysAndASiteReportingToBoth() throws Exception {
        primary = TestGateway.start(dir.resolve("gw1"));
        secondary = TestGateway.start(dir.resolve("gw2"));
        site = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", site.toString());
        String yaml = Files.readString(site);
        assertThat(yaml).contains("    captains: [zhao-min]\n");
        Files.writeString(site, yaml.replace("    captains: [zhao-min]\n", "    captains: [zhao-min]\n    secondary: {gateway: \""
                + secondary.uri("") + "\", mqtt: \"" + secondary.mqttUri() + "\"}\n"));
    }

    @AfterEach
    void stop() {
        primary.close();
        if (!secondaryStopped) {
            secondary.close();
        }
    }

    private Cli register() {
        return Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
    }

    private String password(String authId) throws Exception {
        return Files.readString(dir.resolve("site.yaml.credentials")).lines().filter(l -> l.startsWith(authId + "="))
                .findFirst().orElseThrow().substring(authId.length() + 1);
    }

    @Test
    void registersEachDeviceOnBothGatewaysWithOnePasswordAndASecondRunChangesNothing() throws Exception {
        Cli first = register();

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("created    device pi-0002\ncreated 10, updated 0, unchanged 0, failed 0")
                .contains("secondary gateway " + secondary.uri("") + " for pi-0001, pi-0002 (the same passwords: each agent "
                        + "logs in on both)\n  created    person li-wei")
                .contains("  created    site bldg-7", "  created    device pi-0001", "  created    device pi-0002",
                        "  created 10, updated 0, unchanged 0, failed 0 on the secondary " + secondary.uri(""));
        assertThat(secondary.get("/api/v1/devices/t1/pi-0002").body()).contains("hydrant-1").contains("\"site\":\"bldg-7\"");
        for (TestGateway gw : new TestGateway[] {primary, secondary}) {
            var c = gw.connect("pi-0001@t1", password("pi-0001@t1"));
            assertThat(c.isConnected()).isTrue();
            c.disconnect();
        }

        Cli second = register();

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("  unchanged  device pi-0001 (already registered)")
                .contains("  created 0, updated 0, unchanged 10, failed 0 on the secondary");
    }

    @Test
    void verifyChecksTheDeviceIsRegisteredAndConnectedOnTheSecondary() throws Exception {
        assertThat(register().exit()).isZero();
        var onSecondary = secondary.connect("pi-0001@t1", password("pi-0001@t1"));

        Cli v = Cli.run("verify", site.toString(), "--gateway", primary.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "2", "--interval-ms", "100");

        onSecondary.disconnect();
        assertThat(v.exit()).as(v.out() + v.err()).isEqualTo(1);
        assertThat(v.out()).contains("PASS  pi-0001 secondary " + secondary.uri("") + ": registered, connected")
                .contains("FAIL  pi-0002 secondary " + secondary.uri("") + ": registered, not connected there: can the Pi "
                        + "reach its FIREGRID_SECONDARY_MQTT_URI?")
                .contains("FAILED: 1 passed, 1 failed, 4 not checked, 2 devices down");
    }

    @Test
    void pruneDecommissionsTheDeviceNoLongerListedOnTheSecondaryToo() throws Exception {
        assertThat(register().exit()).isZero();
        String yaml = Files.readString(site);
        Files.writeString(site, yaml.substring(0, yaml.indexOf("  - id: pi-0002\n")));

        Cli unasked = Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN, "--prune");

        assertThat(unasked.exit()).isEqualTo(1);
        assertThat(unasked.err()).contains("--prune would decommission 1 device(s): pi-0002; nothing decommissioned")
                .contains("--prune would decommission 1 device(s) on the secondary " + secondary.uri("")
                        + ": pi-0002; nothing decommissioned there, since there is no terminal to ask: add --yes to confirm");
        assertThat(secondary.connect("pi-0002@t1", password("pi-0002@t1")).isConnected()).as("still in service").isTrue();

        Cli pruned = Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN, "--prune", "--yes");

        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isZero();
        assertThat(pruned.out()).contains("decommissioned device pi-0002 (no longer in the inventory)\n")
                .contains("  decommissioned device pi-0002 (no longer in the inventory)\n");
        for (TestGateway gw : new TestGateway[] {primary, secondary}) {
            assertThat(gw.get("/api/v1/devices/t1/pi-0002").statusCode()).as("no longer in service there").isEqualTo(404);
            assertThatThrownBy(() -> gw.connect("pi-0002@t1", password("pi-0002@t1"))).as("its login refused")
                    .isInstanceOf(Exception.class);
            var kept = gw.connect("pi-0001@t1", password("pi-0001@t1"));
            assertThat(kept.isConnected()).as("the device still listed is untouched").isTrue();
            kept.disconnect();
        }
    }

    @Test
    void pruneWithAnUnreachableSecondarySaysItsDevicesStayInServiceThere() throws Exception {
        assertThat(register().exit()).isZero();
        String yaml = Files.readString(site);
        Files.writeString(site, yaml.substring(0, yaml.indexOf("  - id: pi-0002\n")));
        secondary.close();
        secondaryStopped = true;

        Cli r = Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN, "--prune", "--yes");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("decommissioned device pi-0002 (no longer in the inventory)");
        assertThat(r.err()).contains("register: the secondary gateway " + secondary.uri("") + ": cannot reach the gateway at ")
                .contains("--prune decommissioned nothing there: the devices no longer in the file stay in service on it "
                        + "(their logins accepted) until register --prune is run again once it is back");
    }

    @Test
    void anUnreachableSecondaryIsNamedWithWhatToDoAndTheRunCanBeRepeated() throws Exception {
        secondary.close();
        secondaryStopped = true;

        Cli r = register();

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("created 10, updated 0, unchanged 0, failed 0 (device passwords in");
        assertThat(r.err()).contains("register: the secondary gateway " + secondary.uri("") + ": cannot reach the gateway at ")
                .contains("until the secondary knows pi-0001, pi-0002 their agents report over the primary only")
                .contains("then run register again (safe to repeat)");
        assertThat(primary.get("/api/v1/devices/t1/pi-0001").statusCode()).isEqualTo(200);
    }
}
