package io.firegrid.agent.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.TestAgents;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent on the mock platform reading a hydrant transmitter through Pi4J's mock I2C ADS1115
 * every {@value #PERIOD_MS} ms. The sensor's first read races the test's first hold of the loop
 * current, so each test first waits for a steady pressure and then counts what follows.
 */
class PressureTelemetryTest {

    private static final String HYDRANT = "hydrant-1";
    private static final long PERIOD_MS = 20;
    private static final Duration SOON = Duration.ofSeconds(2);
    /** Long enough for several reads at the test period. */
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

    private MockTransmitter startAgent() throws Exception {
        uplink = RecordingUplink.working();
        PressureSpec spec = new PressureSpec(HYDRANT, 1, 0x48, 0, PressureTransmitter.defaults(), Duration.ofMillis(PERIOD_MS));
        agent = TestAgents.started(dir, uplink, spec);
        return agent.mockTransmitter(HYDRANT);
    }

    private void awaitSteadyPressure() {
        await().atMost(SOON).until(() -> lastState() == State.NORMAL && !uplink.readings(HYDRANT).isEmpty());
    }

    @Test
    void aScriptedConversionIsSentAsReadingsInMegapascal() throws Exception {
        MockTransmitter loop = startAgent();

        loop.raw(14_400); // 14400 × 4.096 V / 32768 = 1.8 V across 150 Ω = 12 mA, mid-range of 0-1.6 MPa

        await().atMost(SOON).until(() -> uplink.readings(HYDRANT).stream().anyMatch(r -> r.value() == 0.8));
        Reading reading = uplink.readings(HYDRANT).get(uplink.readings(HYDRANT).size() - 1);
        assertThat(reading.kind()).isEqualTo(Kind.PRESSURE);
        assertThat(reading.unit()).isEqualTo("MPa");
        assertThat(reading.value()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void readingsFollowThePressure() throws Exception {
        MockTransmitter loop = startAgent().mpa(0.32);
        await().atMost(SOON).until(() -> uplink.readings(HYDRANT).stream().anyMatch(r -> r.value() == 0.32));

        loop.mpa(0.18);

        await().atMost(SOON).until(() -> uplink.readings(HYDRANT).stream().anyMatch(r -> r.value() == 0.18));
    }

    @Test
    void aBrokenWireSendsOneFaultEventAndNoReadingsUntilItIsMended() throws Exception {
        MockTransmitter loop = startAgent().milliamps(12);
        awaitSteadyPressure();
        int eventsBefore = events().size();

        loop.milliamps(0);

        await().atMost(SOON).until(() -> events().size() == eventsBefore + 1);
        assertThat(events().get(eventsBefore).state()).isEqualTo(State.FAULT);
        assertThat(events().get(eventsBefore).kind()).isEqualTo(Kind.PRESSURE);
        int readingsDuringFault = uplink.readings(HYDRANT).size();
        await().during(SEVERAL_READS).atMost(SOON).until(() -> events().size() == eventsBefore + 1);
        assertThat(uplink.readings(HYDRANT)).hasSize(readingsDuringFault);

        loop.milliamps(12);

        await().atMost(SOON).until(() -> events().size() == eventsBefore + 2);
        assertThat(events().get(eventsBefore + 1).state()).isEqualTo(State.NORMAL);
        await().during(SEVERAL_READS).atMost(SOON).until(() -> events().size() == eventsBefore + 2);
        assertThat(uplink.readings(HYDRANT)).hasSizeGreaterThan(readingsDuringFault);
    }

    @Test
    void aShortedLoopAboveTwentyOneMilliampsIsAFault() throws Exception {
        MockTransmitter loop = startAgent().milliamps(12);
        awaitSteadyPressure();

        loop.milliamps(21.5);

        await().atMost(SOON).until(() -> lastState() == State.FAULT);
    }

    @Test
    void anAdcThatStopsAnsweringIsAFaultAndRecovers() throws Exception {
        MockTransmitter loop = startAgent().milliamps(12);
        awaitSteadyPressure();

        loop.silence();
        await().atMost(SOON).until(() -> lastState() == State.FAULT);
        loop.milliamps(12);

        await().atMost(SOON).until(() -> lastState() == State.NORMAL);
    }

    @Test
    void readingsAndEventsShareTheMessageCounter() throws Exception {
        MockTransmitter loop = startAgent().milliamps(12);
        awaitSteadyPressure();
        loop.milliamps(0);
        await().atMost(SOON).until(() -> lastState() == State.FAULT);

        List<Long> seqs = uplink.messages().stream().map(DeviceMessage::seq).toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void stoppingTheAgentSendsNoFault() throws Exception {
        startAgent().milliamps(12);
        awaitSteadyPressure();

        agent.close();

        assertThat(lastState()).isEqualTo(State.NORMAL);
    }

    private List<Event> events() {
        return uplink.events(HYDRANT);
    }

    private State lastState() {
        List<Event> events = events();
        return events.isEmpty() ? null : events.get(events.size() - 1).state();
    }
}
