package io.firegrid.gateway.gb26875;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.gb26875.PanelMapping.Mapped;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.TimeLabel;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping table of docs/gb26875.md, in memory: what each state word of a panel means to FireGrid. */
class PanelMappingTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final TimeLabel T = new TimeLabel(5, 4, 3, 2, 1, 2026);

    @Test
    void fireOnAHeatDetectorIsAFireAlarmOfAFireDetector() {
        Mapped m = component(33, 0x0003);

        assertThat(m.events()).singleElement().satisfies(e -> {
            assertThat(e.sensor()).isEqualTo("c-1-2-77");
            assertThat(e.kind()).isEqualTo(Kind.SMOKE);
            assertThat(e.state()).isEqualTo(State.ALARM);
            assertThat(e.ts()).isEqualTo(T.instant(ZONE));
        });
    }

    @Test
    void callPointsAndHydrantButtonsAreCallPoints() {
        assertThat(component(23, 0x0003).events().get(0).kind()).isEqualTo(Kind.CALL_POINT);
        assertThat(component(24, 0x0003).events().get(0).kind()).isEqualTo(Kind.CALL_POINT);
        assertThat(List.of(30, 37, 40, 44, 50, 53)).allSatisfy(t -> assertThat(PanelMapping.kindOf(t)).isEqualTo(Kind.SMOKE));
    }

    @Test
    void fireAndFaultTogetherAreTwoEventsWithTwoSeqs() {
        List<Event> events = component(42, 0x0007).events();

        assertThat(events).extracting(Event::state).containsExactly(State.ALARM, State.FAULT);
        assertThat(events.get(1).seq()).isEqualTo(events.get(0).seq() + 1);
    }

    @Test
    void aNormalComponentRestoresItsFaultAndItsSupervisoryCondition() {
        Mapped m = component(42, 0x0001);

        assertThat(m.events()).extracting(Event::state).containsExactly(State.NORMAL);
        assertThat(m.conditions()).singleElement().satisfies(c -> {
            assertThat(c.alarmClass()).isEqualTo(AlarmClass.SUPERVISORY);
            assertThat(c.active()).isFalse();
        });
    }

    @Test
    void supervisoryAndIsolatedAreKeptWithoutAFire() {
        Mapped m = component(42, 0x0019);

        assertThat(m.conditions()).singleElement().satisfies(c -> assertThat(c.active()).isTrue());
        assertThat(m.components()).singleElement().satisfies(c -> {
            assertThat(c.isolated()).isTrue();
            assertThat(c.description()).isEqualTo("地下一层");
        });
        assertThat(m.events()).extracting(Event::state).containsExactly(State.NORMAL);
    }

    @Test
    void theSameFrameSentAgainGivesTheSameSeqsAndAnotherSerialOthers() {
        AppData d = new AppData(2, List.of(new AppData.ComponentState(1, 2, 42, 77, 3, "x", T)));

        assertThat(PanelMapping.map(d, 9, ZONE).events()).isEqualTo(PanelMapping.map(d, 9, ZONE).events());
        assertThat(PanelMapping.map(d, 10, ZONE).events().get(0).seq())
                .isNotEqualTo(PanelMapping.map(d, 9, ZONE).events().get(0).seq());
    }

    @Test
    void powerFaultsOfThePanelAreTroubleAndAResetIsNoticed() {
        Mapped power = PanelMapping.map(new AppData(1, List.of(new AppData.SystemState(1, 2, 0x0101, T))), 1, ZONE);
        Mapped reset = PanelMapping.map(new AppData(4, List.of(new AppData.SystemOperation(1, 2, 0x01, 0, T))), 1, ZONE);

        assertThat(power.conditions()).singleElement().satisfies(c -> {
            assertThat(c.sensor()).isEqualTo("s-1-2");
            assertThat(c.alarmClass()).isEqualTo(AlarmClass.TROUBLE);
            assertThat(c.type()).isEqualTo("power-fault");
            assertThat(c.active()).isTrue();
        });
        assertThat(power.heartbeats()).hasSize(1);
        assertThat(reset.reset()).isTrue();
        assertThat(reset.events()).isEmpty();
    }

    @Test
    void aPressureAnalogValueIsAReadingInMpaOfTheComponentsSensorAndOtherTypesAreNotKept() {
        Mapped m = PanelMapping.map(new AppData(3, List.of(
                new AppData.AnalogValue(1, 2, 0, 300, 5, 1250, T),   // 125.0 kPa
                new AppData.AnalogValue(1, 2, 0, 301, 4, 3, T),      // 0.3 MPa
                new AppData.AnalogValue(1, 2, 0, 302, 3, 215, T))), 1, ZONE); // 21.5 °C: no kind for it

        assertThat(m.readings()).hasSize(2);
        assertThat(m.readings()).extracting(r -> r.readings().get(0).sensor()).containsExactly("c-1-2-300", "c-1-2-301");
        assertThat(m.readings()).extracting(r -> r.readings().get(0).value()).containsExactly(0.125, 0.3);
        assertThat(m.readings()).allSatisfy(r -> {
            assertThat(r.readings().get(0).kind()).isEqualTo(Kind.PRESSURE);
            assertThat(r.readings().get(0).unit()).isEqualTo("MPa");
            assertThat(r.ts()).isEqualTo(T.instant(ZONE));
        });
        assertThat(m.readings().get(0).seq()).isNotEqualTo(m.readings().get(1).seq());
        assertThat(m.unkeptAnalogTypes()).containsExactly(3);
        assertThat(m.events()).isEmpty();
    }

    private static Mapped component(int type, int state) {
        return PanelMapping.map(new AppData(2, List.of(new AppData.ComponentState(1, 2, type, 77, state, "地下一层", T))), 1, ZONE);
    }
}
