package io.firegrid.agent.sensor;

import static io.firegrid.agent.TestAgents.door;
import static io.firegrid.agent.TestAgents.smoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.TestAgents;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactWiringTest {

    private static final Duration SOON = Duration.ofSeconds(2);

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
    void reportsEachSensorsStateOnStart() throws Exception {
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NO), door("door-1", 27, Contact.NO));

        await().atMost(SOON).until(() -> uplink.events().size() == 2);
        assertThat(uplink.events()).extracting(Event::sensor, Event::state)
                .containsExactlyInAnyOrder(tuple("smoke-1", State.NORMAL),
                        tuple("door-1", State.CLOSED));
    }

    @Test
    void normallyClosedSmokeContactReadsLowAsAlarmAndHighAsNormal() throws Exception {
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NC));
        await().atMost(SOON).until(() -> uplink.events().size() == 1);
        assertThat(uplink.events().get(0).state()).as("mock pins start LOW: an open NC loop").isEqualTo(State.ALARM);
        await().atMost(SOON).until(agent::isSirenSounding);

        agent.mockContact("smoke-1").level(DigitalState.HIGH);

        await().atMost(SOON).until(() -> uplink.events().size() == 2);
        assertThat(uplink.events().get(1).state()).isEqualTo(State.NORMAL);
        await().atMost(SOON).until(() -> !agent.isSirenSounding());
    }

    @Test
    void normallyOpenDoorContactReportsOpenThenClosed() throws Exception {
        agent = TestAgents.started(dir, Duration.ZERO, uplink, door("door-1", 27, Contact.NO));
        await().atMost(SOON).until(() -> uplink.events().size() == 1);

        agent.mockContact("door-1").level(DigitalState.HIGH);
        await().atMost(SOON).until(() -> uplink.events().size() == 2);
        agent.mockContact("door-1").level(DigitalState.LOW);
        await().atMost(SOON).until(() -> uplink.events().size() == 3);

        assertThat(uplink.events()).extracting(Event::state).containsExactly(State.CLOSED, State.OPEN, State.CLOSED);
    }

    @Test
    void mockContactSetHonoursTheWiring() throws Exception {
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NC));

        MockContact contact = agent.mockContact("smoke-1").set(false);

        assertThat(contact.input().state()).isEqualTo(DigitalState.HIGH);
        assertThat(contact.set(true).input().state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void refusesUnknownContactType() {
        assertThatThrownBy(() -> Contact.parse("NX"))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("use NO (normally open) or NC (normally closed)");
    }

    @Test
    void refusesPinOutsideTheHeader() {
        assertThatThrownBy(() -> smoke("smoke-1", 28, Contact.NO))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("should be between 0 and 27");
    }
}
