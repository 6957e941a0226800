package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installer rehearsing a supervised loop types {@code cut}, {@code short} and {@code off}, and the
 * agent reports {@code fault} and then the loop at rest, as it would when the wire is cut on site.
 */
class RehearsalLoopControlsTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Agent agent;
    private RecordingUplink uplink;
    private RehearsalControls controls;

    @BeforeEach
    void start() throws Exception {
        AgentConfig c = AgentConfig.fromEnv(Map.of(AgentConfig.TENANT, "t1", AgentConfig.DEVICE, "pi-0003",
                AgentConfig.PASSWORD, "pw", AgentConfig.PLATFORM, "mock", AgentConfig.DATA_DIR, dir.toString(),
                LoopSpec.LOOPS.name(), "smoke-2:smoke:1,door-2:door:2:NC", LoopSpec.PERIOD.name(), "20"));
        uplink = RecordingUplink.working();
        agent = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), uplink, c.thresholdStore(), c.heartbeat());
        agent.start(c::atPowerUp);
        controls = new RehearsalControls(List.of(agent), Map.of("pi-0003", c.mockPressure()));
        await().atMost(SOON).until(() -> last("smoke-2") == State.NORMAL && last("door-2") == State.CLOSED);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aCutWireIsAFaultUntilMended() {
        assertThat(controls.apply("pi-0003 smoke-2 cut"))
                .isEqualTo("pi-0003 smoke-2 (smoke, supervised loop): fault, open circuit (3.30 V at i2c-1/0x48/AIN1)");

        await().atMost(SOON).until(() -> last("smoke-2") == State.FAULT);
        assertThat(controls.apply("list")).isEqualTo("pi-0003: smoke-1 normal, door-1 closed, smoke-2 fault, open circuit, "
                + "door-2 closed");

        assertThat(controls.apply("pi-0003 smoke-2 off"))
                .isEqualTo("pi-0003 smoke-2 (smoke, supervised loop): normal (at rest) (1.65 V at i2c-1/0x48/AIN1)");
        await().atMost(SOON).until(() -> last("smoke-2") == State.NORMAL);
    }

    @Test
    void aShortIsAFaultAndOnIsTheContactActive() {
        assertThat(controls.apply("pi-0003 door-2 short"))
                .isEqualTo("pi-0003 door-2 (door, supervised loop): fault, short circuit (0.00 V at i2c-1/0x48/AIN2)");
        await().atMost(SOON).until(() -> last("door-2") == State.FAULT);

        assertThat(controls.apply("pi-0003 door-2 on"))
                .isEqualTo("pi-0003 door-2 (door, supervised loop): open (2.20 V at i2c-1/0x48/AIN2)");
        await().atMost(SOON).until(() -> last("door-2") == State.OPEN);
    }

    @Test
    void aWordALoopDoesNotKnowChangesNothing() {
        int before = uplink.events().size();

        assertThat(controls.apply("pi-0003 smoke-2 broken"))
                .isEqualTo("pi-0003 smoke-2 (smoke, supervised loop) is a supervised loop: type on, off, cut or short, not 'broken'");
        assertThat(controls.apply("pi-0003 smoke-3 cut"))
                .isEqualTo("pi-0003 has no sensor smoke-3: it has smoke-1, door-1, smoke-2, door-2");
        assertThat(uplink.events()).hasSize(before);
    }

    private State last(String sensor) {
        List<Event> events = uplink.events(sensor);
        return events.isEmpty() ? null : events.get(events.size() - 1).state();
    }
}
