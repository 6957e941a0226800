package io.firegrid.agent.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.agent.Hardware;
import io.firegrid.agent.TestAgents;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    static final Map<String, Hardware> LAYOUT = new LinkedHashMap<>();

    static {
        Hardware contacts = new Hardware(GpioPlatform.MOCK, List.of(TestAgents.smoke("smoke-1", 17, Contact.NO),
                TestAgents.door("door-1", 27, Contact.NO)), 22, Duration.ZERO);
        LAYOUT.put("pi-a1", contacts);
        LAYOUT.put("pi-b1", new Hardware(GpioPlatform.MOCK, contacts.contacts(), 22, Duration.ZERO,
                List.of(PressureSpec.of("hydrant-1"))));
    }

    private static Scenario parse(String text) {
        return ScenarioParser.parse("test.txt", text, LAYOUT);
    }

    /** The problems reported for {@code text}, one per bad line. */
    private static List<String> problems(String text) {
        try {
            parse(text);
        } catch (FireGridException e) {
            assertThat(e.code()).isEqualTo("bad-scenario");
            return List.of(e.reason().split("\n"));
        }
        throw new AssertionError("no problem reported for: " + text);
    }

    @Test
    void readsEveryKindOfStepWithCommentsAndBlankLines() {
        Scenario s = parse("""
                # a bit of everything

                at 0s   pi-a1 smoke-1 alarm     # first detector
                at 1500ms pi-a1 door-1 open
                at 2m   pi-a1 smoke-1 normal
                at 0s   pi-b1 hydrant-1 pressure 0.45
                at 10s  pi-b1 hydrant-1 ramp 0.45 0.20MPa over 600s
                at 30s  pi-b1 hydrant-1 current 0mA
                at 90s  pi-b1 power off
                at 150s pi-b1 power on
                """);

        assertThat(s.steps()).containsExactly(
                new Step.Contact(Duration.ZERO, 3, "pi-a1", "smoke-1", true),
                new Step.Pressure(Duration.ZERO, 6, "pi-b1", "hydrant-1", 0.45),
                new Step.Contact(Duration.ofMillis(1500), 4, "pi-a1", "door-1", true),
                new Step.Ramp(Duration.ofSeconds(10), 7, "pi-b1", "hydrant-1", 0.45, 0.20, Duration.ofSeconds(600)),
                new Step.Current(Duration.ofSeconds(30), 8, "pi-b1", "hydrant-1", 0.0),
                new Step.Power(Duration.ofSeconds(90), 9, "pi-b1", false),
                new Step.Contact(Duration.ofMinutes(2), 5, "pi-a1", "smoke-1", false),
                new Step.Power(Duration.ofSeconds(150), 10, "pi-b1", true));
        assertThat(s.length()).isEqualTo(Duration.ofSeconds(610));
    }

    @Test
    void reportsAnUnknownDeviceWithItsLineNumber() {
        assertThat(problems("# header\n\nat 0s pi-z9 smoke-1 alarm\n"))
                .containsExactly("test.txt:3: unknown device 'pi-z9': the devices are pi-a1, pi-b1");
    }

    @Test
    void reportsAnUnknownSensorNamingTheDevicesSensors() {
        assertThat(problems("at 0s pi-a1 smoke-2 alarm"))
                .containsExactly("test.txt:1: device pi-a1 has no sensor 'smoke-2': it has smoke-1, door-1 (or say 'power on|off')");
    }

    @Test
    void reportsABadTime() {
        assertThat(problems("at 0s pi-a1 smoke-1 alarm\nat 5 pi-a1 smoke-1 normal\nat -3s pi-a1 smoke-1 normal\nat 1h pi-a1 door-1 open"))
                .containsExactly(
                        "test.txt:2: bad time '5': use a whole number with ms, s or m, e.g. 90s",
                        "test.txt:3: bad time '-3s': use a whole number with ms, s or m, e.g. 90s",
                        "test.txt:4: bad time '1h': use a whole number with ms, s or m, e.g. 90s");
    }

    @Test
    void reportsAnUnknownActionForEachKindOfSensor() {
        assertThat(problems("""
                at 0s pi-a1 smoke-1 open
                at 0s pi-a1 door-1 alarm
                at 0s pi-b1 hydrant-1 leak
                at 0s pi-b1 power cycle
                """)).containsExactly(
                        "test.txt:1: unknown action 'open' for smoke detector smoke-1: use alarm or normal",
                        "test.txt:2: unknown action 'alarm' for door door-1: use open or closed",
                        "test.txt:3: unknown action 'leak' for pressure transmitter hydrant-1: use 'pressure MPA', "
                                + "'ramp FROM TO over TIME' or 'current MA'",
                        "test.txt:4: unknown action 'power cycle': use power on or power off");
    }

    @Test
    void reportsValuesOutOfRange() {
        assertThat(problems("""
                at 0s pi-b1 hydrant-1 pressure 2.0
                at 0s pi-b1 hydrant-1 ramp 0.45 -0.1 over 60s
                at 0s pi-b1 hydrant-1 current 30mA
                at 0s pi-b1 hydrant-1 ramp 0.45 0.20 over 0s
                at 0s pi-b1 hydrant-1 pressure high
                """)).containsExactly(
                        "test.txt:1: pressure 2.0 is outside hydrant-1's range of 0.0 to 1.6 MPa",
                        "test.txt:2: pressure -0.1 is outside hydrant-1's range of 0.0 to 1.6 MPa",
                        "test.txt:3: current 30mA is out of range: use 0 to 24.0 mA",
                        "test.txt:4: a ramp must last longer than 0s",
                        "test.txt:5: 'high' is not a number");
    }

    @Test
    void reportsIncompleteAndOverlongSteps() {
        assertThat(problems("""
                at 0s pi-a1
                at 0s pi-a1 smoke-1
                at 0s pi-a1 smoke-1 alarm now
                smoke-1 alarm at 0s
                at 0s pi-b1 hydrant-1 ramp 0.45 0.20 in 60s
                """)).containsExactly(
                        "test.txt:1: incomplete step: expected 'at TIME DEVICE SENSOR ACTION' or 'at TIME DEVICE power on|off'",
                        "test.txt:2: incomplete step: expected alarm or normal after 'smoke-1'",
                        "test.txt:3: unexpected 'now' at the end of the step",
                        "test.txt:4: a step starts with 'at TIME', e.g. 'at 5s pi-a1 smoke-1 alarm'",
                        "test.txt:5: expected 'over TIME' after the pressures, e.g. 'ramp 0.45 0.20 over 600s'");
    }

    @Test
    void refusesAScenarioWithoutSteps() {
        assertThat(problems("# nothing happens\n\n")).containsExactly(
                "test.txt: no steps: write one per line, e.g. 'at 5s pi-a1 smoke-1 alarm'");
    }
}
