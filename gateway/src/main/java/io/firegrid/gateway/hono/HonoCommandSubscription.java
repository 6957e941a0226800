package io.firegrid.gateway.hono;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.proton.ProtonQoS;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.qpid.proton.message.Message;
import org.eclipse.hono.client.amqp.connection.HonoConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's subscription for commands for all its devices: a receiver link on Hono's source
 * address {@code command}, made at every connection, and made again whenever it fails or Hono
 * closes it, with exponential backoff (the connector's reconnect delays: from
 * {@code FIREGRID_HONO_RECONNECT_MIN_MS} doubling to {@code FIREGRID_HONO_RECONNECT_MAX_MS}) for as
 * long as the connection lasts. Forwarding does not depend on it.
 *
 * <p>Counted in {@code firegrid.hono.command.subscriptions{outcome=subscribed|failed}}, its state in
 * {@code firegrid.hono.command.subscribed} and in {@code /health} ({@code hono.commands}).
 *
 * <p>Thread model: everything but {@link #health()} runs on the connector's context.
 */
final class HonoCommandSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(HonoCommandSubscription.class);
    /** Hono's source address for a gateway's commands for all its devices. */
    static final String ADDRESS = "command";

    private final Vertx vertx;
    private final Context context;
    private final HonoConnection connection;
    private final Consumer<Message> handler;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Counter subscribedCount;
    private final Counter failedCount;
    // on the context
    private boolean connected;
    /** Changes at every connection and disconnection: an attempt of an earlier one is stale. */
    private long epoch;
    private boolean subscribing;
    private long delay;
    private long retryTimer = -1;
    // read by health(), any thread
    private volatile boolean subscribed;
    private volatile String lastError;

    HonoCommandSubscription(Vertx vertx, Context context, HonoConnection connection, HonoConfig config,
                            Consumer<Message> handler, MeterRegistry meters) {
        this.vertx = vertx;
        this.context = context;
        this.connection = connection;
        this.handler = handler;
        this.minDelay = config.reconnectMin();
        this.maxDelay = config.reconnectMax();
        this.delay = minDelay.toMillis();
        this.subscribedCount = meters.counter("firegrid.hono.command.subscriptions", "outcome", "subscribed");
        this.failedCount = meters.counter("firegrid.hono.command.subscriptions", "outcome", "failed");
        Gauge.builder("firegrid.hono.command.subscribed", this, s -> s.subscribed ? 1 : 0)
                .description("1 while the gateway receives commands from Hono").register(meters);
    }

    /** The connection is up (again): subscribes at once. */
    void connected() {
        epoch++;
        connected = true;
        delay = minDelay.toMillis();
        cancelRetry();
        attempt();
    }

    /** The connection is gone: the link went with it; the next connection subscribes again. */
    void disconnected() {
        epoch++;
        connected = false;
        subscribed = false;
        cancelRetry();
    }

    private void attempt() {
        if (!connected || subscribing || subscribed || retryTimer != -1) {
            return;
        }
        subscribing = true;
        long attemptEpoch = epoch;
        connection.createReceiver(ADDRESS, ProtonQoS.AT_LEAST_ONCE, (delivery, message) -> handler.accept(message),
                address -> onContext(() -> {
                    // Hono closed the established link (not a refused attach, which fails the attempt)
                    if (attemptEpoch == epoch && subscribed) {
                        subscribed = false;
                        failed("Hono closed the command link");
                    }
                })).onComplete(ar -> onContext(() -> {
                    subscribing = false;
                    if (attemptEpoch != epoch) {
                        attempt(); // made on a connection that has gone since
                        return;
                    }
                    if (ar.succeeded()) {
                        subscribed = true;
                        lastError = null;
                        delay = minDelay.toMillis();
                        subscribedCount.increment();
                        LOG.info("receiving commands from Hono [address: {}]", ADDRESS);
                    } else {
                        failed(ar.cause().getMessage());
                    }
                }));
    }

    private void failed(String reason) {
        failedCount.increment();
        lastError = reason;
        long wait = delay;
        delay = Math.min(delay * 2, maxDelay.toMillis());
        LOG.warn("cannot subscribe to commands from Hono, trying again in {} ms [address: {}, reason: {}]", wait, ADDRESS,
                reason);
        retryTimer = vertx.setTimer(wait, id -> onContext(() -> {
            retryTimer = -1;
            attempt();
        }));
    }

    private void cancelRetry() {
        if (retryTimer != -1) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    /** For {@code /health}: {@code {"subscribed", "failedAttempts", "lastError"}}. */
    JsonObject health() {
        JsonObject h = new JsonObject().put("subscribed", subscribed).put("failedAttempts", (long) failedCount.count());
        if (lastError != null) {
            h.put("lastError", lastError);
        }
        return h;
    }

    /** Stops retrying (the connector is closing). */
    void close() {
        onContext(() -> {
            connected = false;
            cancelRetry();
        });
    }
}
