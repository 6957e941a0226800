package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.location.FloorPlan;
import io.firegrid.gateway.location.FloorPlans;
import io.firegrid.protocol.place.PlanImage;
import io.firegrid.gateway.location.PlanPosition;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Floor;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Floor plans and sensors' places on them (docs/floor-plans.md):
 * <ul>
 * <li>{@code PUT /api/v1/sites/{tenant}/{site}/floors/{floor}/plan[?building=]}: the plan image as the body
 *     (PNG, JPEG or SVG, at most {@link FloorPlans#MAX_BYTES}); 201 for a new plan, 200 for a replaced one;
 *     {@code GET} the same answers the image, {@code DELETE} removes it (204). The floor is {@code 3} or
 *     {@code B1}; without {@code building}, the site's own.</li>
 * <li>{@code GET /api/v1/sites/{tenant}/{site}/plans}: the site's floors with their plans and sensors, placed or not.</li>
 * <li>{@code PUT /api/v1/devices/{tenant}/{device}/sensors/{sensor}/position} {@code {"x":0.42,"y":0.7}}: draws the
 *     sensor on its floor's plan; {@code DELETE} takes it off (204).</li>
 * </ul>
 * Reading needs {@code read}; changing needs {@code change-places} (admin, installer). A refused plan is
 * 415 {@code unsupported-plan} (not PNG, JPEG or SVG, or sent as another image type than it is), 400
 * {@code unsafe-svg}, 413 {@code too-large}; each refusal is counted in
 * {@code firegrid_refused_total{protocol="http",code=...}}.
 *
 * <p>A plan is served with its own content security policy, {@code sandbox} and nothing loadable
 * ({@link #PLAN_POLICY}): an SVG opened by itself runs no script even if one got past the upload check.
 */
public final class FloorPlanRoutes implements ApiRoutes, Uploads {

    /** The policy a plan image is served with, replacing the console's: nothing runs, nothing is fetched. */
    static final String PLAN_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";
    private static final String PLAN = "/api/v1/sites/:tenant/:site/floors/:floor/plan";
    private static final String POSITION = "/api/v1/devices/:tenant/:device/sensors/:sensor/position";
    private static final Set<String> COUNTED = Set.of("unsupported-plan", "unsafe-svg", "too-large", "bad-position", "bad-location",
            "no-plan", "no-floor", "no-site", "too-many-plans");

    private final FloorPlans plans;
    private final MeterRegistry meters;

    public FloorPlanRoutes(FloorPlans plans, MeterRegistry meters) {
        this.plans = plans;
        this.meters = meters;
    }

    @Override
    public List<Upload> uploads() {
        return List.of(new Upload(HttpMethod.PUT, Action.CHANGE_PLACES, Pattern.compile("/api/v1/sites/[^/]+/[^/]+/floors/[^/]+/plan"),
                FloorPlans.MAX_BYTES, FloorPlans::tooLarge));
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/sites/:tenant/:site/plans"), Action.READ).handler(ctx -> {
            JsonArray floors = new JsonArray();
            plans.floors(ctx.pathParam("tenant"), ctx.pathParam("site")).forEach(f -> {
                JsonArray sensors = new JsonArray();
                f.sensors().forEach(p -> sensors.add(new JsonObject().put("device", p.device().device())
                        .put("sensor", p.sensor().id()).put("kind", p.sensor().kind().wireName()).put("zone", p.sensor().zone())
                        .put("label", p.at().label()).put("position", p.position() == null ? null
                                : new JsonObject().put("x", p.position().x()).put("y", p.position().y()))));
                floors.add(new JsonObject().put("building", f.building()).put("floor", f.floor() == 0 ? null : f.floor())
                        .put("floorText", f.floor() == 0 ? null : Floor.text(f.floor()))
                        .put("plan", f.plan() == null ? null : json(f.plan())).put("sensors", sensors));
            });
            JsonIo.send(ctx, 200, new JsonObject().put("tenant", ctx.pathParam("tenant")).put("site", ctx.pathParam("site"))
                    .put("maxBytes", FloorPlans.MAX_BYTES).put("floors", floors));
        });
        needs(router.put(PLAN), Action.CHANGE_PLACES).handler(counted(this::upload));
        needs(router.get(PLAN), Action.READ).handler(ctx -> {
            FloorPlan plan = plans.plan(floor(ctx)).orElseThrow(() -> FireGridException.notFound("no-plan",
                    "site " + ctx.pathParam("site") + " has no plan of floor " + ctx.pathParam("floor")
                            + (ctx.request().getParam("building") == null ? "" : " of building " + ctx.request().getParam("building"))));
            if (("\"" + plan.sha256() + "\"").equals(ctx.request().getHeader("If-None-Match"))) {
                ctx.response().setStatusCode(304).putHeader("ETag", "\"" + plan.sha256() + "\"").end();
                return;
            }
            plans.image(plan).onSuccess(bytes -> ctx.response().putHeader("Content-Type", plan.type().mediaType())
                    .putHeader("Content-Security-Policy", PLAN_POLICY)
                    .putHeader("Content-Disposition", "inline; filename=\"plan-" + plan.site() + "-" + Floor.text(plan.floor())
                            + "." + plan.type().extension() + "\"")
                    .putHeader("Cache-Control", "no-cache").putHeader("ETag", "\"" + plan.sha256() + "\"")
                    .end(Buffer.buffer(bytes))).onFailure(ctx::fail);
        });
        needs(router.delete(PLAN), Action.CHANGE_PLACES).handler(ctx -> plans.delete(floor(ctx))
                .onSuccess(p -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
        needs(router.put(POSITION), Action.CHANGE_PLACES).handler(counted(ctx -> {
            JsonObject b = JsonIo.body(ctx);
            plans.place(device(ctx), ctx.pathParam("sensor"), fraction(b, "x"), fraction(b, "y"), BearerAuth.principal(ctx).name())
                    .onSuccess(p -> JsonIo.send(ctx, 200, json(p))).onFailure(t -> fail(ctx, t));
        }));
        needs(router.delete(POSITION), Action.CHANGE_PLACES).handler(counted(ctx -> plans.unplace(device(ctx),
                ctx.pathParam("sensor")).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(t -> fail(ctx, t))));
    }

    private void upload(RoutingContext ctx) {
        FloorPlans.FloorRef at = floor(ctx);
        byte[] image = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        PlanImage.Type type = PlanImage.typeOf(image);
        PlanImage.Type.ofMediaType(ctx.request().getHeader("Content-Type")).filter(said -> said != type).ifPresent(said -> {
            throw FireGridException.badRequest("unsupported-plan", "the plan was sent as " + said.mediaType() + " but is a "
                    + type.name() + " image (" + type.mediaType() + ")").withHint("send it with Content-Type: " + type.mediaType());
        });
        boolean replaced = plans.plan(at).isPresent();
        plans.put(at, image, BearerAuth.principal(ctx).name()).onSuccess(p -> {
            ctx.response().putHeader("Location", ctx.request().path()
                    + (ctx.request().getParam("building") == null ? "" : "?building=" + ctx.request().getParam("building")));
            JsonIo.send(ctx, replaced ? 200 : 201, json(p));
        }).onFailure(t -> fail(ctx, t));
    }

    private FloorPlans.FloorRef floor(RoutingContext ctx) {
        return plans.floor(ctx.pathParam("tenant"), ctx.pathParam("site"), ctx.request().getParam("building"),
                ctx.pathParam("floor"));
    }

    private static DeviceId device(RoutingContext ctx) {
        return new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
    }

    private static double fraction(JsonObject b, String field) {
        if (!(b.getValue(field) instanceof Number n)) {
            throw FireGridException.badRequest("bad-position", "a position is {\"x\":..,\"y\":..}, each a fraction of the "
                    + "plan's width or height from 0 to 1; '" + field + "' is " + (b.getValue(field) == null ? "missing" : "not a number"));
        }
        return n.doubleValue();
    }

    static JsonObject json(FloorPlan p) {
        return new JsonObject().put("tenant", p.tenant()).put("site", p.site()).put("building", p.building())
                .put("floor", p.floor()).put("floorText", Floor.text(p.floor())).put("contentType", p.type().mediaType())
                .put("bytes", p.bytes()).put("sha256", p.sha256()).put("uploadedBy", p.uploadedBy())
                .put("uploadedAt", p.uploadedAt().toString());
    }

    static JsonObject json(PlanPosition p) {
        return new JsonObject().put("tenant", p.device().tenant()).put("device", p.device().device()).put("sensor", p.sensor())
                .put("site", p.site()).put("building", p.building()).put("floor", p.floor()).put("floorText", Floor.text(p.floor()))
                .put("x", p.x()).put("y", p.y()).put("placedBy", p.placedBy()).put("placedAt", p.placedAt().toString());
    }

    /** Counts a refusal thrown by the handler or failing its future, then answers it ({@code unsupported-plan} as 415). */
    private Handler<RoutingContext> counted(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                fail(ctx, e);
            }
        };
    }

    private void fail(RoutingContext ctx, Throwable t) {
        if (t instanceof FireGridException e && COUNTED.contains(e.code())) {
            meters.counter("firegrid.refused", "protocol", "http", "code", e.code()).increment();
            if ("unsupported-plan".equals(e.code()) && !ctx.response().headWritten()) {
                ctx.response().setStatusCode(415).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", e.code())
                                .put("detail", e.hint() == null ? e.reason() : e.reason() + " (" + e.hint() + ")").encode());
                return;
            }
        }
        ctx.fail(t);
    }
}
