package io.firegrid.gateway.ingest;

import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Readings;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a device's own timestamp ({@code ts}) can be believed.
 *
 * <p>A {@code ts} before {@link #EARLIEST} (2020-01-01, before any FireGrid device existed: a Pi
 * that booted without network time starts at 1970) or more than {@link #MAX_AHEAD} after the
 * gateway received the message is a wrong clock, not a time. Such a message is not refused: a fire
 * station must never lose an alarm because a Pi's clock is wrong. It is taken as if it had no
 * {@code ts} at all, as from a detector without a clock: the gateway's receive time stands for it
 * everywhere (rules, alarm, telemetry), its body is stored as sent, and the device is flagged
 * {@code clockSkew} until it sends a believable time again.
 */
final class DeviceClock {

    /** The earliest device time believed. */
    static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");
    /**
     * How far ahead of the gateway's receive time a device time is still believed: a message cannot
     * be made after it arrived, and NTP keeps clocks within far less; a clock stepped hours ahead (or
     * set to local time by mistake) is wrong and flagged.
     */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private DeviceClock() {
    }

    /** Whether {@code ts} (present) is outside the believed window around {@code receivedAt}. */
    static boolean skewed(Instant ts, Instant receivedAt) {
        return ts != null && (ts.isBefore(EARLIEST) || ts.isAfter(receivedAt.plus(MAX_AHEAD)));
    }

    /** {@code message} without its {@code ts} when that is skewed, else {@code message} itself. */
    static DeviceMessage believable(DeviceMessage message, Instant receivedAt) {
        if (!skewed(message.ts(), receivedAt)) {
            return message;
        }
        return withoutTs(message);
    }

    /** {@code message} as if sent without a {@code ts}. */
    static DeviceMessage withoutTs(DeviceMessage message) {
        if (message instanceof Event e) {
            return new Event(null, e.seq(), e.sensor(), e.kind(), e.state());
        }
        if (message instanceof Readings r) {
            return new Readings(null, r.seq(), r.readings());
        }
        return message;
    }
}
