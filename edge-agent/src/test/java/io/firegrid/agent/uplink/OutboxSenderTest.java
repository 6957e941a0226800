package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against a real outbox and a recording stand-in for Paho. */
class OutboxSenderTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final Instant TS = Instant.parse("2026-11-28T08:00:00Z");
    private final MessageCodec codec = new MessageCodec();
    private final List<Long> published = new ArrayList<>();
    private boolean connected;

    @TempDir
    Path dir;

    private Outbox outbox;
    private OutboxSender sender;
    /** Tasks the sender scheduled on the uplink's thread, run when a test says. */
    private final Deque<Runnable> uplinkThread = new ArrayDeque<>();
    private boolean runAtOnce = true;
    /** Retries the sender scheduled for later, run when a test says. */
    private final Deque<Runnable> retries = new ArrayDeque<>();

    @BeforeEach
    void open() {
        outbox = Outbox.open(OutboxOptions.in(dir));
        sender = new OutboxSender(DEVICE, outbox, (m, connection) -> {
            if (!connected) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            published.add(m.seq());
        }, () -> connected, task -> {
            if (runAtOnce) {
                task.run();
            } else {
                uplinkThread.add(task);
            }
        }, (task, delayMs) -> retries.add(task));
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void sendsNothingUntilConnectedThenEventsFirstWithinTheWindow() {
        long readings = OutboxSender.WINDOW + 2;
        for (long seq = 1; seq <= readings; seq++) {
            append(reading(seq));
        }
        append(event(readings + 1));
        sender.send();
        assertThat(published).isEmpty();

        connected = true;
        sender.connected();

        List<Long> expected = new ArrayList<>(List.of(readings + 1));
        LongStream.range(1, OutboxSender.WINDOW).forEach(expected::add);
        assertThat(published).containsExactlyElementsOf(expected);
        assertThat(sender.inFlight()).isEqualTo(OutboxSender.WINDOW);
    }

    @Test
    void aPubackRemovesTheMessageAndLetsTheNextOneGo() {
        connected = true;
        for (long seq = 1; seq <= OutboxSender.WINDOW + 1; seq++) {
            append(reading(seq));
        }
        sender.connected();
        assertThat(published).hasSize(OutboxSender.WINDOW);

        sender.answered(1, 0);

        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(2);
        assertThat(published).endsWith((long) OutboxSender.WINDOW + 1);
        assertThat(outbox.size()).isEqualTo(OutboxSender.WINDOW);
    }

    @Test
    void unacknowledgedMessagesAreSentAgainAfterReconnecting() {
        connected = true;
        append(event(1));
        append(event(2));
        sender.connected();
        sender.answered(1, 0);

        connected = false;
        sender.unanswered(2, 1);
        connected = true;
        sender.connected();

        assertThat(published).containsExactly(1L, 2L, 2L);
        sender.answered(2, 0);
        sender.answered(2, 0);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aFailureReportedForAnEarlierConnectionDoesNotFreeTheResentMessage() {
        connected = true;
        append(event(1));
        sender.connected();
        sender.connected();

        sender.unanswered(1, 1);

        assertThat(sender.inFlight()).isEqualTo(1);
        assertThat(published).containsExactly(1L, 1L);
    }

    @Test
    void aFinalRefusalByTheGatewayRemovesTheMessage() {
        connected = true;
        append(event(1));
        append(event(2));
        sender.connected();

        sender.answered(1, 0x99);

        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void anEventQueuedBehindAFullWindowGoesNextBeforeOlderTelemetry() {
        connected = true;
        long readings = OutboxSender.WINDOW + 10;
        for (long seq = 1; seq <= readings; seq++) {
            append(reading(seq));
        }
        sender.connected();
        append(event(readings + 1));
        sender.send();

        sender.answered(1, 0);

        assertThat(published.subList(OutboxSender.WINDOW, published.size())).containsExactly(readings + 1);
    }

    @Test
    void answersArrivingTogetherAreRemovedWithOneWriteThenTheWindowRefills() {
        connected = true;
        runAtOnce = false;
        for (long seq = 1; seq <= OutboxSender.WINDOW + 10; seq++) {
            append(reading(seq));
        }
        sender.connected();
        assertThat(published).hasSize(OutboxSender.WINDOW);

        for (long seq = 1; seq <= 5; seq++) {
            sender.answered(seq, 0);
        }
        sender.send();

        assertThat(uplinkThread).as("one removal scheduled for the five answers").hasSize(1);
        assertThat(outbox.size()).as("nothing removed before it runs").isEqualTo(OutboxSender.WINDOW + 10);
        assertThat(published).as("answered but not yet removed still count against the window")
                .hasSize(OutboxSender.WINDOW);

        uplinkThread.poll().run();

        assertThat(sender.removals()).isEqualTo(1);
        assertThat(outbox.size()).isEqualTo(OutboxSender.WINDOW + 5);
        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(6);
        assertThat(published.subList(OutboxSender.WINDOW, published.size()))
                .containsExactly(33L, 34L, 35L, 36L, 37L);
        assertThat(uplinkThread).isEmpty();
    }

    @Test
    void anAnsweredMessageIsNotSentAgainByAReconnectionBeforeItsRemoval() {
        connected = true;
        runAtOnce = false;
        append(event(1));
        append(event(2));
        sender.connected();
        sender.answered(1, 0);

        sender.connected();

        assertThat(published).containsExactly(1L, 2L, 2L);
        uplinkThread.poll().run();
        assertThat(seqsInOutbox()).containsExactly(2L);
    }

    @Test
    void answersNotYetRemovedWhenTheAgentStopsAreCopiesAfterTheRestartNotLosses() {
        connected = true;
        runAtOnce = false;
        append(event(1));
        append(event(2));
        sender.connected();
        sender.answered(1, 0);
        outbox.close();

        outbox = Outbox.open(OutboxOptions.in(dir));

        assertThat(seqsInOutbox()).as("sent again; the gateway drops the copy by seq").containsExactly(1L, 2L);
    }

    @Test
    void aPublishRefusedWithNothingOfOursInFlightIsTriedAgainLater() {
        append(event(1));
        connected = true;
        boolean[] pahoFull = {true};
        OutboxSender refused = new OutboxSender(DEVICE, outbox, (m, connection) -> {
            if (pahoFull[0]) {
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
            }
            published.add(m.seq());
        }, () -> connected, Runnable::run, (task, delayMs) -> retries.add(task));

        refused.connected();
        refused.send();

        assertThat(published).isEmpty();
        assertThat(retries).as("one retry, however often it was refused").hasSize(1);
        pahoFull[0] = false;
        retries.poll().run();
        assertThat(published).containsExactly(1L);
        assertThat(retries).isEmpty();
    }

    private List<Long> seqsInOutbox() {
        return outbox.peek(100).stream().map(Outbox.Message::seq).toList();
    }

    private void append(DeviceMessage m) {
        outbox.append(m, codec.encode(m));
    }

    private static Event event(long seq) {
        return new Event(TS, seq, "smoke-1", Kind.SMOKE, State.ALARM);
    }

    private static Readings reading(long seq) {
        return new Readings(TS, seq, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.35, "MPa")));
    }
}
