package io.firegrid.agent.sensor;

import static io.firegrid.agent.TestAgents.smoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.TestAgents;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pi4J's mock ignores the input's debounce setting, so these exercise the agent's own debouncer. */
class DebounceTest {

    /** Long enough that the few microseconds between two mockState calls are always a bounce. */
    private static final Duration DEBOUNCE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private Agent agent;
    private final RecordingUplink uplink = RecordingUplink.working();

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void bounceShorterThanTheDebounceRaisesNoEventAndNoSiren() throws Exception {
        agent = TestAgents.started(dir, DEBOUNCE, uplink, smoke("smoke-1", 17, Contact.NO));
        await().atMost(Duration.ofSeconds(2)).until(() -> uplink.events().size() == 1);

        MockContact contact = agent.mockContact("smoke-1");
        contact.level(DigitalState.HIGH).level(DigitalState.LOW).level(DigitalState.HIGH).level(DigitalState.LOW);

        await().during(DEBOUNCE.multipliedBy(2)).atMost(DEBOUNCE.multipliedBy(3))
                .until(() -> uplink.events().size() == 1 && !agent.isSirenSounding());
    }

    @Test
    void contactThatSettlesAfterBouncingRaisesExactlyOneEvent() throws Exception {
        agent = TestAgents.started(dir, DEBOUNCE, uplink, smoke("smoke-1", 17, Contact.NO));
        await().atMost(Duration.ofSeconds(2)).until(() -> uplink.events().size() == 1);

        agent.mockContact("smoke-1").level(DigitalState.HIGH).level(DigitalState.LOW).level(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(2)).until(() -> uplink.events().size() == 2);
        await().during(DEBOUNCE).atMost(DEBOUNCE.multipliedBy(2)).until(() -> uplink.events().size() == 2);
        assertThat(uplink.events()).extracting(Event::state).containsExactly(State.NORMAL, State.ALARM);
        assertThat(agent.isSirenSounding()).isTrue();
    }

    @Test
    void stateIsReportedOnlyAfterTheContactHasBeenStillForTheDebounce() throws Exception {
        agent = TestAgents.started(dir, DEBOUNCE, uplink, smoke("smoke-1", 17, Contact.NO));
        await().atMost(Duration.ofSeconds(2)).until(() -> uplink.events().size() == 1);

        long before = System.nanoTime();
        agent.mockContact("smoke-1").set(true);
        await().atMost(Duration.ofSeconds(2)).until(agent::isSirenSounding);

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(DEBOUNCE);
    }
}
