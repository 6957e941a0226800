package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.dispatch.Attempt;
import io.firegrid.gateway.dispatch.Delivery;
import io.firegrid.gateway.dispatch.DispatchService;
import io.firegrid.gateway.dispatch.Notification;
import io.firegrid.gateway.webhook.Webhook;
import io.firegrid.gateway.webhook.WebhookRegistry;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Webhooks and what dispatch did for an alarm:
 * <ul>
 * <li>{@code POST /api/v1/webhooks {"tenant","url","secret"}} registers an endpoint (201; the secret
 * is never shown again; 400 {@code webhook-target-refused} for a host that is not a public address,
 * see {@code webhook/TargetGuard}), {@code GET /api/v1/webhooks[?tenant=]} lists them, {@code DELETE
 * /api/v1/webhooks/{id}} removes one (204; 404 {@code unknown-webhook});</li>
 * <li>{@code GET /api/v1/alarms/{id}/notifications}: who was told, why ({@code raised},
 * {@code escalated}, {@code reminder}) and when;</li>
 * <li>{@code GET /api/v1/alarms/{id}/deliveries}: every delivery with every attempt and its outcome;
 * what the receiver answered (or why it could not be reached) only for the gateway's global admin,
 * a generic detail for everyone else.</li>
 * </ul>
 */
public final class DispatchRoutes implements ApiRoutes {

    private final DispatchService dispatch;
    private final WebhookRegistry webhooks;
    private final AlarmService alarms;

    public DispatchRoutes(DispatchService dispatch, WebhookRegistry webhooks, AlarmService alarms) {
        this.dispatch = dispatch;
        this.webhooks = webhooks;
        this.alarms = alarms;
    }

    @Override
    public void mount(Router router) {
        needs(router.post("/api/v1/webhooks"), Action.MANAGE_WEBHOOKS).handler(this::register);
        needs(router.get("/api/v1/webhooks"), Action.MANAGE_WEBHOOKS).handler(ctx -> {
            JsonArray arr = new JsonArray();
            webhooks.list(TenantScope.filter(ctx)).forEach(w -> arr.add(toJson(w)));
            JsonIo.send(ctx, 200, arr);
        });
        needs(router.delete("/api/v1/webhooks/:id"), Action.MANAGE_WEBHOOKS).handler(ctx -> webhooks
                .remove(ctx.pathParam("id"), TenantScope.of(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
        needs(router.get("/api/v1/alarms/:id/notifications"), Action.READ).handler(ctx -> {
            long id = alarmId(ctx);
            alarms.get(id, TenantScope.of(ctx)).compose(a -> dispatch.notifications(id)).onSuccess(list -> {
                JsonArray arr = new JsonArray();
                list.forEach(n -> arr.add(toJson(n)));
                JsonIo.send(ctx, 200, arr);
            }).onFailure(ctx::fail);
        });
        needs(router.get("/api/v1/alarms/:id/deliveries"), Action.READ).handler(ctx -> {
            long id = alarmId(ctx);
            boolean fullDetail = BearerAuth.principal(ctx).isGlobalAdmin();
            alarms.get(id, TenantScope.of(ctx)).compose(a -> dispatch.deliveries(id)).onSuccess(list -> {
                JsonArray arr = new JsonArray();
                list.forEach(d -> arr.add(toJson(d, fullDetail)));
                JsonIo.send(ctx, 200, arr);
            }).onFailure(ctx::fail);
        });
    }

    private void register(RoutingContext ctx) {
        JsonObject b = JsonIo.body(ctx);
        String tenant = JsonIo.string(b, "tenant");
        if (!DeviceId.isValidId(tenant)) {
            throw FireGridException.badRequest("bad-id", "'tenant' '" + tenant
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        webhooks.add(tenant, JsonIo.string(b, "url"), JsonIo.string(b, "secret")).onSuccess(w -> {
            ctx.response().putHeader("Location", "/api/v1/webhooks/" + w.id());
            JsonIo.send(ctx, 201, toJson(w));
        }).onFailure(ctx::fail);
    }

    private static JsonObject toJson(Webhook w) {
        return new JsonObject().put("id", w.id()).put("tenant", w.tenant()).put("url", w.url());
    }

    private static JsonObject toJson(Notification n) {
        return new JsonObject().put("id", n.id()).put("alarm", n.alarm()).put("reason", n.reason().wireName())
                .put("at", n.at().toString()).put("recipient", n.recipient().toJson());
    }

    /**
     * A delivery; with {@code fullDetail} (the gateway's global admin only) each attempt says what
     * the other side answered or why it could not be reached, otherwise only whether it got through:
     * error texts and status codes of a webhook's target would let a tenant's administrator probe the
     * gateway's network through it.
     */
    private static JsonObject toJson(Delivery d, boolean fullDetail) {
        JsonArray attempts = new JsonArray();
        d.attempts().stream().map(a -> fullDetail ? a.toJson() : a.toJson().put("detail", a.delivered() ? "delivered"
                : "not delivered (the gateway's administrator sees why)")).forEach(attempts::add);
        return new JsonObject().put("id", d.id()).put("notification", d.notification()).put("alarm", d.alarm())
                .put("reason", d.reason().wireName())
                .put("recipient", new JsonObject().put("kind", d.recipient().kind()).put("id", d.recipient().id()))
                .put("channel", d.channel()).put("target", d.target()).put("state", d.state())
                .put("attempts", attempts)
                .put("nextAttemptAt", d.nextAt() == null || !d.state().equals(Delivery.PENDING) ? null : d.nextAt().toString());
    }

    private static long alarmId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw FireGridException.notFound("unknown-alarm", "there is no alarm '" + ctx.pathParam("id") + "'");
        }
    }
}
