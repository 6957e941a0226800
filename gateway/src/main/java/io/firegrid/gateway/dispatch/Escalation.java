package io.firegrid.gateway.dispatch;

import java.time.Duration;

/**
 * When an unacknowledged alarm escalates and how often it is re-notified afterwards.
 *
 * @param after       from raised to escalation, default {@link #DEFAULT_AFTER} (the micro fire
 *                    station rule: respond within 1 minute)
 * @param remindEvery interval of re-notifications after escalation until someone acknowledges,
 *                    default {@link #DEFAULT_REMIND_EVERY}
 */
public record Escalation(Duration after, Duration remindEvery) {

    public static final Duration DEFAULT_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REMIND_EVERY = Duration.ofSeconds(60);

    public Escalation {
        if (after.isNegative() || after.isZero() || remindEvery.isNegative() || remindEvery.isZero()) {
            throw new IllegalArgumentException("escalation and reminder intervals must be positive");
        }
    }

    public static Escalation defaults() {
        return new Escalation(DEFAULT_AFTER, DEFAULT_REMIND_EVERY);
    }
}
