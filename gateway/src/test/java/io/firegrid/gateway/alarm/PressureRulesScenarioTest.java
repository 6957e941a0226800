package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.SensorLimits;
import org.junit.jupiter.api.Test;

/**
 * Supervisory rules of hydrant pressure: low or high with hysteresis, dropping fast within the window;
 * the band of the sensor, its site or the gateway. The band across many values is in {@link
 * PressureThresholdTableTest}.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class PressureRulesScenarioTest extends InMemoryRules {

    @Test
    void lowPressureRaisesOnceAndRestoresOnlyBeyondTheHysteresis() {
        given().device("pi-1").hydrant("hydrant-1");

        when().sensor("pi-1", "hydrant-1").reads(0.20);
        then().raised("pi-1", "hydrant-1", "pressure-low").is(AlarmClass.SUPERVISORY);

        when().sensor("pi-1", "hydrant-1").reads(0.21);
        then().nothingChanged();
        when().sensor("pi-1", "hydrant-1").reads(0.26); // inside the band, but within 0.02 MPa of it
        then().nothingChanged().raised("pi-1", "hydrant-1", "pressure-low");

        when().sensor("pi-1", "hydrant-1").reads(0.30);
        then().restored("pi-1", "hydrant-1", "pressure-low").and().raisedTimes("pi-1", "hydrant-1", "pressure-low", 1);
    }

    @Test
    void highPressureRaisesAndRestoresBeyondTheHysteresis() {
        given().device("pi-1").hydrant("hydrant-1");

        when().sensor("pi-1", "hydrant-1").reads(0.55);
        then().raised("pi-1", "hydrant-1", "pressure-high");

        when().sensor("pi-1", "hydrant-1").reads(0.49);
        then().nothingChanged().raised("pi-1", "hydrant-1", "pressure-high");

        when().secondsPass(61).sensor("pi-1", "hydrant-1").reads(0.45);
        then().restored("pi-1", "hydrant-1", "pressure-high").and().open();
    }

    @Test
    void fastDropWithinTheWindowRaisesPressureDroppingBeforeTheLowThreshold() {
        given().device("pi-1").hydrant("hydrant-1");

        when().sensor("pi-1", "hydrant-1").reads(0.45).secondsPass(30);
        when().sensor("pi-1", "hydrant-1").reads(0.34);

        then().raised("pi-1", "hydrant-1", "pressure-dropping").is(AlarmClass.SUPERVISORY);
        then().notRaised("pi-1", "hydrant-1", "pressure-low");
    }

    @Test
    void slowFallOverLongerThanTheWindowRaisesNothing() {
        given().device("pi-1").hydrant("hydrant-1");

        for (double v = 0.45; v > 0.30; v -= 0.02) {
            when().sensor("pi-1", "hydrant-1").reads(v).secondsPass(61);
        }

        then().open();
    }

    @Test
    void pressureDroppingRestoresOnceTheFallWithinTheWindowIsUnderHalfTheDrop() {
        given().device("pi-1").hydrant("hydrant-1");
        when().sensor("pi-1", "hydrant-1").reads(0.45).secondsPass(30);
        when().sensor("pi-1", "hydrant-1").reads(0.34);
        then().raised("pi-1", "hydrant-1", "pressure-dropping");

        when().secondsPass(61);
        when().sensor("pi-1", "hydrant-1").reads(0.34);

        then().restored("pi-1", "hydrant-1", "pressure-dropping");
    }

    @Test
    void siteBandAppliesToItsHydrantsAndTheSensorsOwnBandWins() {
        given().site("tower", new SensorLimits(0.35, 0.50, null));
        given().device("pi-1").at("tower").hydrant("hydrant-1").hydrant("hydrant-2", new SensorLimits(0.20, 0.60, null));

        when().sensor("pi-1", "hydrant-1").reads(0.30);
        when().sensor("pi-1", "hydrant-2").reads(0.30);

        then().open("pi-1/hydrant-1/pressure-low");
    }

    @Test
    void pressureInsideTheBandRaisesNothing() {
        given().device("pi-1").hydrant("hydrant-1");

        when().sensor("pi-1", "hydrant-1").reads(0.30);

        then().open();
    }
}
