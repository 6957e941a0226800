package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KindAndStateTest {

    @Test
    void kindsHaveTheWireNamesOfTheContract() {
        assertThat(Arrays.stream(Kind.values()).map(Kind::wireName))
                .containsExactlyInAnyOrder("smoke", "door", "pressure", "device", "call-point", "exit");
    }

    @Test
    void statesHaveTheWireNamesOfTheContract() {
        assertThat(Arrays.stream(State.values()).map(State::wireName))
                .containsExactlyInAnyOrder("alarm", "normal", "fault", "open", "closed",
                        "online", "offline", "tamper", "low-battery", "clear", "blocked", "path-failure");
    }

    @Test
    void lowBatteryIsWrittenWithAHyphen() {
        assertThat(State.LOW_BATTERY.wireName()).isEqualTo("low-battery");
        assertThat(State.fromWire("low-battery")).isEqualTo(State.LOW_BATTERY);
    }

    @Test
    void callPointIsWrittenWithAHyphenAndExitReportsBlockedOrClear() {
        assertThat(Kind.fromWire("call-point")).isEqualTo(Kind.CALL_POINT);
        assertThat(Kind.CALL_POINT.allows(State.ALARM)).isTrue();
        assertThat(Kind.EXIT.states()).containsExactlyInAnyOrder(State.CLEAR, State.BLOCKED, State.FAULT);
        assertThat(Kind.DOOR.allows(State.BLOCKED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindIsFoundByItsWireName(Kind kind) {
        assertThat(Kind.fromWire(kind.wireName())).isEqualTo(kind);
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void everyStateIsFoundByItsWireName(State state) {
        assertThat(State.fromWire(state.wireName())).isEqualTo(state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fire", "Smoke", "SMOKE", "smoke ", "", "heat"})
    void refusesUnknownKindListingTheKnownOnes(String wire) {
        refusalOf(() -> Kind.fromWire(wire))
                .is(BAD_REQUEST, "unknown-kind")
                .mentions("'" + wire + "'", "smoke", "door", "pressure", "device", "call-point", "exit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"low_battery", "LOW_BATTERY", "lowbattery", "Alarm", "burning", ""})
    void refusesUnknownStateNamingIt(String wire) {
        refusalOf(() -> State.fromWire(wire))
                .is(BAD_REQUEST, "unknown-state")
                .mentions("'" + wire + "'");
    }

    @Test
    void smokeReportsAlarmNormalOrFault() {
        assertThat(Kind.SMOKE.states()).containsExactlyInAnyOrder(State.ALARM, State.NORMAL, State.FAULT);
    }

    @Test
    void doorReportsOpenClosedOrFault() {
        assertThat(Kind.DOOR.states()).containsExactlyInAnyOrder(State.OPEN, State.CLOSED, State.FAULT);
    }

    @Test
    void pressureEventsReportOnlyFaultAndItsClearing() {
        assertThat(Kind.PRESSURE.states()).containsExactlyInAnyOrder(State.NORMAL, State.FAULT);
    }

    @Test
    void deviceReportsOnlineOfflineTamperLowBatteryOrAPathFailure() {
        // path-failure: a dual-path agent's reporting path not answering (docs/dual-path.md)
        assertThat(Kind.DEVICE.states())
                .containsExactlyInAnyOrder(State.ONLINE, State.OFFLINE, State.TAMPER, State.LOW_BATTERY, State.PATH_FAILURE);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void allowsExactlyTheStatesItLists(Kind kind) {
        Set<State> listed = kind.states();

        for (State state : State.values()) {
            assertThat(kind.allows(state)).as("%s allows %s", kind, state).isEqualTo(listed.contains(state));
        }
    }

    @Test
    void callersCannotChangeTheStatesOfAKind() {
        // GIVEN the states of smoke, as a caller got them
        Set<State> states = Kind.SMOKE.states();

        // WHEN the caller changes its copy
        states.add(State.OPEN);
        states.remove(State.ALARM);

        // THEN smoke still allows what the contract says
        assertThat(Kind.SMOKE.allows(State.OPEN)).isFalse();
        assertThat(Kind.SMOKE.allows(State.ALARM)).isTrue();
        assertThat(Kind.SMOKE.states()).isEqualTo(EnumSet.of(State.ALARM, State.NORMAL, State.FAULT));
    }
}
