package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Changing and removing places and people: a new building captain, a cell handed to another
 * station, a site pulled down — and the refusals that keep routing whole (nothing removed while a
 * cell, site or device still names it).
 */
class PlaceChangeRoutesTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    TestGateway gw;

    @BeforeEach
    void start() {
        scenario = DispatchScenario.start(dataDir);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().station("station-S").at(31.2300, 121.4700).escalatesTo("station-N");
        scenario.given().station("station-N").at(31.2400, 121.4800);
        scenario.given().dutyOfficer("duty");
        scenario.when();
        gw = scenario.gateway();
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void aCellHandedToAnotherStationSendsTheNextAlarmThere() {
        JsonObject cell = ok(put("/api/v1/cells/t1/cell-3", "{'station':'station-N','gridWorkers':['w1']}"));
        assertThat(cell.getString("station")).isEqualTo("station-N");
        assertThat(cell.getString("tenant")).as("tenant and id come from the path").isEqualTo("t1");

        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().notified("station-N crew", "w1", "c1");
    }

    @Test
    void aNewBuildingCaptainGetsTheNextAlarmAndTheOldOneCanThenBeRemoved() {
        created("/api/v1/people", "{'tenant':'t1','id':'c2','name':'Zhao Min','role':'building-captain'}");
        JsonObject site = new JsonObject(gw.get("/api/v1/sites/t1/bldg-7").body());
        site.put("captains", new JsonArray().add("c2"));
        assertThat(ok(put("/api/v1/sites/t1/bldg-7", site.encode())).getJsonArray("captains")).containsExactly("c2");

        assertThat(delete("/api/v1/people/t1/c1").statusCode()).isEqualTo(204);
        assertThat(gw.get("/api/v1/people/t1/c1").statusCode()).isEqualTo(404);

        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c2");
    }

    @Test
    void changesSurviveARestartAndADrillInProgressStays() {
        assertThat(gw.post("/api/v1/sites/t1/bldg-7/drill", "{\"on\":true}").statusCode()).isEqualTo(200);
        JsonObject site = new JsonObject(gw.get("/api/v1/sites/t1/bldg-7").body()).put("name", "Building 7 (east)");
        JsonObject changed = ok(put("/api/v1/sites/t1/bldg-7", site.encode()));
        assertThat(changed.getBoolean("drill")).isTrue();

        scenario.restart();
        gw = scenario.gateway();
        JsonObject after = new JsonObject(gw.get("/api/v1/sites/t1/bldg-7").body());
        assertThat(after.getString("name")).isEqualTo("Building 7 (east)");
        assertThat(after.getBoolean("drill")).isTrue();
    }

    @Test
    void nothingIsRemovedWhileSomethingStillNamesIt() {
        assertInUse(delete("/api/v1/stations/t1/station-S"), "cell cell-3 (station)");
        assertInUse(delete("/api/v1/stations/t1/station-N"), "station station-S (next)");
        assertInUse(delete("/api/v1/cells/t1/cell-3"), "site bldg-7 (cell)");
        assertInUse(delete("/api/v1/sites/t1/bldg-7"), "device pi-bldg-7");
        assertInUse(delete("/api/v1/people/t1/w1"), "cell cell-3 (gridWorkers)");
        assertInUse(put("/api/v1/people/t1/w1", "{'name':'W1','role':'crew'}"), "cell cell-3 (gridWorkers)");
        assertThat(gw.get("/api/v1/stations/t1/station-S").statusCode()).isEqualTo(200);
        assertThat(new JsonObject(gw.get("/api/v1/people/t1/w1").body()).getString("role")).isEqualTo("grid-worker");
    }

    @Test
    void aSiteWithoutDevicesCanBeRemovedAndThenItsCellAndStation() {
        created("/api/v1/stations", "{'tenant':'t1','id':'T','name':'T','location':{'lat':31.2,'lon':121.4}}");
        created("/api/v1/cells", "{'tenant':'t1','id':'c9','station':'T'}");
        created("/api/v1/sites", "{'tenant':'t1','id':'b9','name':'B9','cell':'c9','building':'9'}");
        assertThat(gw.post("/api/v1/sites/t1/b9/drill", "{\"on\":true}").statusCode()).isEqualTo(200);

        assertThat(delete("/api/v1/sites/t1/b9").statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/cells/t1/c9").statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/stations/t1/T").statusCode()).isEqualTo(204);
        assertThat(gw.get("/api/v1/sites/t1/b9").statusCode()).isEqualTo(404);
        assertThat(delete("/api/v1/sites/t1/b9").statusCode()).as("removing twice").isEqualTo(404);
        created("/api/v1/sites", "{'tenant':'t1','id':'b9','name':'B9 new','building':'9'}");
        assertThat(new JsonObject(gw.get("/api/v1/sites/t1/b9").body()).getBoolean("drill"))
                .as("a site made again does not inherit the old one's drill").isFalse();
    }

    @Test
    void escalationCannotBeMadeToGoRoundInACircle() {
        HttpResponse<String> r = put("/api/v1/stations/t1/station-N",
                "{'name':'N','location':{'lat':31.24,'lon':121.48},'next':'station-S'}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("bad-next");
        assertThat(new JsonObject(gw.get("/api/v1/stations/t1/station-N").body()).getValue("next")).isNull();
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | cells/t1/nowhere    | {'station':'station-S'}              | 404 | unknown-cell
            PUT    | cells/t2/cell-3     | {'station':'station-S'}              | 404 | unknown-cell
            PUT    | cells/t1/cell-3     | {'id':'cell-4','station':'station-S'} | 400 | id-mismatch
            PUT    | cells/t1/cell-3     | {'tenant':'t2','station':'station-S'} | 400 | id-mismatch
            PUT    | cells/t1/cell-3     | {'station':'nowhere'}                | 400 | unknown-reference
            PUT    | cells/t1/cell-3     | {}                                   | 400 | missing-field
            PUT    | cells/t1/cell-3     | '{'                                  | 400 | malformed-json
            PUT    | sites/t1/bldg-7     | {'name':'B','building':'7','captains':['w1']} | 400 | wrong-role
            PUT    | people/t1/nobody    | {'name':'N','role':'crew'}           | 404 | unknown-person
            PUT    | people/t1/w1        | {'name':'N','role':'chief'}          | 400 | bad-role
            DELETE | people/t1/nobody    | ''                                   | 404 | unknown-person
            DELETE | stations/t1/nowhere | ''                                   | 404 | unknown-station
            """)
    void refusesBadChanges(String method, String path, String body, int status, String error) {
        HttpResponse<String> r = method.equals("PUT") ? put("/api/v1/" + path, body) : delete("/api/v1/" + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject json = new JsonObject(r.body());
        assertThat(json.getString("error")).as(r.body()).isEqualTo(error);
        assertThat(json.getString("detail")).as("a reason a person can act on").hasSizeGreaterThan(10);
    }

    @Test
    void onlyAdminsAndInstallersChangePlaces() {
        HttpResponse<String> issued = gw.post("/api/v1/tokens", "{\"name\":\"crew-1\",\"role\":\"crew\"}");
        String token = new JsonObject(issued.body()).getString("token");
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/people/t1/w1"))
                .header("Authorization", "Bearer " + token).DELETE().build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("change or remove places and people");
        assertThat(gw.get("/api/v1/people/t1/w1").statusCode()).isEqualTo(200);
    }

    private void assertInUse(HttpResponse<String> r, String namedBy) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonObject json = new JsonObject(r.body());
        assertThat(json.getString("error")).isEqualTo("in-use");
        assertThat(json.getString("detail")).contains(namedBy);
    }

    private void created(String path, String body) {
        HttpResponse<String> r = gw.post(path, body.replace('\'', '"'));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static JsonObject ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private HttpResponse<String> put(String path, String body) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build());
    }

    private HttpResponse<String> delete(String path) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                .DELETE().build());
    }
}
