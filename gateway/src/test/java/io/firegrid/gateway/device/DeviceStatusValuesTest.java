package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceStatusValuesTest {

    private static final Instant T1 = Instant.parse("2026-11-28T08:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);

    private static Readings pressure(long seq, double... values) {
        return new Readings(T1, seq, java.util.Arrays.stream(values)
                .mapToObj(v -> new Reading("hydrant-1", Kind.PRESSURE, v, "MPa")).toList());
    }

    @Test
    void eachSensorKeepsItsLastValueOrState() {
        DeviceStatus s = DeviceStatus.NEVER_SEEN
                .seen(new Readings(T1, 1, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.32, "MPa"),
                        new Reading("hydrant-2", Kind.PRESSURE, 0.41, "MPa"))), T1)
                .seen(new Event(T1, 2, "smoke-1", Kind.SMOKE, State.ALARM), T1)
                .seen(pressure(3, 0.30), T2)
                .seen(new Event(T2, 4, "smoke-1", Kind.SMOKE, State.NORMAL), T2);

        assertThat(s.lastValues()).containsExactlyInAnyOrderEntriesOf(
                Map.of("hydrant-1", "0.3", "hydrant-2", "0.41", "smoke-1", "normal"));
        assertThat(s.lastSeen()).isEqualTo(T2);
    }

    @Test
    void theLastOfTwoValuesOfOneSensorInAMessageStands() {
        DeviceStatus s = DeviceStatus.NEVER_SEEN.seen(pressure(1, 0.32), T1);

        assertThat(s.seen(pressure(2, 0.30, 0.32), T2).lastValues()).containsExactly(Map.entry("hydrant-1", "0.32"));
        assertThat(s.seen(pressure(2, 0.32, 0.28), T2).lastValues()).containsExactly(Map.entry("hydrant-1", "0.28"));
    }

    @Test
    void aReadingEqualToTheLastKeepsTheValuesAsTheyAreAndMovesLastSeen() {
        DeviceStatus before = DeviceStatus.NEVER_SEEN.seen(pressure(1, 0.32), T1);

        DeviceStatus after = before.seen(pressure(2, 0.32), T2);

        assertThat(after.lastValues()).isSameAs(before.lastValues());
        assertThat(after.lastSeen()).isEqualTo(T2);
    }
}
