package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStatusHeartbeatTest {

    private static final Instant T1 = Instant.parse("2026-11-28T08:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);

    @Test
    void telemetryWithADeviceReadingIsAHeartbeatAndItsValuesAreKept() {
        DeviceStatus s = DeviceStatus.NEVER_SEEN.seen(new Readings(T1, 1, List.of(
                new Reading("agent.uptime", Kind.DEVICE, 3600, "s"),
                new Reading("agent.dropped-telemetry", Kind.DEVICE, 17, "messages"))), T1);

        assertThat(s.lastHeartbeat()).isEqualTo(T1);
        assertThat(s.lastValues()).containsEntry("agent.dropped-telemetry", "17.0").containsEntry("agent.uptime", "3600.0");
    }

    @Test
    void pressureReadingsEventsAndDisconnectsLeaveTheLastHeartbeatAlone() {
        DeviceStatus s = DeviceStatus.NEVER_SEEN.seen(new Readings(T1, 1, List.of(
                new Reading("agent.uptime", Kind.DEVICE, 1, "s"))), T1);

        s = s.seen(new Readings(T2, 2, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.3, "MPa"))), T2)
                .seen(new Event(T2, 3, "tamper-1", Kind.DEVICE, State.TAMPER), T2)
                .disconnected(T2);

        assertThat(s.lastHeartbeat()).isEqualTo(T1);
        assertThat(s.lastSeen()).isEqualTo(T2);
        assertThat(s.lastValues()).containsEntry("tamper-1", "tamper");
        assertThat(DeviceStatus.NEVER_SEEN.lastHeartbeat()).isNull();
    }
}
