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
import java.util.ArrayList;
import java.util.List;
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

    @BeforeEach
    void open() {
        outbox = Outbox.open(OutboxOptions.in(dir));
        sender = new OutboxSender(DEVICE, outbox, (m, connection) -> {
            if (!connected) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            published.add(m.seq());
        }, () -> connected);
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void sendsNothingUntilConnectedThenEventsFirstWithinTheWindow() {
        for (long seq = 1; seq <= 12; seq++) {
            append(reading(seq));
        }
        append(event(13));
        sender.send();
        assertThat(published).isEmpty();

        connected = true;
        sender.connected();

        assertThat(published).containsExactly(13L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(sender.inFlight()).isEqualTo(OutboxSender.WINDOW);
    }

    @Test
    void aPubackRemovesTheMessageAndLetsTheNextOneGo() {
        connected = true;
        for (long seq = 1; seq <= 11; seq++) {
            append(reading(seq));
        }
        sender.connected();

        sender.answered(1, 0);

        assertThat(outbox.peek().orElseThrow().seq()).isEqualTo(2);
        assertThat(published).endsWith(11L);
        assertThat(outbox.size()).isEqualTo(10);
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
        for (long seq = 1; seq <= 20; seq++) {
            append(reading(seq));
        }
        sender.connected();
        append(event(21));
        sender.send();

        sender.answered(1, 0);

        assertThat(published.subList(OutboxSender.WINDOW, published.size())).containsExactly(21L);
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
