package io.firegrid.gateway.dispatch;

import java.time.Duration;

/**
 * How a failed delivery is retried: exponential backoff from {@code initialDelay}, doubling up
 * to {@code maxDelay}, for at most {@code maxAttempts} attempts; after the last it is
 * {@code failed}. With the defaults the attempts are at 0, 1, 3, 7, 15, 31, 63, 123, 183 and
 * 243 s: a receiver that is down for four minutes still gets the notification.
 *
 * @param lease how long an attempt in progress holds its delivery; a delivery whose attempt was
 *              cut short by a crash is tried again once the lease has run out. Longer than any
 *              channel's request timeout.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts, Duration lease) {

    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_ATTEMPTS, DEFAULT_LEASE);
    }

    /** Wait before the attempt after {@code attemptsSoFar} failed attempts (1 -> initial delay). */
    public Duration delayAfter(int attemptsSoFar) {
        long ms = initialDelay.toMillis();
        for (int i = 1; i < attemptsSoFar && ms < maxDelay.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
