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
    /** Removals handed to the remover's thread, run when a test says (at once unless {@code runAtOnce} is off). */
    private final Deque<Runnable> removerThread = new ArrayDeque<>();

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
        }, (task, delayMs) -> retries.add(task), task -> {
            if (runAtOnce) {
                task.run();
            } else {
                removerThread.add(task);
            }
        });
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void sendsNothingUntilConnectedThenEventsFirstWithinTheReceiveMaximum() {
        long readings = OutboxSender.DEFAULT_RECEIVE_MAXIMUM + 2;
        for (long seq = 1; seq <= readings; seq++) {
            append(reading(seq));
        }
        append(event(readings + 1));
        sender.send();
        assertThat(published).isEmpty();

        connected = true;
        sender.connected();

        List<Long> expected = new ArrayList<>(List.of(readings + 1));
        LongStream.range(1, OutboxSender.DEFAULT_RECEIVE_MAXIMUM).forEach(expected::add);
        assertThat(published).containsExactlyElementsOf(expected);
        assertThat(sender.inFlight()).isEqualTo(OutboxSender.DEFAULT_RECEIVE_MAXIMUM);
    }

    @Test
    void aPubackRemovesTheMessageAndLetsTheNextOneGo() {
        connected = true;
        for (long seq = 1; seq <= OutboxSender.DEFAULT_RECEIVE_MAXIMUM + 1; seq++) {
            append(reading(seq));
        }
        sender.connected();
        assertThat(published).hasSize(OutboxSender.DEFAULT_RECEIVE_MAXIMUM);

        sender.answered(1, 0);

        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(2);
        assertThat(published).endsWith((long) OutboxSender.DEFAULT_RECEIVE_MAXIMUM + 1);
        assertThat(outbox.size()).isEqualTo(OutboxSender.DEFAULT_RECEIVE_MAXIMUM);
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
        long readings = OutboxSender.DEFAULT_RECEIVE_MAXIMUM + 10;
        for (long seq = 1; seq <= readings; seq++) {
            append(reading(seq));
        }
        sender.connected();
        append(event(readings + 1));
        sender.send();

        sender.answered(1, 0);

        assertThat(published.subList(OutboxSender.DEFAULT_RECEIVE_MAXIMUM, published.size())).containsExactly(readings + 1);
    }

    @Test
    void answersArrivingTogetherAreRemovedWithOneWriteWhileSendingGoesOn() {
        int max = OutboxSender.DEFAULT_RECEIVE_MAXIMUM;
        connected = true;
        runAtOnce = false;
        for (long seq = 1; seq <= max + 10; seq++) {
            append(reading(seq));
        }
        sender.connected();
        assertThat(published).hasSize(max);

        for (long seq = 1; seq <= 5; seq++) {
            sender.answered(seq, 0);
        }

        assertThat(published.subList(max, published.size())).as("each answer frees its place awaiting PUBACK at once")
                .containsExactly(max + 1L, max + 2L, max + 3L, max + 4L, max + 5L);
        assertThat(uplinkThread).as("one removal scheduled for the five answers").hasSize(1);
        assertThat(outbox.size()).as("nothing removed before it runs").isEqualTo(max + 10);

        uplinkThread.poll().run();
        assertThat(removerThread).as("the group handed to the remover's thread").hasSize(1);
        sender.answered(6, 0);
        sender.answered(7, 0);
        assertThat(uplinkThread).as("answers during a removal wait for it, not scheduled apart").isEmpty();
        assertThat(published).as("and sending goes on meanwhile").endsWith(max + 6L, max + 7L);

        removerThread.poll().run();
        assertThat(outbox.size()).as("one write removed the five").isEqualTo(max + 5);
        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(6);
        uplinkThread.poll().run();
        assertThat(sender.removals()).isEqualTo(1);
        assertThat(removerThread).as("the two that came meanwhile are the next group").hasSize(1);
        removerThread.poll().run();
        uplinkThread.poll().run();
        assertThat(sender.removals()).isEqualTo(2);
        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(8);
        assertThat(sender.awaitingRemoval()).isZero();
    }

    @Test
    void theServersReceiveMaximumBoundsWhatAwaitsPuback() {
        for (long seq = 1; seq <= 100; seq++) {
            append(reading(seq));
        }
        sender.receiveMaximum(20); // the CONNACK's, told before the connection is announced
        connected = true;
        sender.connected();
        assertThat(sender.inFlight()).as("Mosquitto's 20").isEqualTo(20);

        sender.receiveMaximum(64);
        assertThat(sender.inFlight()).as("a CONNACK sends nothing: the connection that follows it does").isEqualTo(20);
        sender.send();
        assertThat(sender.inFlight()).as("a larger one fills up with the next send").isEqualTo(64);
        assertThat(published).containsExactlyElementsOf(LongStream.rangeClosed(1, 64).boxed().toList());
    }

    @Test
    void atMostTheWindowIsSentAndNotYetRemovedWhateverTheServerTakes() {
        runAtOnce = false;
        for (long seq = 1; seq <= OutboxSender.WINDOW + 50; seq++) {
            append(reading(seq));
        }
        sender.receiveMaximum(null); // no Receive Maximum in the CONNACK: 65,535
        connected = true;
        sender.connected();
        assertThat(sender.inFlight()).isEqualTo(OutboxSender.WINDOW);

        for (long seq = 1; seq <= 40; seq++) {
            sender.answered(seq, 0);
        }

        assertThat(published).as("answered, their removal not forced yet: still within the window").hasSize(OutboxSender.WINDOW);
        uplinkThread.poll().run();
        removerThread.poll().run();
        uplinkThread.poll().run();
        assertThat(published).hasSize(OutboxSender.WINDOW + 40);
        assertThat(sender.inFlight() + sender.awaitingRemoval()).isEqualTo(OutboxSender.WINDOW);
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
        removerThread.poll().run();
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
        }, () -> connected, Runnable::run, (task, delayMs) -> retries.add(task), Runnable::run);

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
