package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.isolation.Isolation;
import io.firegrid.gateway.isolation.IsolationService;
import io.firegrid.gateway.report.IsolationReport;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Isolation (屏蔽) of sensors and devices (docs/lifecycle.md):
 * <ul>
 * <li>{@code POST /api/v1/isolations} {@code {"tenant","device","sensor"?,"reason","minutes"?}}: 201 with
 *     the isolation; without {@code sensor} the whole device; {@code minutes} default 480 (8 h), at most
 *     10080 (7 days); the token's holder is who isolated it;</li>
 * <li>{@code GET /api/v1/isolations}: those in force; {@code DELETE /api/v1/isolations/{id}}: ends one now;</li>
 * <li>{@code GET /api/v1/isolations/report?from=&to=&tz=}: CSV of those in force at some time of the period.</li>
 * </ul>
 */
public final class IsolationRoutes implements ApiRoutes {

    private final IsolationService isolations;
    private final DeviceRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;

    public IsolationRoutes(IsolationService isolations, DeviceRegistry registry, MeterRegistry meters, Clock clock) {
        this.isolations = isolations;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/isolations"), Action.READ).handler(ctx -> {
            JsonArray arr = new JsonArray();
            isolations.inForce(TenantScope.filter(ctx)).forEach(i -> arr.add(json(i)));
            JsonIo.send(ctx, 200, arr);
        });
        needs(router.post("/api/v1/isolations"), Action.ISOLATE).handler(this::isolate);
        needs(router.delete("/api/v1/isolations/:id"), Action.ISOLATE).handler(ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw FireGridException.notFound("unknown-isolation", "there is no isolation '" + ctx.pathParam("id") + "'");
            }
            isolations.end(id, BearerAuth.principal(ctx).name(), TenantScope.of(ctx))
                    .onSuccess(i -> JsonIo.send(ctx, 200, json(i))).onFailure(ctx::fail);
        });
        needs(router.get("/api/v1/isolations/report"), Action.READ_REPORTS).handler(ctx -> {
            ZoneId zone = ReportRoutes.zone(ctx.request().getParam("tz"));
            Instant now = clock.instant();
            Instant to = ReportRoutes.time("to", ctx.request().getParam("to"), zone, now);
            Instant from = ReportRoutes.time("from", ctx.request().getParam("from"), zone, to.minus(Duration.ofDays(30)));
            if (!from.isBefore(to)) {
                throw FireGridException.badRequest("bad-parameter", "'from' must be before 'to'");
            }
            String tenant = TenantScope.filter(ctx);
            isolations.during(from, to).onSuccess(list -> ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"isolations.csv\"")
                    .end(IsolationReport.csv(list.stream().filter(i -> tenant == null || tenant.equals(i.device().tenant()))
                            .toList(), now))).onFailure(ctx::fail);
        });
    }

    private void isolate(RoutingContext ctx) {
        JsonObject b = JsonIo.body(ctx);
        DeviceId id = new DeviceId(JsonIo.string(b, "tenant"), JsonIo.string(b, "device"));
        String sensor = JsonIo.optionalString(b, "sensor");
        Device device = registry.find(id).orElseThrow(() -> FireGridException.notFound("unknown-device",
                "device " + id + " is not registered (or is decommissioned)"));
        if (sensor != null && device.sensor(sensor).isEmpty()) {
            throw FireGridException.badRequest("unknown-sensor", "device " + id + " has no sensor '" + sensor + "'; its sensors: "
                    + String.join(", ", device.sensors().stream().map(s -> s.id()).toList()));
        }
        Object m = b.getValue("minutes");
        if (m != null && !(m instanceof Integer || m instanceof Long)) {
            throw FireGridException.badRequest("bad-length", "'minutes' must be a whole number from "
                    + IsolationService.MIN_LENGTH.toMinutes() + " to " + IsolationService.MAX_LENGTH.toMinutes());
        }
        Duration length = m == null ? IsolationService.DEFAULT_LENGTH : Duration.ofMinutes(((Number) m).longValue());
        String by = JsonIo.by(ctx, b, meters);
        isolations.isolate(id, sensor, JsonIo.optionalString(b, "reason"), by, length)
                .onSuccess(i -> JsonIo.send(ctx, 201, json(i))).onFailure(ctx::fail);
    }

    static JsonObject json(Isolation i) {
        return new JsonObject().put("id", i.id()).put("tenant", i.device().tenant()).put("device", i.device().device())
                .put("sensor", i.sensor()).put("reason", i.reason()).put("by", i.by()).put("from", i.from().toString())
                .put("until", i.until().toString()).put("endedAt", i.endedAt() == null ? null : i.endedAt().toString())
                .put("endedBy", i.endedBy());
    }
}
