package io.firegrid.agent.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the uplink waits before its next connection attempt: jittered, growing with failures,
 * and longer when the gateway said it is busy.
 *
 * <ul>
 * <li>After a lost connection or an ordinary failure (refused, timed out, wrong password): the
 *     n-th wait in a row is drawn evenly from [c/2, c], c = min({@link #FIRST} x 2^n, the uplink's
 *     longest delay). The jitter matters when a gateway restarts: every device lost its connection
 *     at the same instant, and without it they would all come back at the same instants too.</li>
 * <li>After CONNACK or DISCONNECT 0x89 (server busy) or 0x9F (connection rate exceeded): the k-th
 *     such answer in a row waits between b and 3b, b = min({@link #BUSY} x 2^k, {@link #BUSY_CAP}),
 *     so 5-15 s, then 10-30 s, 20-60 s at most, whatever the uplink's longest delay: the gateway
 *     asked for room, and a device retrying at its usual pace would take the room other devices
 *     (and the alarms) need. Events wait in the outbox meanwhile.</li>
 * <li>While an event (a smoke alarm, a door, a fault) waits in the outbox, no wait is longer than
 *     {@link #URGENT_MAX}: {@link #urgent()} is drawn from [1 s, 2 s]. An alarm is what the room is
 *     for; a device with one is rare, and it must not sit out a long busy wait.</li>
 * </ul>
 * A successful connection starts both counts again. Thread-safe. Public so that load harnesses
 * back off exactly as the agent does.
 */
public final class ReconnectBackoff {

    /** The first wait after a lost connection or a failed attempt, before jitter. */
    static final Duration FIRST = Duration.ofSeconds(1);
    /** The shortest wait after the gateway said it is busy (0x89) or refused the connection rate (0x9F). */
    static final Duration BUSY = Duration.ofSeconds(5);
    /** The longest lower bound of a wait after busy answers; the wait itself is at most three times it. */
    static final Duration BUSY_CAP = Duration.ofSeconds(20);

    /** The longest wait while an event waits in the outbox. */
    static final Duration URGENT_MAX = Duration.ofSeconds(2);

    /** MQTT 5 reason codes that ask a client to come back later. */
    static final int SERVER_BUSY = 0x89;
    static final int CONNECTION_RATE_EXCEEDED = 0x9F;

    private final Duration max;
    private final RandomGenerator random;
    private int failures;
    private int busy;

    public ReconnectBackoff(Duration max, RandomGenerator random) {
        this.max = max;
        this.random = random;
    }

    /** Whether {@code reasonCode} (a CONNACK's or a DISCONNECT's) asks the client to wait longer. */
    static boolean isBusy(int reasonCode) {
        return reasonCode == SERVER_BUSY || reasonCode == CONNECTION_RATE_EXCEEDED;
    }

    /** The wait, in milliseconds, before the next attempt after one that ended with {@code reasonCode} (-1: none). */
    public synchronized long next(int reasonCode) {
        if (isBusy(reasonCode)) {
            long low = Math.min(BUSY.toMillis() << Math.min(busy, 16), BUSY_CAP.toMillis());
            busy++;
            return low + random.nextLong(2 * low + 1);
        }
        long cap = Math.min(max.toMillis(), FIRST.toMillis() << Math.min(failures, 16));
        failures++;
        return cap / 2 + random.nextLong(cap - cap / 2 + 1);
    }

    /** The wait, in milliseconds, before the next attempt while an event waits: 1 s to {@link #URGENT_MAX}. */
    synchronized long urgent() {
        long low = URGENT_MAX.toMillis() / 2;
        return low + random.nextLong(URGENT_MAX.toMillis() - low + 1);
    }

    /** A connection succeeded: the next failure waits as the first one did. */
    public synchronized void reset() {
        failures = 0;
        busy = 0;
    }
}
