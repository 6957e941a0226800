package io.firegrid.gateway.dispatch;

import java.time.Instant;

/** That {@code recipient} was told of an alarm, why and when; recorded before any delivery is tried. */
public record Notification(long id, long alarm, Reason reason, Recipient recipient, Instant at) {
}
