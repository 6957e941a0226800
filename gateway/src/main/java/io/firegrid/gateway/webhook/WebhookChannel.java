package io.firegrid.gateway.webhook;

import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.Recipient;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Delivers notifications to webhooks: a POST of the notification JSON with
 * {@code Content-Type: application/json}, {@code X-FireGrid-Signature} ({@link Signature}) and
 * {@code X-FireGrid-Delivery} (the delivery id, the same on every retry, so a receiver can drop
 * a repeat). Any 2xx answer within {@link #DEFAULT_TIMEOUT_MS} ms counts as delivered; another
 * status, a timeout or a connection error is a failed attempt that dispatch retries.
 *
 * <p>Before each attempt the URL's host is resolved again and checked ({@link TargetGuard}); the
 * request then goes to that checked address (the URL's host still names the server for
 * {@code Host} and TLS), so a name re-pointed at an inside address after registration is refused,
 * not called. Redirects are not followed: a 3xx is a failed attempt.
 */
public final class WebhookChannel implements Channel {

    /** Longest wait for a webhook's answer; shorter than the retry lease. */
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    public static final String DELIVERY_HEADER = "X-FireGrid-Delivery";

    private final WebhookRegistry registry;
    private final WebClient client;
    private final TargetGuard guard;

    public WebhookChannel(Vertx vertx, WebhookRegistry registry, TargetGuard guard) {
        this.registry = registry;
        this.guard = guard;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) DEFAULT_TIMEOUT_MS)
                .setUserAgent("FireGrid-Webhook/1").setFollowRedirects(false)
                // the request goes to a checked address; the URL's host still names the server for TLS
                .setForceSni(true));
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public List<String> targets(String tenant, Recipient recipient, JsonObject alarm) {
        return registry.list(tenant).stream().map(Webhook::id).toList();
    }

    @Override
    public Future<Outcome> send(String target, long deliveryId, String body) {
        Webhook hook = registry.find(target).orElse(null);
        if (hook == null) {
            return Future.succeededFuture(new Outcome(false, "webhook " + target + " is not registered"));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return guard.check(hook.url(), "deliver").compose(address -> client.requestAbs(HttpMethod.POST,
                        SocketAddress.inetSocketAddress(address.getPort(), address.getAddress().getHostAddress()), hook.url())
                .timeout(DEFAULT_TIMEOUT_MS)
                .putHeader("Content-Type", "application/json")
                .putHeader(Signature.HEADER, Signature.of(hook.secret(), bytes))
                .putHeader(DELIVERY_HEADER, Long.toString(deliveryId))
                .sendBuffer(Buffer.buffer(bytes))
                .map(r -> new Outcome(r.statusCode() / 100 == 2, "HTTP " + r.statusCode())))
                .otherwise(t -> new Outcome(false, t instanceof FireGridException e ? e.code() + ": " + e.reason()
                        : t.getClass().getSimpleName() + ": " + t.getMessage()));
    }

    public void close() {
        client.close();
    }
}
