package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.State;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle people move an alarm through, what is refused, and new alarms after the old are
 * closed.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class AlarmLifecycleScenarioTest extends InMemoryRules {

    @Test
    void peopleMoveAFireAlarmThroughItsStepsAndResolveItWithACause() {
        given().device("pi-1").smokeDetector("smoke-1", "A");
        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        Alarm fire = then().raised("pi-1", "smoke-1", "smoke").alarm();

        when().secondsPass(20).alarmIsMoved(fire, AlarmState.ACKNOWLEDGED, "crew-1", null);
        when().secondsPass(30).alarmIsMoved(fire, AlarmState.EN_ROUTE, "crew-1", null);
        when().secondsPass(90).alarmIsMoved(fire, AlarmState.ON_SCENE, "crew-1", null);
        when().alarmIsMoved(fire, AlarmState.RESOLVED, "chief", Cause.FALSE_ALARM);

        Alarm done = then().lastChanges().get(0);
        assertThat(done.state()).isEqualTo(AlarmState.RESOLVED);
        assertThat(done.cause()).isEqualTo(Cause.FALSE_ALARM);
        assertThat(done.ackSeconds()).contains(20.0);
        assertThat(done.onSceneSeconds()).contains(140.0);
        assertThat(done.steps()).extracting(Step::by).containsExactly("pi-1@t1", "crew-1", "crew-1", "crew-1", "chief");
    }

    @Test
    void stepBackOrStepOnAResolvedAlarmIsRefused() {
        given().device("pi-1").smokeDetector("smoke-1", "A");
        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        Alarm fire = then().raised("pi-1", "smoke-1", "smoke").alarm();
        when().alarmIsMoved(fire, AlarmState.EN_ROUTE, "crew-1", null);

        assertThatThrownBy(() -> when().alarmIsMoved(fire, AlarmState.ACKNOWLEDGED, "crew-2", null))
                .isInstanceOfSatisfying(FireGridException.class, e -> {
                    assertThat(e.status()).isEqualTo(FireGridException.Status.CONFLICT);
                    assertThat(e.getMessage()).contains("already en-route").contains("crew-1");
                });
        assertThatThrownBy(() -> when().alarmIsMoved(fire, AlarmState.RESOLVED, "chief", null))
                .isInstanceOfSatisfying(FireGridException.class,
                        e -> assertThat(e.status()).isEqualTo(FireGridException.Status.BAD_REQUEST));

        when().alarmIsMoved(fire, AlarmState.RESOLVED, "chief", Cause.FIRE);
        assertThatThrownBy(() -> when().alarmIsMoved(fire, AlarmState.RESOLVED, "chief", Cause.FIRE))
                .isInstanceOfSatisfying(FireGridException.class, e -> {
                    assertThat(e.status()).isEqualTo(FireGridException.Status.CONFLICT);
                    assertThat(e.getMessage()).contains("already resolved");
                });
    }

    @Test
    void afterAFireAlarmIsResolvedTheDetectorRaisesANewOne() {
        given().device("pi-1").smokeDetector("smoke-1", "A");
        when().sensor("pi-1", "smoke-1").reports(State.ALARM);
        Alarm first = then().raised("pi-1", "smoke-1", "smoke").alarm();
        when().alarmIsMoved(first, AlarmState.RESOLVED, "chief", Cause.FALSE_ALARM);

        when().sensor("pi-1", "smoke-1").reports(State.ALARM);

        then().raisedTimes("pi-1", "smoke-1", "smoke", 2);
        assertThat(then().raised("pi-1", "smoke-1", "smoke").alarm().id()).isGreaterThan(first.id());
    }

    @Test
    void restoredConditionThatReturnsRaisesANewAlarm() {
        given().device("pi-1").door("door-1");

        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(120);
        when().sensor("pi-1", "door-1").reports(State.CLOSED);
        when().sensor("pi-1", "door-1").reports(State.OPEN).secondsPass(120);

        then().raisedTimes("pi-1", "door-1", "door-held-open", 2).raised("pi-1", "door-1", "door-held-open")
                .at(NOON.plusSeconds(240));
    }
}
