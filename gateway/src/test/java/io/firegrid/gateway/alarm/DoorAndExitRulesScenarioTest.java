package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.protocol.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Supervisory rules of doors and exits: held open or blocked longer than the limit (the sensor's, the
 * site's or the gateway's), restored when closed or clear.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class DoorAndExitRulesScenarioTest extends InMemoryRules {

    @Test
    void doorOpenLongerThanTheLimitRaisesDoorHeldOpenAndClosingRestoresIt() {
        given().device("pi-1").at("bldg-7").door("door-1");

        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(119);
        then().notRaised("pi-1", "door-1", "door-held-open");

        when().secondsPass(1);
        then().raised("pi-1", "door-1", "door-held-open").is(AlarmClass.SUPERVISORY).at(NOON.plusSeconds(120));

        when().sensor("pi-1", "door-1").reports(State.CLOSED);
        then().restored("pi-1", "door-1", "door-held-open");
    }

    @Test
    void doorReportedOpenAgainKeepsItsTimer() {
        given().device("pi-1").door("door-1");

        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(60);
        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(60);

        then().raised("pi-1", "door-1", "door-held-open").at(NOON.plusSeconds(120));
    }

    @Test
    void doorClosedInTimeRaisesNothing() {
        given().device("pi-1").door("door-1");

        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(100);
        when().sensor("pi-1", "door-1").reports(State.CLOSED).secondsPass(300);

        then().open();
    }

    @Test
    void doorLimitOfTheSensorWinsOverTheSitesAndTheGateways() {
        given().site("bay", new SensorLimits(null, null, 300));
        given().device("pi-1").at("bay").door("door-bay", new SensorLimits(null, null, 600)).door("door-1");

        when().sensor("pi-1", "door-bay").reports(State.OPEN);
        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(599);
        then().raised("pi-1", "door-1", "door-held-open").at(NOON.plusSeconds(300));
        then().notRaised("pi-1", "door-bay", "door-held-open");

        when().secondsPass(1);
        then().raised("pi-1", "door-bay", "door-held-open").at(NOON.plusSeconds(600));
    }

    @Test
    void exitBlockedLongerThanTheLimitRaisesExitBlockedAndClearRestoresIt() {
        given().device("pi-1").exit("exit-1");

        when().sensor("pi-1", "exit-1").reports(State.BLOCKED).secondsPass(59);
        then().notRaised("pi-1", "exit-1", "exit-blocked");

        when().secondsPass(1);
        then().raised("pi-1", "exit-1", "exit-blocked").is(AlarmClass.SUPERVISORY);

        when().sensor("pi-1", "exit-1").reports(State.CLEAR);
        then().restored("pi-1", "exit-1", "exit-blocked");
    }

    @Test
    void exitBlockedLimitIsTheGatewaysSetting() {
        given().rules(r -> r.withExitBlockedLimit(Duration.ofSeconds(5)));
        given().device("pi-1").exit("exit-1");

        when().sensor("pi-1", "exit-1").reports(State.BLOCKED).secondsPass(5);

        then().raised("pi-1", "exit-1", "exit-blocked").at(NOON.plusSeconds(5));
    }
}
