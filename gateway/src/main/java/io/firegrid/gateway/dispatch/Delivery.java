package io.firegrid.gateway.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * One notification sent through one channel to one target, with every attempt so far.
 *
 * @param state  {@code pending} (an attempt is due at {@code nextAt} or in progress),
 *               {@code delivered} or {@code failed} (the last attempt failed); the last two are final
 * @param body   the notification JSON, the same bytes on every attempt
 */
public record Delivery(long id, long notification, long alarm, Reason reason, Recipient recipient, String channel,
                       String target, String state, List<Attempt> attempts, Instant nextAt, String body) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    public Delivery {
        attempts = List.copyOf(attempts);
    }
}
