package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is told of an alarm, and who next when nobody acknowledges: the rules of
 * {@code RoutingScenarioTest}, {@code EscalationScenarioTest}, {@code NearestStationScenarioTest}
 * and {@code DrillScenarioTest}, without a gateway ({@link InMemoryDispatch}: the alarm engine in
 * memory, the real {@link Router} and {@link Escalator} on a store in a temporary directory). The
 * gateway-based scenarios prove the same through MQTT, HTTP and webhooks.
 *
 * <p>On the shared 2-core machine (load average about 14 from other builds) the 14 cases took 6.3 s,
 * 0.1 to 0.6 s each but the first (3 s, class loading): most of it is the store's synchronous
 * commit of each simulated second. The gateway-based scenarios took 1.3 to 4 s each in the same run.
 */
class DispatchInMemoryScenarioTest {

    @TempDir
    Path dir;

    @TempDir
    Path otherDir;

    InMemoryDispatch scenario;

    @BeforeEach
    void open() {
        scenario = InMemoryDispatch.open(dir);
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void smokeAlarmReachesTheCoveringStationTheGridWorkerAndTheBuildingCaptain() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().dutyOfficer("duty");

        scenario.when().detector("smoke-1").alarms();

        scenario.then().notified("station-S crew", "w1", "c1");
    }

    @Test
    void otherCellsAndTheirPeopleAreNotTold() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1");
        scenario.given().site("bldg-9").inCell("cell-4").coveredBy("station-T").withGridWorker("w2").withCaptain("c2");

        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();

        scenario.then().notified("station-S crew", "w1");
    }

    @Test
    void deviceWithoutASiteReachesOnlyTheDutyOfficer() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1");
        scenario.given().dutyOfficer("duty").deviceWithoutSite("pi-loose");

        scenario.when().detector("pi-loose", "smoke-1").alarms();

        scenario.then().notified("duty");
    }

    @Test
    void siteInNoCellReachesTheDutyOfficerAndItsCaptain() {
        scenario.given().site("bldg-7").withCaptain("c1");
        scenario.given().dutyOfficer("duty");

        scenario.when().detector("smoke-1").alarms();

        scenario.then().notified("duty", "c1");
    }

    @Test
    void alarmWithNobodyToTellIsRecordedAsToldNobody() {
        scenario.given().deviceWithoutSite("pi-loose");

        scenario.when().detector("pi-loose", "smoke-1").alarms().secondsPass(61);

        scenario.then().notified().escalatedTo();
    }

    @Test
    void secondDetectorConfirmingTheFireTellsNobodyAgain() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1");

        scenario.when().detector("smoke-1").alarms();
        scenario.when().detector("smoke-2").alarms();

        scenario.then().notified("station-S crew", "w1");
    }

    @Test
    void unacknowledgedFor60SecondsEscalatesToTheNextStationAndTheDutyOfficer() {
        givenTwoStations();
        scenario.when().detector("smoke-1").alarms();

        scenario.when().secondsPass(59);
        scenario.then().notEscalated();

        scenario.when().secondsPass(1);
        scenario.then().escalatedTo("station-N crew", "duty");
    }

    @Test
    void acknowledgedInTimeNeverEscalates() {
        givenTwoStations();

        scenario.when().detector("smoke-1").alarms().secondsPass(30).someoneAcknowledges().secondsPass(200);

        scenario.then().notEscalated();
    }

    @Test
    void remindsEveryoneToldSoFarEveryIntervalUntilSomeoneAcknowledges() {
        givenTwoStations();

        scenario.when().detector("smoke-1").alarms().secondsPass(60 + 60 + 60 + 30).someoneAcknowledges().secondsPass(180);

        Map<Long, List<String>> rounds = scenario.then().reminders();
        assertThat(rounds.keySet()).containsExactly(120L, 180L);
        assertThat(rounds.values()).allSatisfy(told -> assertThat(told)
                .containsExactlyInAnyOrder("station-S crew", "w1", "c1", "station-N crew", "duty"));
    }

    @Test
    void afterALongOutageOneReminderIsSentNotOnePerMissedInterval() {
        givenTwoStations();
        scenario.when().detector("smoke-1").alarms().secondsPass(60);
        scenario.then().escalatedTo("station-N crew", "duty");

        scenario.when().timeJumps(Duration.ofMinutes(10));

        assertThat(scenario.then().reminders().keySet()).containsExactly(660L);
    }

    @Test
    void withoutAnExplicitNextStationTheNearestOtherStationIsTold() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
        scenario.given().station("station-S").at(31.2300, 121.4700);
        scenario.given().station("station-far").at(31.3000, 121.6000);
        scenario.given().station("station-near").at(31.2350, 121.4750);
        scenario.given().dutyOfficer("duty");

        scenario.when().detector("smoke-1").alarms().secondsPass(60);

        scenario.then().escalatedTo("station-near crew", "duty");
    }

    @Test
    void escalationIsDelayedAsConfigured() {
        scenario.close();
        scenario = InMemoryDispatch.open(otherDir, 120, 30);
        givenTwoStations();

        scenario.when().detector("smoke-1").alarms().secondsPass(119);
        scenario.then().notEscalated();
        scenario.when().secondsPass(1 + 60);

        scenario.then().escalatedTo("station-N crew", "duty");
        assertThat(scenario.then().reminders().keySet()).containsExactly(150L, 180L);
    }

    @Test
    void alarmOfASiteInDrillIsMarkedDrillAndFlowsAndEscalatesLikeAnyOther() {
        givenTwoStations();

        scenario.when().siteIsPutInDrill("bldg-7").detector("smoke-1").alarms().secondsPass(60);

        scenario.then().alarmIsDrill().notified("station-S crew", "w1", "c1").escalatedTo("station-N crew", "duty");
    }

    @Test
    void stationInDrillMarksTheAlarmsOfTheSitesInTheCellsItCovers() {
        givenTwoStations();
        scenario.given().site("bldg-9").inCell("cell-9").coveredBy("station-N");

        scenario.when().stationIsPutInDrill("station-S").detector("pi-bldg-7", "smoke-1").alarms();
        scenario.then().alarmIsDrill();

        scenario.when().detector("pi-bldg-9", "smoke-1").alarms();
        scenario.then().alarmIsReal();
    }

    /** bldg-7 in cell-3, covered by station-S, which escalates to station-N; a duty officer. */
    private void givenTwoStations() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().station("station-S").at(31.2300, 121.4700).escalatesTo("station-N");
        scenario.given().station("station-N").at(31.2400, 121.4800);
        scenario.given().dutyOfficer("duty");
    }
}
