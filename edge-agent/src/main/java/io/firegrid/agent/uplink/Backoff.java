package io.firegrid.agent.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the uplink waits before its next connection attempt: exponential backoff with "full
 * jitter". After the {@code n}-th failed attempt since the last connection (counting from 0) the
 * wait is drawn uniformly from {@code [0, min(cap, base * 2^n)]}; when the gateway refused as busy
 * the wait is the busy floor plus that same draw.
 *
 * <p>Why full jitter rather than decorrelated jitter: what matters here is the first retry after
 * a gateway restart, when every agent of a community lost the connection in the same instant.
 * Full jitter spreads those first attempts evenly over the whole {@code [0, base]} window, while
 * decorrelated jitter ({@code min(cap, random(base, 3 * previous))}) never waits less than
 * {@code base} and so bunches every agent's first attempt into {@code [base, 3 * base]}. Full
 * jitter also has a fixed ceiling per attempt (the window), so the longest wait an alarm can face
 * is simply the cap, and it needs no memory beyond the attempt count. In AWS's comparison of the
 * two ("Exponential Backoff And Jitter", 2015) full jitter made the fewest calls for about the same
 * completion time.
 *
 * <p>A refusal for load (server busy, connection rate exceeded) moves the whole draw up by the busy
 * floor: the gateway has said it cannot take this connection now, so the agent stays away for at
 * least the floor, and the jitter still spreads the agents refused together.
 *
 * <p>Not thread-safe: the uplink draws from it on its own thread only; {@link #window()} may be
 * read from any thread.
 */
final class Backoff {

    /** Keeps {@code base << attempt} from overflowing; far beyond any cap in use. */
    private static final int MAX_DOUBLINGS = 30;

    private final long baseMs;
    private final long capMs;
    private final long busyFloorMs;
    private final RandomGenerator random;
    private volatile int attempts;

    /**
     * @param base      the first window, see above; positive
     * @param cap       the largest window; positive
     * @param busyFloor the least wait after a busy refusal; 0 or more
     * @param random    the source of jitter, seeded per device so that agents do not draw alike; a
     *                  {@link java.util.SplittableRandom}, whose first draws differ even for neighbouring
     *                  seeds, unlike {@link java.util.Random}'s
     */
    Backoff(Duration base, Duration cap, Duration busyFloor, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.isNegative() || cap.isZero() || busyFloor.isNegative()) {
            throw new IllegalArgumentException("base and cap should be positive and busyFloor 0 or more, were "
                    + base + ", " + cap + ", " + busyFloor);
        }
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.busyFloorMs = busyFloor.toMillis();
        this.random = random;
    }

    /** The wait after a failed attempt or a lost connection: {@code [0, window]}. Counts an attempt. */
    Duration afterFailure() {
        return Duration.ofMillis(jitter());
    }

    /** The wait after the gateway refused as busy: {@code [busyFloor, busyFloor + window]}. Counts an attempt. */
    Duration afterBusy() {
        return Duration.ofMillis(busyFloorMs + jitter());
    }

    /** Connected: the next wait starts from the first window again. */
    void reset() {
        attempts = 0;
    }

    /** The window of the next draw: {@code min(cap, base * 2^attempts)}. */
    Duration window() {
        return Duration.ofMillis(windowMs());
    }

    /** The least wait after a busy refusal. */
    Duration busyFloor() {
        return Duration.ofMillis(busyFloorMs);
    }

    private long jitter() {
        long window = windowMs();
        attempts++;
        // uniform in [0, window], both ends included
        return (long) (random.nextDouble() * (window + 1));
    }

    private long windowMs() {
        int doublings = Math.min(attempts, MAX_DOUBLINGS);
        long grown = baseMs << doublings;
        return grown < 0 || grown > capMs ? capMs : grown;
    }
}
