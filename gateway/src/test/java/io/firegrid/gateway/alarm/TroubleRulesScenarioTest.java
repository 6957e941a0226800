package io.firegrid.gateway.alarm;

import io.firegrid.protocol.State;
import org.junit.jupiter.api.Test;

/**
 * Trouble rules: sensor faults, tamper, low battery, unknown sensors and the gateway's own disk.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class TroubleRulesScenarioTest extends InMemoryRules {

    @Test
    void sensorFaultRaisesTroubleAndTheNextOtherStateRestoresIt() {
        given().device("pi-1").smokeDetector("smoke-1", "A").door("door-1");

        when().sensor("pi-1", "smoke-1").reports(State.FAULT);
        then().raised("pi-1", "smoke-1", "sensor-fault").is(AlarmClass.TROUBLE);

        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);
        then().restored("pi-1", "smoke-1", "sensor-fault");
    }

    @Test
    void doorFaultRestoresDoorHeldOpenAndRaisesSensorFault() {
        given().device("pi-1").door("door-1");
        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(120);

        when().sensor("pi-1", "door-1").reports(State.FAULT);

        then().restored("pi-1", "door-1", "door-held-open");
        then().raised("pi-1", "door-1", "sensor-fault");
    }

    @Test
    void tamperAndLowBatteryStayOpenUntilAPersonResolvesThem() {
        given().device("pi-1").smokeDetector("smoke-1", "A");

        when().device("pi-1").reports(State.TAMPER);
        when().device("pi-1").reports(State.LOW_BATTERY);
        when().device("pi-1").reports(State.ONLINE);

        then().open("pi-1/device/tamper", "pi-1/device/low-battery");
        Alarm tamper = then().raised("pi-1", "device", "tamper").is(AlarmClass.TROUBLE).alarm();

        when().alarmIsMoved(tamper, AlarmState.RESOLVED, "chief", Cause.MAINTENANCE);
        then().open("pi-1/device/low-battery");
    }

    @Test
    void tooManyUnknownSensorsRaiseTroubleOnce() {
        given().device("pi-1");

        when().device("pi-1").reportsTooManySensors();
        when().device("pi-1").reportsTooManySensors();

        then().raised("pi-1", "device", "unknown-sensors").is(AlarmClass.TROUBLE);
        then().raisedTimes("pi-1", "device", "unknown-sensors", 1);
    }

    @Test
    void gatewayDiskLowIsTroubleOnThePseudoDeviceAndRestoresWhenSpaceReturns() {
        when().gatewayDiskLow(true);
        then().raised("gateway", "device", "disk-low").is(AlarmClass.TROUBLE);

        when().gatewayDiskLow(false);
        then().restored("gateway", "device", "disk-low");
    }
}
