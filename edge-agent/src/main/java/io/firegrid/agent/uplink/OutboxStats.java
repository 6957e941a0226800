package io.firegrid.agent.uplink;

/**
 * A snapshot of an uplink's outbox.
 *
 * @param messages         messages not yet acknowledged by the gateway, in flight or not
 * @param bytes            bytes those messages take in the outbox
 * @param droppedTelemetry telemetry dropped unsent to make room for newer messages since the uplink was created
 */
public record OutboxStats(long messages, long bytes, long droppedTelemetry) {

    /** Nothing held, nothing dropped. */
    public static final OutboxStats EMPTY = new OutboxStats(0, 0, 0);
}
