package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config register} with people's phones and preferences, duty rosters and a fire alarm
 * panel's UITD, against a real gateway: the docs' example (docs/examples/duty-and-panels.yaml) is
 * registered, registered again without a change, changed, and pruned: rosters the file dropped before
 * the people they named.
 */
class RosterRegistrationTest {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "duty-and-panels.yaml");
    /** 7 people, 1 station, 1 cell, 1 site, 2 rosters, 2 devices. */
    private static final int ITEMS = 14;

    @TempDir
    Path dir;

    private TestGateway gw;
    private Path file;
    private String url;

    @BeforeEach
    void startGateway() throws Exception {
        gw = TestGateway.start(dir.resolve("gw"));
        url = gw.uri("").toString();
        file = dir.resolve("site.yaml");
        Files.copy(EXAMPLE, file);
    }

    @AfterEach
    void stopGateway() {
        gw.close();
    }

    private Cli register(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("register", file.toString(), "--gateway",
                url, "--token", TestGateway.ADMIN_TOKEN));
        args.addAll(java.util.List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonObject json(String path) {
        var r = gw.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private void edit(String from, String to) throws Exception {
        String yaml = Files.readString(file);
        assertThat(yaml).contains(from);
        Files.writeString(file, yaml.replace(from, to));
    }

    @Test
    void createsPeopleRostersAndAUitdOnceAndASecondRunChangesNothing() throws Exception {
        Cli first = register();

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("created    person wang-fang", "created    roster of station station-1",
                "created    roster of cell cell-1", "created    device uitd-bldg7")
                .contains("created " + ITEMS + ", updated 0, unchanged 0, failed 0");
        JsonObject wang = json("/api/v1/people/jinqiao/wang-fang");
        assertThat(wang.getJsonArray("phones")).containsExactly("+8613800000002");
        JsonObject prefs = wang.getJsonObject("preferences");
        assertThat(prefs.getJsonObject("supervisory").getInteger("urgentAfterMinutes")).isEqualTo(30);
        assertThat(prefs.getJsonObject("trouble").getBoolean("digest")).isTrue();
        assertThat(prefs.getJsonObject("quietHours").getString("from")).isEqualTo("22:30");
        assertThat(prefs.getJsonObject("fire").getJsonArray("raised")).as("a key the file leaves out: the gateway's default")
                .containsExactly("sms", "voice");
        assertThat(json("/api/v1/people/jinqiao/liu-yang").getJsonArray("phones"))
                .containsExactly("+8613800000005", "+862150000005");
        JsonObject roster = json("/api/v1/stations/jinqiao/station-1/roster");
        assertThat(roster.getString("head")).isEqualTo("sun-hao");
        assertThat(roster.getJsonArray("shifts")).hasSize(2);
        assertThat(roster.getJsonArray("leave").getJsonObject(0).getString("to")).isEqualTo("2026-12-23");
        // Tuesday 8 December 2026, 22:00 in Shanghai: the night shift
        JsonObject night = json("/api/v1/stations/jinqiao/station-1/on-duty?at=2026-12-08T14:00:00Z");
        assertThat(night.getBoolean("roster")).isTrue();
        assertThat(names(night.getJsonArray("people"))).containsExactly("chen-jing");
        assertThat(names(night.getJsonArray("backup"))).containsExactly("liu-yang");
        assertThat(names(json("/api/v1/cells/jinqiao/cell-1/on-duty?at=2026-12-12T03:00:00Z").getJsonArray("people")))
                .as("Saturday 11:00 in the cell").containsExactly("zhou-lei");
        JsonObject uitd = json("/api/v1/devices/jinqiao/uitd-bldg7/gb26875");
        assertThat(uitd.getString("gb26875Address")).isEqualTo("0000c0a80164");
        assertThat(uitd.getString("gb26875Allow")).isEqualTo("10.8.0.0/24");

        Cli second = register();

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("unchanged  person wang-fang (already registered)",
                "unchanged  roster of station station-1", "unchanged  roster of cell cell-1",
                "unchanged  device uitd-bldg7 (already registered)")
                .contains("created 0, updated 0, unchanged " + ITEMS + ", failed 0");
    }

    @Test
    void aChangedRosterOrPhoneIsUpdatedAndPreferencesTheFileDoesNotWriteKeepTheConsolesValue() throws Exception {
        assertThat(register().exit()).isZero();
        // on the console: Li Wei wants trouble alarms at once; Wang Fang moves her quiet hours and fire reminders
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/people/jinqiao/li-wei", new JsonObject()
                .put("name", "Li Wei").put("role", "crew").put("phone", "+86-138-0000-0001")
                .put("preferences", new JsonObject().put("trouble", new JsonObject().put("raised", new JsonArray().add("sms"))))
                .encode()).statusCode()).isEqualTo(200);
        JsonObject wang = json("/api/v1/people/jinqiao/wang-fang");
        JsonObject wangPrefs = wang.getJsonObject("preferences");
        wangPrefs.getJsonObject("quietHours").put("from", "23:00");
        wangPrefs.getJsonObject("fire").put("reminder", new JsonArray().add("sms"));
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/people/jinqiao/wang-fang", wang.encode()).statusCode())
                .isEqualTo(200);
        edit("phones: [\"+8613800000001\"]", "phones: [\"+8613800000011\"]");
        edit("to: 2026-12-23}", "to: 2026-12-24}");

        Cli r = register();

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("updated    person li-wei", "updated    person wang-fang",
                "updated    roster of station station-1", "unchanged  roster of cell cell-1")
                .contains("created 0, updated 3, unchanged " + (ITEMS - 3) + ", failed 0");
        JsonObject li = json("/api/v1/people/jinqiao/li-wei");
        assertThat(li.getJsonArray("phones")).containsExactly("+8613800000011");
        assertThat(li.getJsonObject("preferences").getJsonObject("trouble").getJsonArray("raised"))
                .as("the file writes no preferences for Li Wei: the console's stay").containsExactly("sms");
        JsonObject wangAfter = json("/api/v1/people/jinqiao/wang-fang").getJsonObject("preferences");
        assertThat(wangAfter.getJsonObject("quietHours").getString("from")).as("the file's key").isEqualTo("22:30");
        assertThat(wangAfter.getJsonObject("fire").getJsonArray("reminder")).as("a key the file does not write")
                .containsExactly("sms");
        assertThat(json("/api/v1/stations/jinqiao/station-1/roster").getJsonArray("leave").getJsonObject(0).getString("to"))
                .isEqualTo("2026-12-24");
        assertThat(register().out()).contains("created 0, updated 0, unchanged " + ITEMS + ", failed 0");
    }

    @Test
    void pruneRemovesTheRosterTheFileDroppedBeforeThePeopleItNamedAfterAsking() throws Exception {
        assertThat(register().exit()).isZero();
        // Zhou Lei leaves: out of the people, the cell and its roster
        edit("""
                  - id: zhou-lei
                    name: Zhou Lei
                    role: grid-worker
                    phones: ["+8613800000006"]
                """, "");
        edit("gridWorkers: [wang-fang, zhou-lei]", "gridWorkers: [wang-fang]");
        edit("people: [zhou-lei]}", "people: [wang-fang]}");
        // Liu Yang leaves the people and the crew, and the station's roster that names them leaves the file
        edit("""
                  - id: liu-yang
                    name: Liu Yang
                    role: crew
                    phones: ["+8613800000005", "+862150000005"]   # mobile first, then the station's landline
                """, "");
        edit("crew: [li-wei, chen-jing, liu-yang]", "crew: [li-wei, chen-jing]");
        String yaml = Files.readString(file);
        int from = yaml.indexOf("    # Who is on duty when");
        int to = yaml.indexOf("\ncells:");
        Files.writeString(file, yaml.substring(0, from) + yaml.substring(to));

        Cli listed = register();
        assertThat(listed.exit()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).contains("updated    roster of cell cell-1",
                "not in the file: roster of station station-1 (still on the gateway; --prune removes them)",
                "not in the file: person liu-yang, zhou-lei (still on the gateway; --prune removes them)");
        assertThat(gw.get("/api/v1/stations/jinqiao/station-1/roster").statusCode()).as("listed, not removed").isEqualTo(200);

        Cli unasked = register("--prune");
        assertThat(unasked.exit()).isEqualTo(1);
        assertThat(unasked.err()).contains("--prune would remove 1 roster(s): roster of station station-1; no roster removed",
                "--prune would remove 2 person(s): liu-yang, zhou-lei", "add --yes");
        assertThat(gw.get("/api/v1/stations/jinqiao/station-1/roster").statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/v1/people/jinqiao/zhou-lei").statusCode()).isEqualTo(200);

        Cli pruned = register("--prune", "--yes");

        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isZero();
        assertThat(pruned.out()).contains("removed    roster of station station-1 (no longer in the inventory",
                "removed    person liu-yang (no longer in the inventory)", "removed    person zhou-lei (no longer in the inventory)")
                .contains("failed 0");
        assertThat(pruned.out().indexOf("removed    roster of station station-1"))
                .as("the roster goes before the person it names").isLessThan(pruned.out().indexOf("removed    person liu-yang"));
        assertThat(gw.get("/api/v1/stations/jinqiao/station-1/roster").statusCode()).isEqualTo(404);
        assertThat(json("/api/v1/stations/jinqiao/station-1/on-duty?at=2026-12-08T14:00:00Z").getBoolean("roster"))
                .as("the whole crew on duty again").isFalse();
        assertThat(json("/api/v1/cells/jinqiao/cell-1/roster").getJsonArray("shifts")).as("the roster the file keeps").hasSize(2);
        assertThat(gw.get("/api/v1/people/jinqiao/zhou-lei").statusCode()).isEqualTo(404);
        assertThat(gw.get("/api/v1/people/jinqiao/liu-yang").statusCode()).isEqualTo(404);
        assertThat(gw.get("/api/v1/people/jinqiao/li-wei").statusCode()).as("everyone listed stays").isEqualTo(200);

        Cli again = register("--prune", "--yes");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).doesNotContain("not in the file", "removed ");
    }

    @Test
    void aPersonAStationTheFileDoesNotListStillNamesIsRefusedWithWhoNamesThem() throws Exception {
        assertThat(register().exit()).isZero();
        // a second station created on the gateway by hand, with Chen Jing in its crew; then Chen Jing leaves the file
        assertThat(gw.post("/api/v1/stations", new JsonObject().put("tenant", "jinqiao").put("id", "station-2")
                .put("name", "Station 2").put("location", new JsonObject().put("lat", 31.0).put("lon", 121.0))
                .put("crew", new JsonArray().add("chen-jing")).encode()).statusCode()).isEqualTo(201);
        edit("""
                  - id: chen-jing
                    name: Chen Jing
                    role: crew
                    phones: ["+8613800000004"]
                """, "");
        edit("crew: [li-wei, chen-jing, liu-yang]", "crew: [li-wei, liu-yang]");
        edit("people: [chen-jing], backup: [liu-yang]}", "people: [liu-yang]}");
        edit("""
                      swaps:
                        - {date: 2026-12-24, out: chen-jing, in: liu-yang}
                """, "");

        Cli pruned = register("--prune", "--yes");

        assertThat(pruned.exit()).as("a person the gateway keeps fails the run").isEqualTo(1);
        assertThat(pruned.out()).contains("REFUSED    person chen-jing: the gateway keeps them while they are named")
                .contains("station station-2").contains("take chen-jing off those").contains("failed 1");
        assertThat(gw.get("/api/v1/people/jinqiao/chen-jing").statusCode()).isEqualTo(200);
    }

    @Test
    void aUitdWhoseAddressChangedInTheFileIsNamedAndNotSent() throws Exception {
        assertThat(register().exit()).isZero();
        edit("gb26875Address: \"0000c0a80164\"", "gb26875Address: \"0000c0a80165\"");

        Cli r = register();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("CHANGED    device uitd-bldg7: gb26875Address 0000c0a80164 -> 0000c0a80165")
                .contains("give the UITD a new id");
        assertThat(json("/api/v1/devices/jinqiao/uitd-bldg7/gb26875").getString("gb26875Address")).isEqualTo("0000c0a80164");
    }

    private static java.util.List<String> names(JsonArray people) {
        return people.stream().map(p -> ((JsonObject) p).getString("id")).toList();
    }
}
