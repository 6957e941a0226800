package io.firegrid.gateway.device;

import io.firegrid.protocol.settings.Setting;
import java.time.Duration;
import java.util.Map;

/**
 * How failed device logins are throttled ({@link LoginThrottle}): per login name
 * ({@code {device}@{tenant}}, whether or not such a device exists) and per source address. After
 * {@code delayAfter} failures each further attempt is answered later, the delay doubling from
 * {@code delayMs} up to {@code maxDelayMs}; after {@code blockAfter} failures the key is blocked for
 * {@code blockSeconds} and refused at once without a password check. A key whose last failure is
 * {@code blockSeconds} old is forgotten, and a successful login forgets its login name. At most
 * {@code maxKeys} keys are tracked, the least recently used dropped first. Immutable.
 *
 * @param delayAfter        failures of one login name before its attempts are delayed;
 *                          {@code FIREGRID_LOGIN_DELAY_AFTER}, default {@value #DEFAULT_DELAY_AFTER}
 * @param blockAfter        failures of one login name before it is blocked;
 *                          {@code FIREGRID_LOGIN_BLOCK_AFTER}, default {@value #DEFAULT_BLOCK_AFTER}
 * @param addressDelayAfter failures from one address before its attempts are delayed;
 *                          {@code FIREGRID_LOGIN_ADDRESS_DELAY_AFTER}, default {@value #DEFAULT_ADDRESS_DELAY_AFTER}
 * @param addressBlockAfter failures from one address before it is blocked;
 *                          {@code FIREGRID_LOGIN_ADDRESS_BLOCK_AFTER}, default {@value #DEFAULT_ADDRESS_BLOCK_AFTER}
 * @param delayMs           the first delay; {@code FIREGRID_LOGIN_DELAY_MS}, default {@value #DEFAULT_DELAY_MS}
 * @param maxDelayMs        the longest delay; {@code FIREGRID_LOGIN_MAX_DELAY_MS}, default {@value #DEFAULT_MAX_DELAY_MS}
 * @param blockSeconds      how long a block lasts, and how long failures are remembered;
 *                          {@code FIREGRID_LOGIN_BLOCK_SECONDS}, default {@value #DEFAULT_BLOCK_SECONDS}
 * @param maxKeys           login names and addresses tracked at once; {@code FIREGRID_LOGIN_MAX_KEYS},
 *                          default {@value #DEFAULT_MAX_KEYS}
 */
public record LoginLimits(int delayAfter, int blockAfter, int addressDelayAfter, int addressBlockAfter, int delayMs,
                          int maxDelayMs, int blockSeconds, int maxKeys) {

    /**
     * A device with a mistyped or rotated password retries a few times in its first minute; five
     * answers at full speed cover that, and an attacker gets no more than five guesses per second
     * of a name before the delays start.
     */
    public static final int DEFAULT_DELAY_AFTER = 5;

    /**
     * With delays doubling from 250 ms to 8 s, 20 failures take a sequential guesser about 90
     * seconds; then the name is refused for {@link #DEFAULT_BLOCK_SECONDS}: some 80 guesses an hour
     * at most, against a password of 144 random bits.
     */
    public static final int DEFAULT_BLOCK_AFTER = 20;

    /**
     * A building's devices may share one NAT address, so an address gets four times the failures
     * of a name before it is slowed: a few devices with a stale password behind one router are not
     * delayed together.
     */
    public static final int DEFAULT_ADDRESS_DELAY_AFTER = 20;

    /** Five times the failures of a name: one address trying many names is blocked after 100 wrong passwords. */
    public static final int DEFAULT_ADDRESS_BLOCK_AFTER = 100;

    /** A quarter of a second, doubled for each further failure. */
    public static final int DEFAULT_DELAY_MS = 250;

    /** Eight seconds: below the 10 s connect timeouts of common MQTT clients, so a delayed device still gets its answer. */
    public static final int DEFAULT_MAX_DELAY_MS = 8_000;

    /** Fifteen minutes: long enough to make guessing pointless, short enough that a device with a new password is back soon. */
    public static final int DEFAULT_BLOCK_SECONDS = 900;

    /**
     * As many as the credential cache holds; an entry is about 200 bytes, so at most some 4 MB
     * however many names an attacker makes up.
     */
    public static final int DEFAULT_MAX_KEYS = 20_000;

    public static final Setting<Integer> DELAY_AFTER = Setting.atLeast("FIREGRID_LOGIN_DELAY_AFTER", DEFAULT_DELAY_AFTER, 0,
            "failed logins of one {device}@{tenant} before each further attempt is answered late");
    public static final Setting<Integer> BLOCK_AFTER = Setting.atLeast("FIREGRID_LOGIN_BLOCK_AFTER", DEFAULT_BLOCK_AFTER, 1,
            "failed logins of one name before it is refused unchecked");
    public static final Setting<Integer> ADDRESS_DELAY_AFTER = Setting.atLeast("FIREGRID_LOGIN_ADDRESS_DELAY_AFTER",
            DEFAULT_ADDRESS_DELAY_AFTER, 0, "failed logins from one address before its attempts are answered late");
    public static final Setting<Integer> ADDRESS_BLOCK_AFTER = Setting.atLeast("FIREGRID_LOGIN_ADDRESS_BLOCK_AFTER",
            DEFAULT_ADDRESS_BLOCK_AFTER, 1, "failed logins from one address before it is refused unchecked");
    public static final Setting<Integer> DELAY_MS = Setting.atLeast("FIREGRID_LOGIN_DELAY_MS", DEFAULT_DELAY_MS, 0,
            "first delay of a late answer, doubling per further failure (ms)");
    public static final Setting<Integer> MAX_DELAY_MS = Setting.atLeast("FIREGRID_LOGIN_MAX_DELAY_MS", DEFAULT_MAX_DELAY_MS, 0,
            "longest delay of a late answer (ms); at least FIREGRID_LOGIN_DELAY_MS");
    public static final Setting<Integer> BLOCK_SECONDS = Setting.atLeast("FIREGRID_LOGIN_BLOCK_SECONDS", DEFAULT_BLOCK_SECONDS, 1,
            "a block lasts, and failures are remembered, for this many seconds");
    public static final Setting<Integer> MAX_KEYS = Setting.atLeast("FIREGRID_LOGIN_MAX_KEYS", DEFAULT_MAX_KEYS, 1,
            "names and addresses tracked, least recently used dropped");

    public static final LoginLimits DEFAULTS = new LoginLimits(DEFAULT_DELAY_AFTER, DEFAULT_BLOCK_AFTER,
            DEFAULT_ADDRESS_DELAY_AFTER, DEFAULT_ADDRESS_BLOCK_AFTER, DEFAULT_DELAY_MS, DEFAULT_MAX_DELAY_MS,
            DEFAULT_BLOCK_SECONDS, DEFAULT_MAX_KEYS);

    public LoginLimits {
        DELAY_AFTER.checkInt(delayAfter);
        BLOCK_AFTER.checkInt(blockAfter);
        ADDRESS_DELAY_AFTER.checkInt(addressDelayAfter);
        ADDRESS_BLOCK_AFTER.checkInt(addressBlockAfter);
        DELAY_MS.checkInt(delayMs);
        MAX_DELAY_MS.checkInt(maxDelayMs);
        if (maxDelayMs < delayMs) {
            throw new IllegalArgumentException(MAX_DELAY_MS.name() + " must be at least " + delayMs + " ("
                    + DELAY_MS.name() + "), not " + maxDelayMs);
        }
        BLOCK_SECONDS.checkInt(blockSeconds);
        MAX_KEYS.checkInt(maxKeys);
    }

    /** These settings overridden by whichever {@code FIREGRID_LOGIN_*} variables {@code env} sets. */
    public static LoginLimits fromEnv(Map<String, String> env) {
        return new LoginLimits(DELAY_AFTER.read(env), BLOCK_AFTER.read(env), ADDRESS_DELAY_AFTER.read(env),
                ADDRESS_BLOCK_AFTER.read(env), DELAY_MS.read(env), MAX_DELAY_MS.read(env), BLOCK_SECONDS.read(env),
                MAX_KEYS.read(env));
    }

    /** The same limits with other failure thresholds for login names and addresses. */
    public LoginLimits withThresholds(int delayAfter, int blockAfter, int addressDelayAfter, int addressBlockAfter) {
        return new LoginLimits(delayAfter, blockAfter, addressDelayAfter, addressBlockAfter, delayMs, maxDelayMs,
                blockSeconds, maxKeys);
    }

    /** The same limits with other delays and block length. */
    public LoginLimits withTimes(int delayMs, int maxDelayMs, int blockSeconds) {
        return new LoginLimits(delayAfter, blockAfter, addressDelayAfter, addressBlockAfter, delayMs, maxDelayMs,
                blockSeconds, maxKeys);
    }

    public LoginLimits withMaxKeys(int n) {
        return new LoginLimits(delayAfter, blockAfter, addressDelayAfter, addressBlockAfter, delayMs, maxDelayMs,
                blockSeconds, n);
    }

    /** How long a block lasts. */
    public Duration block() {
        return Duration.ofSeconds(blockSeconds);
    }
}
