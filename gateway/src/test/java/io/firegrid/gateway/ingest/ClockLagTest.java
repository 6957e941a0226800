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

/**
 * A device clock steadily behind (every message stamped minutes before it arrived, not stepped) is
 * flagged like a step once it has lasted; an outbox's backlog, whose lag shrinks as it drains, is not.
 */
class ClockLagTest {

    private static final DeviceId PI = new DeviceId("t1", "pi-1");
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final Duration BEHIND = Duration.ofMinutes(20);
    private final ClockLag lag = new ClockLag();

    private static Event event(long seq, Instant ts) {
        return new Event(ts, seq, "smoke-1", Kind.SMOKE, State.NORMAL);
    }

    @Test
    void aClockTwentyMinutesBehindOnEveryMessageIsFlaggedOnceItHasLastedAndClearsWhenRight() {
        // GIVEN a heartbeat every 30 s from a clock 20 minutes behind
        int seq = 0;
        Instant received = NOW;
        for (; Duration.between(NOW, received).compareTo(ClockLag.SUSTAINED) < 0; received = received.plusSeconds(30)) {
            assertThat(lag.believable(PI, event(++seq, received.minus(BEHIND)), received).ts())
                    .as("at %s: not judged yet (a backlog looks the same at first)", received).isNotNull();
        }

        // THEN once it has lasted, the receive time stands for its times, message after message
        for (int i = 0; i < 5; i++, received = received.plusSeconds(30)) {
            DeviceMessage m = lag.believable(PI, event(++seq, received.minus(BEHIND)), received);
            assertThat(m.ts()).as("at %s: behind", received).isNull();
            assertThat(m.seq()).isEqualTo(seq);
        }

        // and a message stamped right ends it
        assertThat(lag.believable(PI, event(++seq, received), received).ts()).isEqualTo(received);
        received = received.plusSeconds(30);
        assertThat(lag.believable(PI, event(++seq, received.minus(BEHIND)), received).ts())
                .as("judged afresh: not behind at once").isNotNull();
    }

    @Test
    void anOutboxBacklogDrainingForMinutesKeepsItsTimes() {
        // GIVEN three hours of messages, one a minute, sent one every 5 s after an outage
        Instant made = NOW.minus(Duration.ofHours(3));
        Instant received = NOW;
        int seq = 0;
        while (made.isBefore(received)) {
            assertThat(lag.believable(PI, event(++seq, made), received).ts()).as("seq %d made %s", seq, made).isEqualTo(made);
            made = made.plusSeconds(60);
            received = received.plusSeconds(5);
        }
    }

    @Test
    void aLagWithinFiveMinutesIsBelieved() {
        Instant received = NOW;
        for (int seq = 1; seq <= 20; seq++, received = received.plusSeconds(30)) {
            Instant ts = received.minus(Duration.ofMinutes(4));
            assertThat(lag.believable(PI, event(seq, ts), received).ts()).isEqualTo(ts);
        }
    }
}
