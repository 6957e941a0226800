package io.firegrid.gateway.alarm;

import io.firegrid.protocol.State;
import org.junit.jupiter.api.Test;

/**
 * Drill marking: an alarm raised while its site is in drill is marked drill, decided once; in doubt,
 * real.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class DrillMarkScenarioTest extends InMemoryRules {

    @Test
    void alarmRaisedWhileItsSiteIsInDrillIsMarkedDrillAndKeepsTheMark() {
        given().siteInDrill("bldg-7");
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A").smokeDetector("smoke-2", "B");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        then().raised("pi-1", "smoke-1", "smoke").isDrill();

        when().site("bldg-7", false).sensor("pi-1", "smoke-2").reports(State.ALARM);
        then().raised("pi-1", "smoke-2", "smoke").isReal();
        then().raised("pi-1", "smoke-1", "smoke").isDrill();
    }

    @Test
    void drillMarksEveryClassOfAlarmOfTheSite() {
        given().siteInDrill("bldg-7");
        given().device("pi-1").at("bldg-7").door("door-1");

        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(120);

        then().raised("pi-1", "door-1", "door-held-open").isDrill();
    }

    @Test
    void alarmOfADeviceWithoutASiteIsNeverADrill() {
        given().siteInDrill("bldg-7");
        given().device("pi-loose").smokeDetector("smoke-1", "A");

        when().sensor("pi-loose", "smoke-1").reports(State.ALARM);

        then().raised("pi-loose", "smoke-1", "smoke").isReal();
    }

    @Test
    void failingDrillCheckRaisesTheAlarmAsReal() {
        given().drillCheckFails();
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);

        then().raised("pi-1", "smoke-1", "smoke").isReal();
    }
}
