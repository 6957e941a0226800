package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceChange;
import io.firegrid.gateway.device.DeviceLifecycle;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.PasswordKind;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A device after its registration (docs/lifecycle.md):
 * <ul>
 * <li>{@code PUT /api/v1/devices/{t}/{d}}: changes site, sensors, limits and silence limit; the body
 *     is registration's without {@code password} and {@code psk} (tenant and id come from the path,
 *     a different one in the body is refused); 200 with the device; the change goes to its history;</li>
 * <li>{@code DELETE /api/v1/devices/{t}/{d}} or {@code POST .../decommission} {@code {"reason"?}}:
 *     decommissions it (200); history kept, no offline trouble, logins refused;</li>
 * <li>{@code POST .../recommission}: registration's body; brings a decommissioned device back
 *     with new credentials (the explicit choice re-registering an id needs);</li>
 * <li>{@code POST .../credentials} {@code {"graceSeconds"?, "psk"?, "send"?}}: a new password (and PSK
 *     when {@code "psk": true}), returned once; unless {@code "send": false} it is sent to the
 *     device as the command {@code rotate-credentials}, and the old password stays valid for
 *     {@code graceSeconds} (default one hour, 0 to 7 days) or until the device logs in with the new one;</li>
 * <li>{@code GET /api/v1/devices/decommissioned}, {@code GET .../history}: what was taken out of
 *     service, and what happened to a device since its registration.</li>
 * </ul>
 */
public final class DeviceLifecycleRoutes implements ApiRoutes {

    /** The command that hands a device its new credentials; the edge agent stores them and reconnects. */
    public static final String ROTATE_COMMAND = "rotate-credentials";

    private final DeviceRegistry registry;
    private final DeviceLifecycle lifecycle;
    private final CommandService commands;
    private final MeterRegistry meters;

    private final java.util.function.BiFunction<String, String, java.util.Optional<io.firegrid.gateway.place.Site>> sites;

    /** @param sites the site of a tenant by id, to check a changed device's location against */
    public DeviceLifecycleRoutes(DeviceRegistry registry, CommandService commands, MeterRegistry meters,
                                 java.util.function.BiFunction<String, String, java.util.Optional<io.firegrid.gateway.place.Site>> sites) {
        this.sites = sites;
        this.registry = registry;
        this.lifecycle = registry.lifecycle();
        this.commands = commands;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/devices/decommissioned"), Action.READ).handler(this::listDecommissioned);
        needs(router.put("/api/v1/devices/:tenant/:device"), Action.CHANGE_DEVICES).handler(this::change);
        needs(router.delete("/api/v1/devices/:tenant/:device"), Action.CHANGE_DEVICES).handler(this::decommission);
        needs(router.post("/api/v1/devices/:tenant/:device/decommission"), Action.CHANGE_DEVICES).handler(this::decommission);
        needs(router.post("/api/v1/devices/:tenant/:device/recommission"), Action.CHANGE_DEVICES).handler(this::recommission);
        needs(router.post("/api/v1/devices/:tenant/:device/credentials"), Action.CHANGE_DEVICES).handler(this::rotate);
        needs(router.get("/api/v1/devices/:tenant/:device/history"), Action.READ).handler(this::history);
    }

    private void change(RoutingContext ctx) {
        DeviceId id = pathId(ctx);
        JsonObject b = JsonIo.body(ctx);
        samePath(b, id);
        if (b.containsKey("password") || b.containsKey("psk")) {
            throw FireGridException.badRequest("bad-field", "a change does not take 'password' or 'psk': rotate them with"
                    + " POST /api/v1/devices/" + id.tenant() + "/" + id.device() + "/credentials");
        }
        String site = HttpApi.site(b);
        List<Sensor> sensors = HttpApi.sensors(b);
        Integer maxSilence = HttpApi.maxSilenceSeconds(b.getValue("maxSilenceSeconds"));
        io.firegrid.gateway.device.Location location = LocationJson.location(b, "device " + id.device());
        LocationJson.check(site == null ? java.util.Optional.empty() : sites.apply(id.tenant(), site), id.device(), location,
                sensors);
        String by = JsonIo.by(ctx, b, meters);
        lifecycle.change(id, site, location, sensors, maxSilence, by).onSuccess(d -> JsonIo.send(ctx, 200, deviceJson(d)))
                .onFailure(ctx::fail);
    }

    private void decommission(RoutingContext ctx) {
        DeviceId id = pathId(ctx);
        JsonObject b = bodyOrEmpty(ctx);
        String reason = JsonIo.optionalString(b, "reason");
        String by = JsonIo.by(ctx, b, meters);
        lifecycle.decommission(id, by, reason).onSuccess(d -> JsonIo.send(ctx, 200, decommissionedJson(d)))
                .onFailure(ctx::fail);
    }

    private void recommission(RoutingContext ctx) {
        DeviceId id = pathId(ctx);
        JsonObject b = JsonIo.body(ctx);
        samePath(b, id);
        Object password = b.getValue("password");
        if (!(password instanceof String)) {
            throw FireGridException.badRequest("missing-field", "'password' (a string) is required: the device comes"
                    + " back with new credentials");
        }
        String by = JsonIo.by(ctx, b, meters);
        lifecycle.recommission(id, HttpApi.site(b), HttpApi.sensors(b), (String) password,
                PasswordKind.fromWire(b.getValue("passwordKind")), HttpApi.psk(b),
                HttpApi.maxSilenceSeconds(b.getValue("maxSilenceSeconds")), by)
                .onSuccess(d -> JsonIo.send(ctx, 200, deviceJson(d))).onFailure(ctx::fail);
    }

    private void rotate(RoutingContext ctx) {
        DeviceId id = pathId(ctx);
        JsonObject b = bodyOrEmpty(ctx);
        Object g = b.getValue("graceSeconds");
        if (g != null && !(g instanceof Integer || g instanceof Long)) {
            throw FireGridException.badRequest("bad-grace", "'graceSeconds' must be a whole number of seconds, 0 to "
                    + DeviceLifecycle.MAX_GRACE.toSeconds());
        }
        Duration grace = g == null ? DeviceLifecycle.DEFAULT_GRACE : Duration.ofSeconds(((Number) g).longValue());
        boolean psk = flag(b, "psk", false);
        boolean send = flag(b, "send", true);
        String by = JsonIo.by(ctx, b, meters);
        lifecycle.rotate(id, grace, psk, by).onSuccess(r -> {
            JsonObject answer = new JsonObject().put("device", id.toString()).put("password", r.password())
                    .put("psk", r.psk()).put("pskIdentity", r.pskIdentity()).put("oldValidUntil", r.oldValidUntil().toString());
            ctx.response().putHeader("Cache-Control", "no-store");
            if (!send) {
                JsonIo.send(ctx, 200, answer.put("sent", false).put("detail", "put the new credentials on the device"));
                return;
            }
            JsonObject command = new JsonObject().put("password", r.password());
            if (r.psk() != null) {
                command.put("psk", r.psk()).put("pskIdentity", r.pskIdentity());
            }
            commands.send(id, ROTATE_COMMAND, command.encode().getBytes(StandardCharsets.UTF_8), CommandService.DEFAULT_TIMEOUT)
                    .onComplete(ar -> {
                        boolean taken = ar.succeeded() && ar.result().status() == 200;
                        meters.counter("firegrid.device.rotations", "sent", taken ? "taken" : "not-taken").increment();
                        answer.put("sent", taken).put("detail", taken
                                ? "the device stored its new credentials and reconnects with them"
                                : "the device did not take them (" + (ar.succeeded() ? "answered " + ar.result().status()
                                : FireGridException.from(ar.cause()).reason()) + "): put the new credentials on the device"
                                + " before " + r.oldValidUntil() + ", when the old password stops working");
                        JsonIo.send(ctx, 200, answer);
                    });
        }).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        lifecycle.history(pathId(ctx)).onSuccess(list -> {
            JsonArray arr = new JsonArray();
            for (DeviceChange c : list) {
                arr.add(new JsonObject().put("at", c.at().toString()).put("by", c.by()).put("what", c.what())
                        .put("detail", c.detail()));
            }
            JsonIo.send(ctx, 200, arr);
        }).onFailure(ctx::fail);
    }

    private void listDecommissioned(RoutingContext ctx) {
        String tenant = TenantScope.filter(ctx);
        JsonArray arr = new JsonArray();
        lifecycle.decommissioned().stream().filter(d -> tenant == null || tenant.equals(d.device().id().tenant()))
                .forEach(d -> arr.add(decommissionedJson(d)));
        JsonIo.send(ctx, 200, arr);
    }

    private static JsonObject decommissionedJson(DeviceLifecycle.Decommissioned d) {
        return deviceJson(d.device()).put("state", "decommissioned").put("decommissionedAt", d.at().toString())
                .put("decommissionedBy", d.by()).put("reason", d.reason());
    }

    /** The device's registered fields; its connection and readings are at {@code GET /api/v1/devices/{t}/{d}}. */
    private static JsonObject deviceJson(Device d) {
        JsonArray sensors = new JsonArray();
        d.sensors().forEach(s -> {
            JsonObject o = new JsonObject().put("id", s.id()).put("kind", s.kind().wireName()).put("zone", s.zone());
            if (!s.limits().isEmpty()) {
                o.put("limits", LimitsJson.toJson(s.limits()));
            }
            sensors.add(o);
        });
        return new JsonObject().put("tenant", d.id().tenant()).put("id", d.id().device()).put("site", d.site())
                .put("location", LocationJson.toJson(d.location())).put("sensors", sensors).put("registeredAt", d.registeredAt().toString())
                .put("maxSilenceSeconds", d.maxSilenceSeconds()).put("state", "in-service");
    }

    private static DeviceId pathId(RoutingContext ctx) {
        return new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
    }

    /** A body's tenant and id, when given, must be the path's. */
    private static void samePath(JsonObject b, DeviceId id) {
        Object tenant = b.getValue("tenant");
        Object device = b.getValue("id");
        if ((tenant != null && !id.tenant().equals(tenant)) || (device != null && !id.device().equals(device))) {
            throw FireGridException.badRequest("id-mismatch", "the body names " + device + "@" + tenant + " but the path "
                    + id + ": a device's id cannot be changed (decommission it and register a new one)");
        }
    }

    private static boolean flag(JsonObject b, String field, boolean otherwise) {
        Object v = b.getValue(field);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean on)) {
            throw FireGridException.badRequest("bad-field", "'" + field + "' must be true or false");
        }
        return on;
    }

    private static JsonObject bodyOrEmpty(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        return JsonIo.body(ctx);
    }
}
