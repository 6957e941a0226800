package io.firegrid.gateway.ingest;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sees a device's clock steadily behind: not stepped back between two messages ({@link ClockSteps}
 * sees that), but slow or set wrong from the start, so that every message's {@code ts} lies more
 * than {@link #LAG} before the time the gateway received it.
 *
 * <p>An old {@code ts} alone proves nothing: an outbox sends hours-old messages after an outage. But
 * an outbox catching up sends them faster than they were made, so their lag shrinks from one
 * message to the next; a clock behind keeps its lag, message after message, as time goes on. So a
 * device is taken as behind once every message it sent for {@link #SUSTAINED} of receive time (and
 * at least {@link #MIN_MESSAGES} of them) lagged by more than {@link #LAG}, and the lag did not
 * shrink by more than {@link #LAG} over that time. From then on each of its messages lagging so is
 * taken like one with a {@code ts} outside {@link DeviceClock}'s window: kept, the receive time
 * standing for its time, the device flagged {@code clockSkew}. The first message that lags less
 * ends it. The messages before the verdict keep their {@code ts}: they could have been a backlog.
 *
 * <p>The memory is each device's lag run, for at most {@link #MAX_DEVICES} devices (beyond it the
 * memory starts again), and is lost with a restart. Thread model: safe for the event loops'
 * concurrent use; a device's messages come in order on one.
 */
final class ClockLag {

    /** A device time this far before its receive time, on every message, is a clock behind (as {@link DeviceClock#MAX_AHEAD} ahead). */
    static final Duration LAG = Duration.ofMinutes(5);
    /** How long, in receive time, every message must have lagged before the clock is called behind. */
    static final Duration SUSTAINED = Duration.ofMinutes(2);
    /** At least this many messages in a row must have lagged. */
    static final int MIN_MESSAGES = 3;
    static final int MAX_DEVICES = 100_000;

    /** A run of lagging messages: since when (receive time), the first one's lag, how many, and whether it is judged. */
    private record Run(Instant since, Duration firstLag, int messages, boolean behind) {
    }

    private final Map<DeviceId, Run> runs = new ConcurrentHashMap<>();

    /**
     * {@code message} (its {@code ts} already through {@link DeviceClock} and {@link ClockSteps}), or
     * the same without its {@code ts} when the device's clock is steadily behind.
     */
    DeviceMessage believable(DeviceId device, DeviceMessage message, Instant receivedAt) {
        if (message.ts() == null) {
            return message;
        }
        Duration lag = Duration.between(message.ts(), receivedAt);
        if (lag.compareTo(LAG) <= 0) {
            // nearly every message is on time and no device lags: no lookup then
            if (!runs.isEmpty()) {
                runs.remove(device);
            }
            return message;
        }
        Run run = runs.get(device);
        if (run == null) {
            if (runs.size() >= MAX_DEVICES) {
                runs.clear();
            }
            run = new Run(receivedAt, lag, 1, false);
        } else if (!run.behind()) {
            run = new Run(run.since(), run.firstLag(), run.messages() + 1, false);
            boolean longEnough = Duration.between(run.since(), receivedAt).compareTo(SUSTAINED) >= 0
                    && run.messages() >= MIN_MESSAGES;
            boolean catchingUp = run.firstLag().minus(lag).compareTo(LAG) > 0;
            if (catchingUp) {
                run = new Run(receivedAt, lag, 1, false); // a backlog draining: judge afresh from here
            } else if (longEnough) {
                run = new Run(run.since(), run.firstLag(), run.messages(), true);
            }
        }
        runs.put(device, run);
        return run.behind() ? DeviceClock.withoutTs(message) : message;
    }
}
