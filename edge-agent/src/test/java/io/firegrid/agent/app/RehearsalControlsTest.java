package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.State;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines an installer types while rehearsing act on the mock sensors as the real ones would on
 * site, and reach the gateway as the agent's events and readings; a mistyped line says what to
 * type instead and changes nothing.
 */
class RehearsalControlsTest {

    @TempDir
    Path dir;

    private Agent agent;
    private RecordingUplink uplink;
    private RehearsalControls controls;

    @BeforeEach
    void start() throws Exception {
        AgentConfig c = AgentConfig.fromEnv(Map.of("FIREGRID_AGENT_TENANT", "t1", "FIREGRID_AGENT_DEVICE", "pi-0003",
                "FIREGRID_AGENT_PASSWORD", "pw", "FIREGRID_AGENT_PLATFORM", "mock", "FIREGRID_AGENT_DATA_DIR",
                dir.resolve("data").toString(), "FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1",
                "FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0..1.0", AgentConfig.PRESSURE_PERIOD_SECONDS, "1",
                "FIREGRID_AGENT_CONTACTS", "call-1:call-point:23:NC,exit-1:exit:5:NO"));
        uplink = RecordingUplink.working();
        agent = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), uplink, c.thresholdStore(), c.heartbeat());
        agent.start(c::atPowerUp);
        controls = new RehearsalControls(List.of(agent), Map.of("pi-0003", c.mockPressure()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !uplink.readings("hydrant-1").isEmpty());
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void pressingTheCallPointAndOpeningTheDoorAreReportedAsOnSiteAndRestedAgain() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        runLines(String.join("\n", "pi-0003 call-1 on", "", "pi-0003 door-1 on"), printed);

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "pi-0003 call-1 (call-point): alarm",
                "pi-0003 door-1 (door): open");
        await().atMost(Duration.ofSeconds(5)).until(() -> uplink.events().stream()
                .anyMatch(e -> e.sensor().equals("call-1") && e.state() == State.ALARM));
        assertThat(controls.apply("pi-0003 call-1 off")).isEqualTo("pi-0003 call-1 (call-point): normal (at rest)");
        await().atMost(Duration.ofSeconds(5)).until(() -> uplink.events().stream()
                .filter(e -> e.sensor().equals("call-1")).reduce((a, b) -> b).map(Event::state).orElse(null) == State.NORMAL);
        assertThat(uplink.events()).extracting(Event::sensor, Event::state)
                .containsSubsequence(tuple("call-1", State.ALARM), tuple("call-1", State.NORMAL))
                .contains(tuple("door-1", State.OPEN));
        assertThat(controls.apply("list")).isEqualTo("pi-0003: smoke-1 normal, door-1 open, call-1 normal, exit-1 clear, hydrant-1 0.4 MPa");
    }

    @Test
    void aPressureTypedInMpaIsWhatTheTransmitterReads() {
        assertThat(controls.apply("pi-0003 hydrant-1 0.2")).isEqualTo("pi-0003 hydrant-1 (pressure): 0.2 MPa (read within its period, 1 s)");

        await().atMost(Duration.ofSeconds(5)).until(() -> uplink.readings("hydrant-1").stream()
                .anyMatch(r -> Math.abs(r.value() - 0.2) < 0.005));
        assertThat(controls.apply("list")).endsWith("hydrant-1 0.2 MPa");
    }

    @Test
    void mistypedLinesSayWhatToTypeAndChangeNothing() {
        int before = uplink.events().size();

        assertThat(controls.apply("pi-0009 call-1 on")).isEqualTo("no device pi-0009 here: rehearsing pi-0003");
        assertThat(controls.apply("pi-0003 call-2 on"))
                .isEqualTo("pi-0003 has no sensor call-2: it has smoke-1, door-1, call-1, exit-1, hydrant-1");
        assertThat(controls.apply("pi-0003 call-1 pressed")).isEqualTo("pi-0003 call-1 (call-point) is a contact: type on or off, not 'pressed'");
        assertThat(controls.apply("pi-0003 hydrant-1 high")).isEqualTo("pi-0003 hydrant-1 (pressure) reads MPa: type a number from 0.0 to 1.0, not 'high'");
        assertThat(controls.apply("pi-0003 hydrant-1 1.6")).isEqualTo("pi-0003 hydrant-1 (pressure): 1.6 MPa is outside its transmitter's range, 0.0 to 1.0 MPa");
        assertThat(controls.apply("press-button")).isEqualTo("not understood: 'press-button'; type DEVICE SENSOR on|off|MPA, e.g. pi-0003 smoke-1 on, or help");
        assertThat(controls.apply("help")).isEqualTo(RehearsalControls.HELP);

        assertThat(agent.mockContact("call-1").isActive()).isFalse();
        assertThat(uplink.events()).hasSize(before);
        assertThat(uplink.readings("hydrant-1")).extracting(Reading::value).allMatch(v -> Math.abs(v - 0.4) < 0.005);
    }

    private void runLines(String typed, ByteArrayOutputStream printed) {
        try {
            controls.run(new BufferedReader(new StringReader(typed)), new PrintStream(printed, true, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
