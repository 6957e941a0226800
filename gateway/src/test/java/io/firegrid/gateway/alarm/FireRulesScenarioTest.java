package io.firegrid.gateway.alarm;

import io.firegrid.protocol.State;
import org.junit.jupiter.api.Test;

/**
 * Fire rules: a detector or call point in alarm raises a fire alarm at once; a second in the same site
 * and zone confirms it (GB 50116-2013 §4.6); repeats raise nothing new; the device never restores it.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class FireRulesScenarioTest extends InMemoryRules {

    @Test
    void oneDetectorInAlarmRaisesAFireAlarmAtOnceUnconfirmed() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);

        then().raised("pi-1", "smoke-1", "smoke").is(AlarmClass.FIRE).isNotConfirmed().isReal().at(NOON)
                .atSite("bldg-7");
    }

    @Test
    void secondDetectorInTheSameZoneConfirmsBoth() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A").smokeDetector("smoke-2", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        when().sensor("pi-1", "smoke-2").reports(State.ALARM);

        then().raised("pi-1", "smoke-1", "smoke").isConfirmed();
        then().raised("pi-1", "smoke-2", "smoke").isConfirmed();
    }

    @Test
    void detectorsOfTwoDevicesInTheSameSiteAndZoneConfirmEachOther() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");
        given().device("pi-2").at("bldg-7").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        when().sensor("pi-2", "smoke-1").reports(State.ALARM);

        then().raised("pi-1", "smoke-1", "smoke").isConfirmed();
        then().raised("pi-2", "smoke-1", "smoke").isConfirmed();
    }

    @Test
    void detectorsInAnotherZoneOrAnotherSiteDoNotConfirm() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A").smokeDetector("smoke-2", "B");
        given().device("pi-9").at("bldg-9").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        when().sensor("pi-1", "smoke-2").reports(State.ALARM);
        when().sensor("pi-9", "smoke-1").reports(State.ALARM);

        then().raised("pi-1", "smoke-1", "smoke").isNotConfirmed();
        then().raised("pi-1", "smoke-2", "smoke").isNotConfirmed();
        then().raised("pi-9", "smoke-1", "smoke").isNotConfirmed();
    }

    @Test
    void manualCallPointRaisesAFireAlarmAndConfirmsADetectorInItsZone() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A").callPoint("cp-1", "A");

        when().sensor("pi-1", "cp-1").reports(State.ALARM);
        then().raised("pi-1", "cp-1", "call-point").is(AlarmClass.FIRE).isNotConfirmed();

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        then().raised("pi-1", "cp-1", "call-point").isConfirmed();
        then().raised("pi-1", "smoke-1", "smoke").isConfirmed();
    }

    @Test
    void repeatedAlarmOfOneDetectorRaisesOneAlarm() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        when().sensor("pi-1", "smoke-1").reports(State.ALARM);

        then().nothingChanged().raisedTimes("pi-1", "smoke-1", "smoke", 1);
    }

    @Test
    void detectorBackToNormalDoesNotRestoreAFireAlarm() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);

        then().nothingChanged().raised("pi-1", "smoke-1", "smoke");
    }
}
