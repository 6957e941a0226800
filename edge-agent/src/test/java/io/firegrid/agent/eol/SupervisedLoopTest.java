package io.firegrid.agent.eol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.TestAgents;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent on the mock platform supervising a smoke loop and a door loop through Pi4J's mock I2C
 * ADS1115, read every {@value #PERIOD_MS} ms: what reaches its outbox when the detector alarms, the
 * door opens, a wire is cut or shorted and mended, and when the ADC stops answering.
 */
class SupervisedLoopTest {

    private static final String SMOKE = "smoke-2";
    private static final String DOOR = "door-2";
    private static final long PERIOD_MS = 20;
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final Duration SEVERAL_READS = Duration.ofMillis(10 * PERIOD_MS);

    @TempDir
    Path dir;

    private Agent agent;
    private RecordingUplink uplink;

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    private void startAgent(Duration debounce) throws Exception {
        uplink = RecordingUplink.working();
        List<LoopSpec> loops = List.of(
                LoopSpec.of(SMOKE, Kind.SMOKE, 1, Contact.NO).withPeriod(Duration.ofMillis(PERIOD_MS)),
                LoopSpec.of(DOOR, Kind.DOOR, 2, Contact.NC).withPeriod(Duration.ofMillis(PERIOD_MS)));
        agent = new Agent(TestAgents.DEVICE, new Hardware(GpioPlatform.MOCK, List.of(), TestAgents.SIREN_PIN, debounce,
                List.of(), Hardware.NO_LED, loops), SeqCounter.open(dir.resolve("seq"), () -> 1), uplink);
        // a board powered up with both loops healthy and at rest
        agent.start(a -> {
            a.mockLoop(SMOKE).normal();
            a.mockLoop(DOOR).normal();
        });
        await().atMost(SOON).until(() -> last(SMOKE) == State.NORMAL && last(DOOR) == State.CLOSED);
    }

    @Test
    void bothLoopsReportTheirStateAtStartOnce() throws Exception {
        startAgent(Duration.ZERO);

        await().during(SEVERAL_READS).atMost(SOON).until(() -> uplink.events().size() == 2);
        assertThat(uplink.events(SMOKE)).extracting(Event::kind).containsExactly(Kind.SMOKE);
        assertThat(uplink.events(DOOR)).extracting(Event::kind).containsExactly(Kind.DOOR);
    }

    @Test
    void aDetectorInAlarmSoundsTheSirenAndIsSent() throws Exception {
        startAgent(Duration.ZERO);

        agent.mockLoop(SMOKE).active();

        await().atMost(SOON).until(() -> last(SMOKE) == State.ALARM);
        assertThat(agent.isSirenSounding()).isTrue();
        assertThat(agent.loop(SMOKE).loopState()).isEqualTo(LoopState.ACTIVE);
    }

    @Test
    void aDoorOpeningOnANormallyClosedLoopIsOpen() throws Exception {
        startAgent(Duration.ZERO);

        agent.mockLoop(DOOR).active();

        await().atMost(SOON).until(() -> last(DOOR) == State.OPEN);
        assertThat(agent.isSirenSounding()).isFalse();
    }

    @Test
    void aCutWireSendsOneFaultAndNormalOnceMended() throws Exception {
        startAgent(Duration.ZERO);
        int before = uplink.events(SMOKE).size();

        agent.mockLoop(SMOKE).cut();

        await().atMost(SOON).until(() -> last(SMOKE) == State.FAULT);
        assertThat(agent.loop(SMOKE).loopState()).isEqualTo(LoopState.OPEN_CIRCUIT);
        assertThat(agent.isSirenSounding()).as("a trouble, not a fire").isFalse();
        await().during(SEVERAL_READS).atMost(SOON).until(() -> uplink.events(SMOKE).size() == before + 1);

        agent.mockLoop(SMOKE).normal();

        await().atMost(SOON).until(() -> uplink.events(SMOKE).size() == before + 2);
        assertThat(last(SMOKE)).isEqualTo(State.NORMAL);
        assertThat(last(DOOR)).as("the other loop is untouched").isEqualTo(State.CLOSED);
    }

    @Test
    void aShortedLoopIsAFaultAndNormalOnceMended() throws Exception {
        startAgent(Duration.ZERO);

        agent.mockLoop(DOOR).shorted();

        await().atMost(SOON).until(() -> last(DOOR) == State.FAULT);
        assertThat(agent.loop(DOOR).loopState()).isEqualTo(LoopState.SHORT_CIRCUIT);

        agent.mockLoop(DOOR).normal();

        await().atMost(SOON).until(() -> last(DOOR) == State.CLOSED);
        assertThat(uplink.events(SMOKE)).extracting(Event::state).containsExactly(State.NORMAL);
    }

    @Test
    void aShortAfterACutIsStillOneFault() throws Exception {
        startAgent(Duration.ZERO);
        agent.mockLoop(SMOKE).cut();
        await().atMost(SOON).until(() -> last(SMOKE) == State.FAULT);
        int events = uplink.events(SMOKE).size();

        agent.mockLoop(SMOKE).shorted();

        await().atMost(SOON).until(() -> agent.loop(SMOKE).loopState() == LoopState.SHORT_CIRCUIT);
        assertThat(uplink.events(SMOKE)).hasSize(events);
    }

    @Test
    void anAdcThatStopsAnsweringIsAFaultAndRecovers() throws Exception {
        startAgent(Duration.ZERO);

        agent.mockLoop(SMOKE).silence();

        await().atMost(SOON).until(() -> last(SMOKE) == State.FAULT);
        assertThat(agent.loop(SMOKE).loopState()).isEqualTo(LoopState.UNREADABLE);

        agent.mockLoop(SMOKE).normal();

        await().atMost(SOON).until(() -> last(SMOKE) == State.NORMAL);
    }

    @Test
    void aGlitchShorterThanTheDebounceIsNeverReported() throws Exception {
        startAgent(Duration.ofSeconds(2));
        int before = uplink.events(SMOKE).size();

        // a wire touched for a few reads, well inside the 2 s debounce
        agent.mockLoop(SMOKE).cut();
        await().atMost(SOON).until(() -> agent.loop(SMOKE).lastRead() == LoopState.OPEN_CIRCUIT);
        agent.mockLoop(SMOKE).normal();

        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> uplink.events(SMOKE).size() == before);
        assertThat(agent.loop(SMOKE).loopState()).isEqualTo(LoopState.NORMAL);
    }

    @Test
    void aDebounceSetByCommandHoldsBackTheLoopsToo() throws Exception {
        startAgent(Duration.ZERO);
        assertThat(uplink.command("set-thresholds", "{\"debounceMs\":1000}").status()).isEqualTo(200);
        int before = uplink.events(SMOKE).size();

        agent.mockLoop(SMOKE).cut();
        await().atMost(SOON).until(() -> agent.loop(SMOKE).lastRead() == LoopState.OPEN_CIRCUIT);
        agent.mockLoop(SMOKE).normal();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> uplink.events(SMOKE).size() == before);
    }

    @Test
    void aCutThatLastsTheDebouncePeriodIsReported() throws Exception {
        startAgent(Duration.ofMillis(100));

        agent.mockLoop(SMOKE).cut();

        await().atMost(SOON).until(() -> last(SMOKE) == State.FAULT);
    }

    private State last(String sensor) {
        List<Event> events = uplink.events(sensor);
        return events.isEmpty() ? null : events.get(events.size() - 1).state();
    }
}
