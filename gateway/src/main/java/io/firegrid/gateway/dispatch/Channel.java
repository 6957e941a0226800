package io.firegrid.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A way of reaching people outside the gateway (webhooks, station siren panels). Dispatch records
 * one delivery per notification and target before calling {@link #send}, and retries it by its
 * {@link RetryPolicy} until the channel reports it delivered.
 */
public interface Channel {

    /** What a delivery was sent through: a metric tag and a column, e.g. {@code webhook}. */
    String name();

    /**
     * The channel's targets for a notification of {@code tenant} to {@code recipient} about
     * {@code alarm} (its JSON): the tenant's webhook ids, or the siren panels of the recipient
     * station for a fire alarm.
     */
    List<String> targets(String tenant, Recipient recipient, JsonObject alarm);

    /**
     * Sends one delivery's {@code body} (the notification JSON) to {@code target}. Completes with
     * the outcome, never fails: a refusal or an error is an undelivered outcome with its detail.
     */
    Future<Outcome> send(String target, long deliveryId, String body);

    /** What one attempt achieved; {@code detail} says what the other side answered. */
    record Outcome(boolean delivered, String detail) {
    }
}
