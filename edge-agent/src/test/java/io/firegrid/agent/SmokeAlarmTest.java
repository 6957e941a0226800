package io.firegrid.agent;

import static io.firegrid.agent.TestAgents.door;
import static io.firegrid.agent.TestAgents.smoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeAlarmTest {

    private static final Duration SOON = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Agent agent;

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void normallyOpenSmokeContactGoingHighRaisesAlarmEventAndSoundsSiren() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NO));
        await().atMost(SOON).until(() -> uplink.events("smoke-1").size() == 1);

        agent.mockContact("smoke-1").input().mockState(DigitalState.HIGH);

        await().atMost(SOON).until(agent::isSirenSounding);
        await().atMost(SOON).until(() -> uplink.events("smoke-1").size() == 2);
        Event alarm = uplink.events("smoke-1").get(1);
        assertThat(alarm.kind()).isEqualTo(Kind.SMOKE);
        assertThat(alarm.state()).isEqualTo(State.ALARM);
        assertThat(alarm.ts()).isNotNull();
    }

    @Test
    void sirenSoundsAtOnceEvenWhileTheUplinkIsStuck() throws Exception {
        RecordingUplink stuck = RecordingUplink.stuck();
        agent = TestAgents.started(dir, Duration.ZERO, stuck, smoke("smoke-1", 17, Contact.NO));

        agent.mockContact("smoke-1").set(true);

        await().atMost(Duration.ofMillis(500)).until(agent::isSirenSounding);
        assertThat(stuck.events()).isEmpty();

        stuck.release();
        // the start-up report may already have read the pin HIGH, so the alarm is the last event, maybe the only one
        await().atMost(SOON).until(() -> !stuck.events().isEmpty()
                && stuck.events().get(stuck.events().size() - 1).state() == State.ALARM);
    }

    @Test
    void sirenStaysOnUntilEveryDetectorIsNormalAgain() throws Exception {
        agent = TestAgents.started(dir, Duration.ZERO, RecordingUplink.working(),
                smoke("smoke-1", 17, Contact.NO), smoke("smoke-2", 18, Contact.NO));

        agent.mockContact("smoke-1").set(true);
        agent.mockContact("smoke-2").set(true);
        await().atMost(SOON).until(agent::isSirenSounding);
        agent.mockContact("smoke-1").set(false);

        await().during(Duration.ofMillis(200)).atMost(SOON).until(agent::isSirenSounding);
        agent.mockContact("smoke-2").set(false);
        await().atMost(SOON).until(() -> !agent.isSirenSounding());
    }

    @Test
    void doorOpeningDoesNotSoundTheSiren() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = TestAgents.started(dir, Duration.ZERO, uplink, door("door-1", 27, Contact.NO));

        agent.mockContact("door-1").set(true);

        await().atMost(SOON).until(() -> uplink.events("door-1").stream().anyMatch(e -> e.state() == State.OPEN));
        assertThat(agent.isSirenSounding()).isFalse();
    }

    @Test
    void aManualCallPointPressedSoundsTheSirenAndAnExitBlockedDoesNot() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = TestAgents.started(dir, Duration.ZERO, uplink,
                new ContactSpec("mcp-1", Kind.CALL_POINT, 23, Contact.NO), new ContactSpec("exit-1", Kind.EXIT, 5, Contact.NO));

        agent.mockContact("exit-1").set(true);
        await().atMost(SOON).until(() -> uplink.events("exit-1").stream().anyMatch(e -> e.state() == State.BLOCKED));
        assertThat(agent.isSirenSounding()).isFalse();

        agent.mockContact("mcp-1").set(true);
        await().atMost(SOON).until(agent::isSirenSounding);
        await().atMost(SOON).until(() -> uplink.events("mcp-1").stream()
                .anyMatch(e -> e.kind() == Kind.CALL_POINT && e.state() == State.ALARM));
    }

    @Test
    void statusLedBlinksWhileTheGatewayIsUnreachableAndStaysLitOnceItIs() throws Exception {
        RecordingUplink stuck = RecordingUplink.stuck();
        agent = TestAgents.startedWithLed(dir, stuck, 5);

        await().atMost(Duration.ofSeconds(3)).until(agent::isStatusLedLit);
        await().atMost(Duration.ofSeconds(3)).until(() -> !agent.isStatusLedLit());
        await().atMost(Duration.ofSeconds(3)).until(agent::isStatusLedLit);

        stuck.release();
        await().atMost(Duration.ofSeconds(3)).until(agent::isStatusLedLit);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(agent::isStatusLedLit);
    }

    @Test
    void everyEventCarriesTheNextSeq() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NO), door("door-1", 27, Contact.NO));
        await().atMost(SOON).until(() -> uplink.events().size() == 2);

        agent.mockContact("smoke-1").set(true);
        await().atMost(SOON).until(() -> uplink.events().size() == 3);
        agent.mockContact("door-1").set(true);
        await().atMost(SOON).until(() -> uplink.events().size() == 4);

        assertThat(uplink.events()).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void closingReleasesTheUplinkAndSilencesTheSiren() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = TestAgents.started(dir, Duration.ZERO, uplink, smoke("smoke-1", 17, Contact.NO));
        agent.mockContact("smoke-1").set(true);
        await().atMost(SOON).until(agent::isSirenSounding);

        agent.close();

        assertThat(uplink.isClosed()).isTrue();
        assertThat(agent.isSirenSounding()).isFalse();
    }
}
