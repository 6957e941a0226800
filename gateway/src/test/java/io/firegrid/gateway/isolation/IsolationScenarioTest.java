package io.firegrid.gateway.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An isolated detector (屏蔽, while decorators sand a corridor): its smoke alarm is stored and shown
 * marked isolated and notifies no one; the isolation ends by itself, says so, and the next alarm
 * goes out as usual; the inspector's report lists it.
 */
class IsolationScenarioTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    TestGateway gw;

    @BeforeEach
    void start() {
        scenario = DispatchScenario.start(dataDir);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().site("bldg-9").inCell("cell-3");
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
    void anIsolatedDetectorsAlarmIsStoredAndNotifiesNoOneUntilTheIsolationEnds() {
        // GIVEN smoke-1 of bldg-7 isolated for an hour
        JsonObject isolation = created(gw.post("/api/v1/isolations", """
                {"tenant":"t1","device":"pi-bldg-7","sensor":"smoke-1","reason":"decorators sanding the corridor","minutes":60}"""));
        assertThat(isolation.getString("by")).isEqualTo("admin");
        assertThat(isolation.getString("until")).isEqualTo(scenario.clock().instant().plusSeconds(3600).toString());

        // WHEN it alarms, and then a detector of another building of the same cell
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        long isolatedAlarm = scenario.alarmId();
        scenario.when().detector("pi-bldg-9", "smoke-1").alarms();

        // THEN the other alarm went out as usual, and only after it was the isolated one looked at
        scenario.then().notified("station-S crew", "w1");
        JsonObject stored = new JsonObject(gw.get("/api/v1/alarms/" + isolatedAlarm).body());
        assertThat(stored.getBoolean("isolated")).as("shown marked isolated").isTrue();
        assertThat(stored.getString("state")).isEqualTo("raised");
        assertThat(new JsonArray(gw.get("/api/v1/alarms/" + isolatedAlarm + "/notifications").body())).as("told no one").isEmpty();
        scenario.when().secondsPass(61);
        assertThat(new JsonArray(gw.get("/api/v1/alarms/" + isolatedAlarm + "/notifications").body()))
                .as("not escalated either").isEmpty();
        assertThat(new JsonArray(gw.get("/api/v1/isolations").body()).size()).isEqualTo(1);
        assertThat(gw.metric("firegrid_isolations")).isEqualTo(1.0);

        // WHEN the hour has passed
        scenario.when().timeJumps(Duration.ofMinutes(60));

        // THEN the isolation has ended by itself, counted, and the next alarm of that detector is told
        assertThat(new JsonArray(gw.get("/api/v1/isolations").body())).isEmpty();
        assertThat(gw.metric("firegrid_isolations_ended_total", "by", "expiry")).isEqualTo(1.0);
        HttpResponse<String> resolved = gw.post("/api/v1/alarms/" + isolatedAlarm + "/resolve", "{\"cause\":\"maintenance\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        assertThat(scenario.alarmId()).isNotEqualTo(isolatedAlarm);
        scenario.then().notified("station-S crew", "w1", "c1");
        assertThat(scenario.then().alarm().getBoolean("isolated")).isFalse();

        // AND the inspector's report lists the isolation, ended at its time
        HttpResponse<String> csv = gw.get("/api/v1/isolations/report");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(2).first().isEqualTo(
                "id,tenant,device,sensor,reason,by,from,until,endedAt,endedBy,minutes");
        assertThat(csv.body().lines().skip(1).findFirst().orElseThrow())
                .contains("t1,pi-bldg-7,smoke-1,decorators sanding the corridor,admin,").endsWith(",expiry,60");
    }

    @Test
    void aWholeDeviceIsIsolatedAndAnIsolationEndedEarlyLetsAlarmsOutAgain() {
        JsonObject isolation = created(gw.post("/api/v1/isolations",
                "{\"tenant\":\"t1\",\"device\":\"pi-bldg-7\",\"reason\":\"detector heads replaced\"}"));
        assertThat(isolation.getString("until")).as("8 hours unless said")
                .isEqualTo(scenario.clock().instant().plus(Duration.ofHours(8)).toString());
        scenario.when().detector("pi-bldg-7", "smoke-2").alarms();
        assertThat(scenario.then().alarm().getBoolean("isolated")).isTrue();

        HttpResponse<String> ended = gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/isolations/" + isolation.getLong("id"), null);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(new JsonObject(ended.body()).getString("endedBy")).isEqualTo("admin");
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {'tenant':'t1','device':'pi-bldg-7','sensor':'smoke-1'}                              | 400 | missing-reason
            {'tenant':'t1','device':'pi-bldg-7','reason':'r','minutes':0}                        | 400 | bad-length
            {'tenant':'t1','device':'pi-bldg-7','reason':'r','minutes':10081}                    | 400 | bad-length
            {'tenant':'t1','device':'pi-bldg-7','reason':'r','minutes':'forever'}                | 400 | bad-length
            {'tenant':'t1','device':'pi-bldg-7','sensor':'smoke-9','reason':'r'}                 | 400 | unknown-sensor
            {'tenant':'t1','device':'pi-nowhere','reason':'r'}                                   | 404 | unknown-device
            """)
    void refusesAnIsolationWithoutReasonEndOrTarget(String body, int status, String error) {
        HttpResponse<String> r = gw.post("/api/v1/isolations", body.replace('\'', '"'));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo(error);
        assertThat(new JsonObject(r.body()).getString("detail")).hasSizeGreaterThan(10);
        assertThat(new JsonArray(gw.get("/api/v1/isolations").body())).isEmpty();
    }

    @Test
    void aGridWorkerMayNotIsolateAFacilityManagerMay() {
        String worker = gw.issueToken(new JsonObject().put("name", "w1").put("role", "grid-worker")).getString("token");
        String body = "{\"tenant\":\"t1\",\"device\":\"pi-bldg-7\",\"reason\":\"r\"}";
        HttpResponse<String> r = gw.as(worker, "POST", "/api/v1/isolations", body);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("isolate sensors and devices");
        String manager = gw.issueToken(new JsonObject().put("name", "fm").put("role", "facility-manager")).getString("token");
        assertThat(gw.as(manager, "POST", "/api/v1/isolations", body).statusCode()).isEqualTo(201);
    }

    private static JsonObject created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body());
    }
}
