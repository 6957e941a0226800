package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A device clock stepped back is seen from the device's own earlier times (found by FaultHarnessIT's clock step). */
class ClockStepsTest {

    private static final DeviceId PI = new DeviceId("t1", "pi-1");
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private final ClockSteps steps = new ClockSteps();

    private static Event event(long seq, Instant ts) {
        return new Event(ts, seq, "smoke-1", Kind.SMOKE, State.ALARM);
    }

    @Test
    void aLaterSeqStampedHoursBeforeAnEarlierOneHasTheReceiveTimeStandForIt() {
        assertThat(steps.believable(PI, event(1, NOW), NOW).ts()).isEqualTo(NOW);

        DeviceMessage back = steps.believable(PI, event(2, NOW.minus(Duration.ofHours(3))), NOW.plusSeconds(1));

        assertThat(back.ts()).as("kept, without its time").isNull();
        assertThat(back.seq()).isEqualTo(2);
    }

    @Test
    void staysFlaggedWhileTheClockIsBehindAndClearsWhenItIsRight() {
        steps.believable(PI, event(1, NOW), NOW);
        steps.believable(PI, event(2, NOW.minus(Duration.ofHours(3))), NOW.plusSeconds(1));

        assertThat(steps.believable(PI, event(3, NOW.minus(Duration.ofHours(3)).plusSeconds(2)), NOW.plusSeconds(2)).ts())
                .as("still hours behind").isNull();
        assertThat(steps.believable(PI, event(4, NOW.plusSeconds(3)), NOW.plusSeconds(3)).ts())
                .as("right again").isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void anOutboxsOldMessagesInSeqOrderAndALateLowerSeqAreBelieved() {
        Instant hoursAgo = NOW.minus(Duration.ofHours(5));
        assertThat(steps.believable(PI, event(10, hoursAgo), NOW).ts()).isEqualTo(hoursAgo);
        assertThat(steps.believable(PI, event(11, hoursAgo.plusSeconds(1)), NOW).ts()).isEqualTo(hoursAgo.plusSeconds(1));
        assertThat(steps.believable(PI, event(20, NOW), NOW).ts()).isEqualTo(NOW);
        // the secondary path's copy of an older event, after a newer heartbeat
        assertThat(steps.believable(PI, event(15, hoursAgo.plusSeconds(60)), NOW).ts()).isEqualTo(hoursAgo.plusSeconds(60));
    }

    @Test
    void withinTheToleranceTimesAreBelieved() {
        steps.believable(PI, event(1, NOW), NOW);

        assertThat(steps.believable(PI, event(2, NOW.minus(Duration.ofMinutes(4))), NOW).ts())
                .isEqualTo(NOW.minus(Duration.ofMinutes(4)));
    }
}
