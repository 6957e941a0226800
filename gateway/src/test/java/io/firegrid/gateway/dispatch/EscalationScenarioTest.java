package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.DispatchScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An alarm nobody acknowledges within a minute escalates, and reminders follow until someone does. */
class EscalationScenarioTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;

    @BeforeEach
    void start() {
        scenario = DispatchScenario.start(dataDir);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().station("station-S").at(31.2300, 121.4700).escalatesTo("station-N");
        scenario.given().station("station-N").at(31.2400, 121.4800);
        scenario.given().dutyOfficer("duty");
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void unacknowledgedFor60SecondsEscalatesToTheNextStationAndTheDutyOfficer() {
        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");

        scenario.when().secondsPass(59);
        scenario.then().notEscalated();

        scenario.when().secondsPass(2);
        scenario.then().escalatedTo("station-N crew", "duty");
    }

    @Test
    void acknowledgedAfter30SecondsNeverEscalates() {
        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");

        scenario.when().secondsPass(30).someoneAcknowledges().secondsPass(200);

        scenario.then().notEscalated();
    }

    @Test
    void remindsEveryoneEveryIntervalUntilSomeoneAcknowledges() {
        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");

        scenario.when().secondsPass(60 + 60 + 60 + 30).someoneAcknowledges().secondsPass(180);

        assertThat(scenario.then().reminderRounds()).containsExactly(120L, 180L);
        assertThat(scenario.then().notifications("reminder")).hasSize(2 * 5);
        assertThat(scenario.then().recipients("reminder"))
                .containsOnly("station-S crew", "w1", "c1", "station-N crew", "duty");
    }

    @Test
    void escalationTimerSurvivesARestart() {
        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");
        scenario.when().secondsPass(20);

        scenario.restart();
        scenario.when().secondsPass(39);
        scenario.then().notEscalated();
        scenario.when().secondsPass(1);

        scenario.then().escalatedTo("station-N crew", "duty");
    }
}
