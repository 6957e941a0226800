package io.firegrid.gateway.ingest;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sees a device's clock stepped back. A device's {@code seq} rises with every message it makes, so
 * a message with a higher seq than the last one seen, stamped more than {@link #TOLERANCE} before
 * that one's time, was stamped by a clock that went back (an NTP step, a Pi that lost its time).
 * An old {@code ts} alone proves nothing (an outbox sends hours-old messages after an outage), but
 * it never comes after a newer one from the same device. Such a message is taken like one with a
 * {@code ts} outside {@link DeviceClock}'s window: kept, the receive time standing for its time, the
 * device flagged; and as the receive time becomes the time to compare with, the flag stays while
 * the clock stays behind and clears once the device's times are right again.
 *
 * <p>A message with a lower seq than the last one (the secondary path's copy of an event arriving
 * after a heartbeat) is not compared. The memory is each device's last seq and time, for at most
 * {@link #MAX_DEVICES} devices (devices must be registered to get here; beyond it the memory starts
 * again, which only skips one comparison per device), and is lost with a restart.
 *
 * <p>Thread model: safe for the event loops' concurrent use; a device's messages come in order on one.
 */
final class ClockSteps {

    /** How far a later message's time may lie before an earlier one's (threads of one agent stamp in a different order). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final int MAX_DEVICES = 100_000;

    private record Last(long seq, Instant time) {
    }

    private final Map<DeviceId, Last> last = new ConcurrentHashMap<>();

    /**
     * {@code message} (its {@code ts} already through {@link DeviceClock}), or the same without its
     * {@code ts} when that lies too far before the time of a lower seq of the same device.
     */
    DeviceMessage believable(DeviceId device, DeviceMessage message, Instant receivedAt) {
        Last before = last.get(device);
        if (before != null && message.seq() <= before.seq()) {
            return message;
        }
        DeviceMessage believed = message;
        if (message.ts() != null && before != null && message.ts().isBefore(before.time().minus(TOLERANCE))) {
            believed = DeviceClock.withoutTs(message);
        }
        if (last.size() >= MAX_DEVICES && !last.containsKey(device)) {
            last.clear();
        }
        last.put(device, new Last(message.seq(), believed.ts() != null ? believed.ts() : receivedAt));
        return believed;
    }
}
