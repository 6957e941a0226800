package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends deliveries through their channels and records every attempt. A failed attempt is
 * retried by the {@link RetryPolicy}: its due time is a column, and {@link DispatchService#tick()}
 * claims what is due, so retries survive a restart. Counts final outcomes and retries in
 * {@code firegrid_deliveries_total{channel,outcome}} (outcome delivered, failed or retry).
 */
final class DeliveryWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Database db;
    private final Map<String, Channel> channels;
    private final RetryPolicy retry;
    private final Clock clock;
    private final MeterRegistry meters;

    DeliveryWorker(Database db, List<Channel> channels, RetryPolicy retry, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.channels = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
        this.retry = retry;
        this.clock = clock;
        this.meters = meters;
    }

    RetryPolicy retry() {
        return retry;
    }

    /** Sends each delivery once (the caller holds its lease); completes when all attempts are recorded. */
    Future<Void> sendAll(List<Delivery> deliveries) {
        return Future.join(deliveries.stream().map(this::send).toList()).mapEmpty();
    }

    private Future<Void> send(Delivery d) {
        Channel channel = channels.get(d.channel());
        Future<Channel.Outcome> sent = channel == null
                ? Future.succeededFuture(new Channel.Outcome(false, "no channel '" + d.channel() + "' in this gateway"))
                : channel.send(d.target(), d.id(), d.body())
                        .otherwise(t -> new Channel.Outcome(false, String.valueOf(t.getMessage())));
        return sent.compose(outcome -> record(d, outcome));
    }

    private Future<Void> record(Delivery d, Channel.Outcome outcome) {
        Instant now = clock.instant();
        int attempts = d.attempts().size() + 1;
        String state;
        Instant nextAt = null;
        if (outcome.delivered()) {
            state = Delivery.DELIVERED;
        } else if (attempts >= retry.maxAttempts()) {
            state = Delivery.FAILED;
        } else {
            state = Delivery.PENDING;
            nextAt = now.plus(retry.delayAfter(attempts));
        }
        Instant next = nextAt;
        return db.write(c -> {
            DeliveryStore.recordAttempt(c, d.id(), new Attempt(now, outcome.delivered(), outcome.detail()), state, next);
            return null;
        }).onSuccess(v -> {
            String counted = state.equals(Delivery.PENDING) ? "retry" : state;
            meters.counter("firegrid.deliveries", "channel", d.channel(), "outcome", counted).increment();
            if (state.equals(Delivery.FAILED)) {
                LOG.warn("delivery failed after {} attempts [delivery: {}, alarm: {}, channel: {}, target: {}, last: {}]",
                        attempts, d.id(), d.alarm(), d.channel(), d.target(), outcome.detail());
            } else if (state.equals(Delivery.PENDING)) {
                LOG.debug("delivery attempt failed, retrying [delivery: {}, attempt: {}, next: {}, detail: {}]",
                        d.id(), attempts, next, outcome.detail());
            }
        }).onFailure(t -> LOG.warn("cannot record a delivery attempt [delivery: {}]", d.id(), t)).mapEmpty();
    }
}
