package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.DispatchScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is told when a detector goes into alarm, end to end: places registered over HTTP, the alarm
 * raised by a device over MQTT, the notifications read back from the API. The routing rules' other
 * cases (other cells, no site, no cell, nobody to tell) run in memory against the same router in
 * {@link DispatchInMemoryScenarioTest}.
 */
class RoutingScenarioTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;

    @BeforeEach
    void start() {
        scenario = DispatchScenario.start(dataDir);
    }

    @AfterEach
    void stop() {
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
    void secondDetectorConfirmingTheFireDoesNotNotifyAgain() {
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1");

        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew", "w1");
        scenario.when().detector("smoke-2").alarms();

        // the second detector confirms the first alarm (GB 50116-2013 §4.6) or raises its own; either
        // way nobody is told twice of one alarm
        scenario.when().tick();
        assertThat(scenario.then().recipients("raised")).doesNotHaveDuplicates();
    }
}
