package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.place.Role;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is told by the duty rosters and the alarm's class, in memory ({@link InMemoryDispatch}):
 * a fire at night reaches the night shift only and escalates backup -> head -> next station; a
 * low battery stays in its station, is not texted at night and comes in the morning's digest; a
 * swap changes who is on duty; a restart keeps the escalation's place. Times are Asia/Shanghai
 * (UTC+8): 2026-12-06T19:00Z is Monday 7 December, 03:00 local.
 */
class RosterDispatchScenarioTest {

    static final Instant MONDAY_3AM = Instant.parse("2026-12-06T19:00:00Z");
    static final Instant MONDAY_11PM = Instant.parse("2026-12-07T15:00:00Z");

    @TempDir
    Path dir;

    InMemoryDispatch scenario;

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void fireAt3amTellsOnlyTheNightCrewAndNightGridWorkerByEveryChannel() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM);
        givenRosteredStationAndCell();

        scenario.when().detector("smoke-1").alarms();

        scenario.then().notified("station-S crew", "w-night", "c1");
        assertThat(scenario.then().stationPeople("station-S")).containsExactlyInAnyOrder("zhao", "qian");
        assertThat(scenario.then().messaged("sms", Reason.RAISED))
                .containsExactlyInAnyOrder("zhao", "qian", "w-night", "c1");
        assertThat(scenario.then().messaged("voice", Reason.RAISED))
                .containsExactlyInAnyOrder("zhao", "qian", "w-night", "c1");
    }

    @Test
    void unacknowledgedFireEscalatesToTheBackupsThenTheHeadThenTheNextStation() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM);
        givenRosteredStationAndCell();

        scenario.when().detector("smoke-1").alarms().secondsPass(180);

        Map<Long, List<String>> steps = scenario.then().escalations();
        assertThat(steps.keySet()).containsExactly(60L, 120L, 180L);
        assertThat(steps.get(60L)).containsExactlyInAnyOrder("sun", "w-backup");
        assertThat(steps.get(120L)).containsExactly("chief");
        assertThat(steps.get(180L)).containsExactlyInAnyOrder("station-N crew", "duty");
        assertThat(scenario.then().messaged("voice", Reason.ESCALATED)).contains("sun", "chief", "duty");
    }

    @Test
    void aSwapPutsAnotherPersonOnTheShiftThatBeganThatDay() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM);
        givenRosteredStationAndCell();
        // the night shift at 03:00 Monday began on Sunday the 6th at 20:00
        scenario.given().stationRoster("station-S").swap("2026-12-06", "zhao", "li");

        scenario.when().detector("smoke-1").alarms();

        assertThat(scenario.then().stationPeople("station-S")).containsExactlyInAnyOrder("li", "qian");
        assertThat(scenario.then().messaged("sms", Reason.RAISED)).contains("li").doesNotContain("zhao");
    }

    @Test
    void theDayShiftIsToldByDay() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM.plus(Duration.ofHours(7)));
        givenRosteredStationAndCell();

        scenario.when().detector("smoke-1").alarms();

        assertThat(scenario.then().stationPeople("station-S")).containsExactlyInAnyOrder("li", "wang");
        scenario.then().notified("station-S crew", "w-day", "c1");
    }

    @Test
    void aRestartKeepsTheEscalationWhereItWas() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM);
        givenRosteredStationAndCell();
        scenario.when().detector("smoke-1").alarms().secondsPass(60);

        scenario.when().gatewayRestarts().secondsPass(60);

        Map<Long, List<String>> steps = scenario.then().escalations();
        assertThat(steps.keySet()).containsExactly(60L, 120L);
        assertThat(steps.get(120L)).containsExactly("chief");
    }

    @Test
    void lowBatteryAtNightStaysInTheStationSendsNoMessageAndComesInTheMorningDigest() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_11PM);
        givenRosteredStationAndCell();
        scenario.given().batteryDevice("pi-batt", "bldg-7");

        scenario.when().batteryRunsLow("pi-batt");
        scenario.then().notified("station-S crew", "w-night", "c1");
        assertThat(scenario.then().messaged("sms", Reason.RAISED)).isEmpty();
        assertThat(scenario.then().messaged("voice", Reason.RAISED)).isEmpty();

        // 03:00: four hours on, but trouble waits for the morning
        scenario.when().timeJumps(Duration.ofHours(4));
        assertThat(scenario.then().escalations()).isEmpty();
        // 07:00: the station head, and no one outside the station
        scenario.when().timeJumps(Duration.ofHours(4));
        assertThat(scenario.then().escalations()).containsOnlyKeys(8 * 3600L);
        assertThat(scenario.then().escalations().get(8 * 3600L)).containsExactly("chief");
        // 08:00: the digest
        scenario.when().timeJumps(Duration.ofHours(1));
        scenario.when().timeJumps(Duration.ofHours(30));

        assertThat(scenario.then().recipients(Reason.ESCALATED)).doesNotContain("station-N crew", "duty");
        assertThat(scenario.then().messaged("sms", Reason.ESCALATED)).isEmpty();
        assertThat(scenario.then().messaged("sms", Reason.REMINDER)).isEmpty();
        List<JsonObject> digests = scenario.then().digests();
        assertThat(digests).extracting(d -> d.getJsonObject("person").getString("id"))
                .containsExactlyInAnyOrder("zhao", "qian", "w-night", "c1", "chief");
        JsonObject night = digests.stream().filter(d -> d.getJsonObject("person").getString("id").equals("w-night"))
                .findFirst().orElseThrow();
        assertThat(night.getString("type")).isEqualTo("digest");
        assertThat(night.getString("to")).isEqualTo("2026-12-08T00:00:00Z");
        assertThat(night.getJsonArray("alarms")).hasSize(1);
        assertThat(night.getJsonArray("alarms").getJsonObject(0).getLong("id")).isEqualTo(scenario.then().alarm().id());
        assertThat(night.getJsonArray("alarms").getJsonObject(0).getString("type")).isEqualTo("low-battery");
    }

    @Test
    void doorHeldOpenAtNightIsNotTextedUntilUnacknowledgedFor15MinutesAndStaysInTheStation() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_11PM);
        givenRosteredStationAndCell();
        scenario.given().doorDevice("pi-door", "bldg-7");

        scenario.when().doorIsHeldOpen("pi-door");
        scenario.then().notified("station-S crew", "w-night", "c1");
        assertThat(scenario.then().messaged("sms", Reason.RAISED)).isEmpty();

        // 10 minutes on: the backups are told, but quiet hours still hold the SMS back
        scenario.when().timeJumps(Duration.ofMinutes(10));
        assertThat(scenario.then().recipients(Reason.ESCALATED)).containsExactlyInAnyOrder("sun", "w-backup");
        assertThat(scenario.then().messaged("sms", Reason.ESCALATED)).isEmpty();
        // 20 minutes on: the head, by SMS now that nobody acknowledged for 15 minutes
        scenario.when().timeJumps(Duration.ofMinutes(10));
        assertThat(scenario.then().messaged("sms", Reason.ESCALATED)).containsExactly("chief");
        scenario.when().timeJumps(Duration.ofMinutes(30));
        assertThat(scenario.then().recipients(Reason.ESCALATED)).doesNotContain("station-N crew", "duty");
        assertThat(scenario.then().messaged("sms", Reason.REMINDER))
                .containsExactlyInAnyOrder("zhao", "qian", "w-night", "c1", "sun", "w-backup", "chief");
    }

    @Test
    void aPersonWhoWantsTroubleBySmsGetsItAtOnceByDay() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM.plus(Duration.ofHours(7)));
        givenRosteredStationAndCell();
        scenario.given().person("c1", Role.BUILDING_CAPTAIN, "{\"trouble\":{\"raised\":[\"sms\"],\"digest\":false}}");
        scenario.given().batteryDevice("pi-batt", "bldg-7");

        scenario.when().batteryRunsLow("pi-batt");

        assertThat(scenario.then().messaged("sms", Reason.RAISED)).containsExactly("c1");
    }

    @Test
    void withoutRostersEveryoneIsToldAndFireEscalatesAsBefore() {
        scenario = InMemoryDispatch.openAt(dir, MONDAY_3AM);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1");
        scenario.given().station("station-S").escalatesTo("station-N").withCrew("li", "zhao");
        scenario.given().station("station-N");
        scenario.given().dutyOfficer("duty");

        scenario.when().detector("smoke-1").alarms().secondsPass(60);

        assertThat(scenario.then().stationPeople("station-S")).containsExactlyInAnyOrder("station-S-crew", "li", "zhao");
        scenario.then().escalatedTo("station-N crew", "duty");
    }

    /**
     * bldg-7 in cell-3 covered by station-S (head chief; day li and wang, night zhao and qian with
     * backup sun), which escalates to station-N; cell-3 has w-day by day and w-night by night with
     * backup w-backup; captain c1; a duty officer.
     */
    private void givenRosteredStationAndCell() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w-day")
                .withGridWorker("w-night").withCaptain("c1");
        scenario.given().person("w-backup", Role.GRID_WORKER, "{}");
        scenario.given().station("station-S").escalatesTo("station-N").withCrew("li", "wang", "zhao", "qian", "sun");
        scenario.given().station("station-N");
        scenario.given().dutyOfficer("duty");
        scenario.given().stationRoster("station-S").head("chief")
                .shift("mon-sun", "08:00", "20:00", List.of("li", "wang"), List.of())
                .shift("mon-sun", "20:00", "08:00", List.of("zhao", "qian"), List.of("sun"));
        scenario.given().cellRoster("cell-3")
                .shift("mon-sun", "08:00", "20:00", List.of("w-day"), List.of())
                .shift("mon-sun", "20:00", "08:00", List.of("w-night"), List.of("w-backup"));
    }
}
