package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterCommandTest {

    @TempDir
    Path dir;

    private TestGateway gw;

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
    }

    @AfterEach
    void stopGateway() {
        gw.close();
    }

    @Test
    void registersEverythingOnceAndASecondRunChangesNothing() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String url = gw.uri("").toString();

        Cli first = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("created    person li-wei", "created    station station-1",
                "created    cell cell-1", "created    site bldg-7", "created    device pi-0002")
                .contains("created 10, updated 0, unchanged 0, failed 0");
        Path creds = dir.resolve("site.yaml.credentials");
        assertThat(Files.getPosixFilePermissions(creds)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String passwords = Files.readString(creds);
        assertThat(passwords).contains("pi-0001@t1=", "pi-0002@t1=");
        assertThat(gw.get("/api/v1/devices/t1/pi-0002").body()).contains("hydrant-1").contains("\"site\":\"bldg-7\"");
        String password = passwords.lines().filter(l -> l.startsWith("pi-0001@t1=")).findFirst().orElseThrow()
                .substring("pi-0001@t1=".length());
        gw.connect("pi-0001@t1", password).disconnect();

        Cli second = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("unchanged  device pi-0001 (already registered)")
                .contains("created 0, updated 0, unchanged 10, failed 0").doesNotContain("note:");
        assertThat(Files.readString(creds)).isEqualTo(passwords);
    }

    @Test
    void aPlaceChangedInTheInventoryIsUpdatedOnTheGatewayAndOnlyIt() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String url = gw.uri("").toString();
        assertThat(Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN).exit()).isZero();
        String yaml = Files.readString(f);
        assertThat(yaml).contains("name: Building 7, Jinqiao Garden");
        Files.writeString(f, yaml.replace("name: Building 7, Jinqiao Garden", "name: Building 7 East, Jinqiao Garden"));

        Cli second = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("updated    site bldg-7").contains("created 0, updated 1, unchanged 9, failed 0");
        assertThat(gw.get("/api/v1/sites/t1/bldg-7").body()).contains("\"name\":\"Building 7 East, Jinqiao Garden\"");
        Cli third = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);
        assertThat(third.out()).contains("created 0, updated 0, unchanged 10, failed 0");
    }

    @Test
    void sendsADevicesSilenceLimitSoTheGatewayJudgesItByIt() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String yaml = Files.readString(f);
        assertThat(yaml).contains("    location: Basement pump room\n");
        Files.writeString(f, yaml.replace("    location: Basement pump room\n",
                "    location: Basement pump room\n    maxSilenceSeconds: 7500\n"));

        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-0002").body()).getInteger("maxSilenceSeconds")).isEqualTo(7500);
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-0001").body()).getValue("maxSilenceSeconds"))
                .as("left out: the gateway's rule for its protocol").isNull();
    }

    @Test
    void namesTheItemAndTheGatewaysDetailWhenRefused() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        gw.post("/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"other\",\"name\":\"Other\",\"role\":\"duty-officer\"}");

        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED     person sun-hao: HTTP 409 duty-officer-exists: tenant t1 already has a duty officer (other)")
                .contains("failed 1");
    }

    @Test
    void refusesAnInvalidInventoryWithoutTouchingTheGateway() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "tenant: t1\nsites:\n  - {id: b, name: B, building: x}\n");
        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(f + ":3:5: site 'b' has no 'cell'").contains("nothing registered");
        assertThat(gw.get("/api/v1/sites?tenant=t1").body()).isEqualTo("[]");
    }

    @Test
    void aDeviceWhoseSensorsChangedIsChangedOnTheGatewayAndReportedFieldByField() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String url = gw.uri("").toString();
        assertThat(Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN).exit()).isZero();
        String yaml = Files.readString(f);
        String door1Limits = "        limits: {doorHeldOpenSeconds: 120}\n  - id: pi-0002\n";
        assertThat(yaml).contains(door1Limits);
        Files.writeString(f, yaml.replace(door1Limits, "        limits: {doorHeldOpenSeconds: 180}\n"
                + "      - id: door-2\n        kind: door\n        zone: stair-a\n        gpio: 22\n        contact: \"NC\"\n"
                + "  - id: pi-0002\n"));

        Cli second = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out())
                .contains("updated    device pi-0001: sensors door-2 added; sensor door-1 doorHeldOpenSeconds 120 -> 180\n")
                .contains("unchanged  device pi-0002 (already registered)")
                .contains("created 0, updated 1, unchanged 9, failed 0");
        assertThat(gw.get("/api/v1/devices/t1/pi-0001").body()).contains("door-2").contains("\"doorHeldOpenSeconds\":180");
        assertThat(gw.get("/api/v1/devices/t1/pi-0001/history").body()).contains("\"what\":\"changed\"");
        // its password is the one the bundle holds, unchanged
        String password = Files.readString(dir.resolve("site.yaml.credentials")).lines()
                .filter(l -> l.startsWith("pi-0001@t1=")).findFirst().orElseThrow().substring("pi-0001@t1=".length());
        gw.connect("pi-0001@t1", password).disconnect();
        Cli third = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);
        assertThat(third.out()).contains("created 0, updated 0, unchanged 10, failed 0");
    }

    @Test
    void aDeviceNoLongerListedIsNamedAndDecommissionedOnlyWithPruneAndConfirmation() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String url = gw.uri("").toString();
        assertThat(Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN).exit()).isZero();
        gw.registerDevice("t2", "pi-0002"); // another tenant's device of the same id is never touched
        String yaml = Files.readString(f);
        int from = yaml.indexOf("  - id: pi-0002\n");
        assertThat(from).isPositive();
        Files.writeString(f, yaml.substring(0, from));

        Cli listed = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);
        assertThat(listed.exit()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).contains("not in the file: pi-0002 (still in service on the gateway; --prune decommissions them)");

        Cli unasked = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN, "--prune");
        assertThat(unasked.exit()).isEqualTo(1);
        assertThat(unasked.err()).contains("--prune would decommission 1 device(s): pi-0002", "add --yes");
        assertThat(gw.get("/api/v1/devices/t1/pi-0002").statusCode()).isEqualTo(200);

        Cli pruned = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN, "--prune", "--yes");
        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isZero();
        assertThat(pruned.out()).contains("decommissioned device pi-0002 (no longer in the inventory)");
        assertThat(gw.get("/api/v1/devices/decommissioned").body()).contains("\"id\":\"pi-0002\"")
                .contains("no longer in the inventory site.yaml");
        assertThat(gw.get("/api/v1/devices/t2/pi-0002").statusCode()).isEqualTo(200);
        Cli again = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN, "--prune", "--yes");
        assertThat(again.out()).doesNotContain("decommissioned device").doesNotContain("not in the file");
    }

    @Test
    void aDeviceMovedToAnotherSiteOrZoneNamesEachField() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String url = gw.uri("").toString();
        assertThat(Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN).exit()).isZero();
        String yaml = Files.readString(f);
        String hydrant = "      - id: hydrant-1\n        kind: pressure\n        zone: basement\n";
        assertThat(yaml).contains(hydrant).contains("    location: Basement pump room\n");
        Files.writeString(f, yaml.replace(hydrant, hydrant.replace("zone: basement", "zone: pump-room"))
                .replace("pressureLowMpa: 0.35", "pressureLowMpa: 0.30")
                .replace("    location: Basement pump room\n", "    location: Basement pump room\n    maxSilenceSeconds: 600\n"));

        Cli r = Cli.run("register", f.toString(), "--gateway", url, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("updated    device pi-0002: maxSilenceSeconds none -> 600; "
                + "sensor hydrant-1 zone basement -> pump-room; sensor hydrant-1 pressureLowMpa 0.35 -> 0.3\n")
                .contains("unchanged  device pi-0001 (already registered)");
    }

    @Test
    void aRefusedTokenIsSaidOnceAndStopsWithWhereATokenComesFrom() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());

        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", "not-the-token");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).doesNotContain("FAILED").doesNotContain("created");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("register: the gateway at " + gw.uri("") + " does not accept this token (HTTP 401")
                .contains("stopped at person ").contains("$FIREGRID_DATA_DIR/admin-token")
                .contains("an installer token an admin issues with POST /api/v1/tokens");
        assertThat(gw.get("/api/v1/people?tenant=t1").body()).isEqualTo("[]");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "unauthorized"))
                .as("one request refused, then it stopped").isEqualTo(1.0);
    }

    @Test
    void aTokenWhoseRoleMayNotRegisterIsSaidOnceAndStops() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew")).getString("token");

        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", crew);

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("register: this token's role may not register (HTTP 403: role crew may not register")
                .contains("stopped at person li-wei with nothing more sent").contains("\"role\":\"installer\"");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "forbidden")).isEqualTo(1.0);
    }

    @Test
    void anInstallerTokenRegistersAndTheHelpSaysSo() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String installer = gw.issueToken(new JsonObject().put("name", "Zhao installer").put("role", "installer"))
                .getString("token");

        Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token", installer);

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("created 10, updated 0, unchanged 0, failed 0");
        assertThat(Cli.run("register", "--help").out().replaceAll("\\s+", " "))
                .contains("An admin or installer API token").doesNotContain("An admin API token");
    }

    @Test
    void aGatewayWithoutSchemeIsOneLineNamingTheUrlToWrite() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String bare = "127.0.0.1:" + gw.uri("").getPort();

        Cli r = Cli.run("register", f.toString(), "--gateway", bare, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("register: Invalid value for option '--gateway': " + bare + " has no scheme: write http://"
                + bare + " for the gateway's HTTP port").doesNotContain("URISyntaxException").doesNotContain("Usage:");
        assertThat(r.out()).isEmpty();
        assertThat(gw.get("/api/v1/people?tenant=t1").body()).isEqualTo("[]");
    }

    @Test
    void theMqttPortGivenAsGatewaySaysItDoesNotSpeakHttpAndWhereTheHttpPortIs() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", f.toString());
        String mqttAsHttp = gw.mqttUri().replace("tcp://", "http://");

        Cli r = Cli.run("register", f.toString(), "--gateway", mqttAsHttp, "--token", TestGateway.ADMIN_TOKEN);

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("register: " + mqttAsHttp.substring("http://".length()) + " does not speak HTTP")
                .contains("is it the MQTT port?").contains("ports.json as \"http\" (8080 by default");
        gw.registerDevice("t1", "pi-9");
        gw.connect("pi-9@t1").disconnect();
    }
}
