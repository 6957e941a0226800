package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill mode: an alarm raised while its site, or the station covering the site's grid cell, is in
 * drill is marked drill and flows like any other: stored, routed, escalated, sent to webhooks.
 */
class DrillScenarioTest {

    static final String SECRET = "a-webhook-secret-of-some-length";

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        scenario = DispatchScenario.start(dataDir);
        receiver = new WebhookReceiver();
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().station("station-S").at(31.2300, 121.4700).escalatesTo("station-N");
        scenario.given().station("station-N").at(31.2400, 121.4800);
        scenario.given().dutyOfficer("duty");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        receiver.close();
    }

    @Test
    void alarmOfASiteInDrillIsMarkedDrillAndStillRoutedAndEscalated() {
        scenario.given().webhook(receiver.url(), SECRET);
        scenario.when().site("bldg-7").isPutInDrill();

        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();

        scenario.then().alarmIsDrill().notified("station-S crew", "w1", "c1");
        scenario.when().secondsPass(61);
        scenario.then().escalatedTo("station-N crew", "duty");
        // every webhook body says drill, at the top for SMS gateways and in the alarm
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3 + 2);
        assertThat(receiver.accepted()).allSatisfy(r -> {
            assertThat(r.json().getBoolean("drill")).as(r.body()).isTrue();
            assertThat(r.json().getJsonObject("alarm").getBoolean("drill")).isTrue();
        });
        assertThat(receiver.accepted()).extracting(WebhookReceiver.Request::reason).contains("raised", "escalated");
    }

    @Test
    void stationInDrillMarksTheAlarmsOfTheSitesInTheCellsItCovers() {
        scenario.given().site("bldg-9").inCell("cell-4").coveredBy("station-T");
        scenario.when().station("station-S").isPutInDrill();

        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsDrill().notified("station-S crew", "w1", "c1");

        scenario.when().detector("pi-bldg-9", "smoke-1").alarms();
        scenario.then().alarmIsReal().notified("station-T crew");
    }

    @Test
    void afterTheDrillTheNextAlarmIsRealAndTheDrillAlarmStaysDrill() {
        scenario.given().webhook(receiver.url(), SECRET);
        scenario.when().site("bldg-7").isPutInDrill();
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        long drillAlarm = scenario.alarmId();
        resolve(drillAlarm, "drill");

        scenario.when().site("bldg-7").isTakenOutOfDrill();
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();

        assertThat(scenario.alarmId()).isNotEqualTo(drillAlarm);
        scenario.then().alarmIsReal().notified("station-S crew", "w1", "c1");
        assertThat(new JsonObject(scenario.gateway().get("/api/v1/alarms/" + drillAlarm).body()).getBoolean("drill"))
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3 + 3);
        assertThat(receiver.accepted()).filteredOn(r -> r.json().getJsonObject("alarm").getLong("id") == scenario.alarmId())
                .hasSize(3).allSatisfy(r -> assertThat(r.json().getBoolean("drill")).isFalse());
    }

    @Test
    void aDrillNobodyEndsEndsByItselfAndTheNextAlarmIsReal() {
        scenario.when().site("bldg-7").isPutInDrillFor(10);
        scenario.when().secondsPass(10 * 60 - 1);
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsDrill();
        resolve(scenario.alarmId(), "drill");

        scenario.when().secondsPass(1);
        JsonObject site = new JsonObject(scenario.gateway().get("/api/v1/sites/t1/bldg-7").body());
        assertThat(site.getBoolean("drill")).as(site.encode()).isFalse();
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsReal().notified("station-S crew", "w1", "c1");
    }

    @Test
    void aDrillEndsAfterTwoHoursUnlessToldOtherwiseEvenAcrossARestart() {
        scenario.when().station("station-S").isPutInDrill();
        JsonObject station = new JsonObject(scenario.gateway().get("/api/v1/stations/t1/station-S").body());
        assertThat(station.getString("drillUntil")).isEqualTo("2026-11-28T14:00:00Z");

        scenario.restart();
        scenario.when().timeJumps(Duration.ofHours(2));
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsReal();
    }

    @Test
    void drillStateSurvivesARestart() {
        scenario.when().site("bldg-7").isPutInDrill();
        scenario.when().station("station-N").isPutInDrill();

        scenario.restart();

        JsonObject site = new JsonObject(scenario.gateway().get("/api/v1/sites/t1/bldg-7").body());
        assertThat(site.getBoolean("drill")).isTrue();
        assertThat(site.getString("drillSince")).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(site.getString("drillBy")).isEqualTo("admin");
        assertThat(new JsonObject(scenario.gateway().get("/api/v1/stations/t1/station-N").body()).getBoolean("drill"))
                .isTrue();
        assertThat(new JsonObject(scenario.gateway().get("/api/v1/stations/t1/station-S").body()).getBoolean("drill"))
                .isFalse();
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsDrill();
    }

    private void resolve(long alarm, String cause) {
        HttpResponse<String> r = scenario.gateway().post("/api/v1/alarms/" + alarm + "/resolve",
                "{\"cause\":\"" + cause + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
