package io.firegrid.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.agent.uplink.OutboxStats;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsOfAFullOutboxThatDroppedTelemetryAreInTheHeartbeat() throws Exception {
        // GIVEN an uplink whose gateway is unreachable and whose outbox holds at most 64 KiB
        MqttUplink uplink = new MqttUplink(new MqttUplinkOptions(URI.create("tcp://127.0.0.1:" + closedPort()), DEVICE,
                "pw", dir, MqttUplinkOptions.DEFAULT_KEEP_ALIVE, MqttUplinkOptions.DEFAULT_SESSION_EXPIRY,
                MqttUplinkOptions.DEFAULT_MAX_RECONNECT_DELAY, OutboxOptions.MIN_MAX_BYTES));
        try {
            // WHEN far more telemetry than fits is queued, with an event every 100 messages
            long seq = 0;
            for (int i = 1; i <= 2_000; i++) {
                seq++;
                uplink.send(i % 100 == 0
                        ? new Event(T0, seq, "smoke-1", Kind.SMOKE, State.ALARM)
                        : new Readings(T0, seq, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.3, "MPa"))));
            }
            Clock clock = Clock.fixed(T0.plusSeconds(3_600), ZoneOffset.UTC);
            Readings hb = new Heartbeat(clock, T0, uplink::outboxStats, () -> 2, "1.4.2-SNAPSHOT").next(seq + 1);

            // THEN the outbox dropped telemetry, kept every event, and the heartbeat says so
            OutboxStats stats = uplink.outboxStats();
            assertThat(stats.droppedTelemetry()).isPositive();
            assertThat(stats.messages() + stats.droppedTelemetry()).isEqualTo(2_000);
            assertThat(stats.bytes()).isLessThanOrEqualTo(OutboxOptions.MIN_MAX_BYTES);
            Map<String, Double> v = values(hb);
            assertThat(v).containsEntry(Heartbeat.DROPPED_TELEMETRY, (double) stats.droppedTelemetry())
                    .containsEntry(Heartbeat.OUTBOX_MESSAGES, (double) stats.messages())
                    .containsEntry(Heartbeat.OUTBOX_BYTES, (double) stats.bytes())
                    .containsEntry(Heartbeat.UPTIME, 3_600.0)
                    .containsEntry(Heartbeat.REFUSED_COMMANDS, 2.0)
                    .containsEntry(Heartbeat.VERSION, 10_402.0);
            assertThat(v.get(Heartbeat.HEAP_USED)).isPositive();
            assertThat(hb.readings()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(Kind.DEVICE));
            // and it is a valid telemetry body on the wire
            MessageCodec codec = new MessageCodec();
            assertThat(codec.decodeReadings(codec.encode(hb))).isEqualTo(hb);
        } finally {
            uplink.close();
        }
    }

    @Test
    void versionIsOneNumber() {
        assertThat(Heartbeat.versionNumber("0.1.0-SNAPSHOT")).isEqualTo(100);
        assertThat(Heartbeat.versionNumber("2.10.3")).isEqualTo(21_003);
        assertThat(Heartbeat.versionNumber(null)).isZero();
        assertThat(Heartbeat.versionNumber("dev")).isZero();
    }

    private static Map<String, Double> values(Readings r) {
        return r.readings().stream().collect(Collectors.toMap(Reading::sensor, Reading::value));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
