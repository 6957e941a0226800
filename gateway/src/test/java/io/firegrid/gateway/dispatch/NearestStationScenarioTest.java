package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.support.DispatchScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without an explicit next station, an escalation goes to the nearest other station of the tenant. */
class NearestStationScenarioTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void escalatesToTheNearestOtherStation() {
        scenario = DispatchScenario.start(dataDir, 30, 60);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
        scenario.given().station("station-S").at(31.2300, 121.4700);
        scenario.given().station("station-far").at(31.3000, 121.5500);
        scenario.given().station("station-near").at(31.2350, 121.4720);
        scenario.given().dutyOfficer("duty");

        scenario.when().detector("smoke-1").alarms();
        scenario.then().notified("station-S crew");
        scenario.when().secondsPass(30);

        scenario.then().escalatedTo("station-near crew", "duty");
    }

    @Test
    void alarmWithoutAStationEscalatesToTheDutyOfficer() {
        scenario = DispatchScenario.start(dataDir, 30, 60);
        scenario.given().dutyOfficer("duty").deviceWithoutSite("pi-loose");
        scenario.given().station("station-S");

        scenario.when().detector("pi-loose", "smoke-1").alarms();
        scenario.then().notified("duty");
        scenario.when().secondsPass(30);

        scenario.then().escalatedTo("duty");
    }
}
