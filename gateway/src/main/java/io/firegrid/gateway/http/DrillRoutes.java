package io.firegrid.gateway.http;

import io.firegrid.gateway.place.Places;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Drill mode: {@code POST /api/v1/sites/{tenant}/{id}/drill} and
 * {@code POST /api/v1/stations/{tenant}/{id}/drill} with {@code {"on": true|false, "by": "name"?}}
 * put a site or station in drill or take it out, and answer 200 with the site or station, its drill
 * state included. {@code by} defaults to the caller. Repeating a request changes nothing. Refuses
 * an unknown site or station (404 {@code unknown-site}, {@code unknown-station}), a missing or
 * malformed body, a missing or non-boolean {@code on}, a {@code by} that is not a string of at most
 * {@value #MAX_BY} characters (400).
 */
public final class DrillRoutes implements ApiRoutes {

    /** Longest {@code by} accepted, as for the alarm steps. */
    static final int MAX_BY = 64;

    private final Places places;

    public DrillRoutes(Places places) {
        this.places = places;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/sites/:tenant/:id/drill").handler(ctx -> change(ctx, request -> places.drillSite(
                ctx.pathParam("tenant"), ctx.pathParam("id"), request.on(), request.by()).map(PlaceJson::toJson)));
        router.post("/api/v1/stations/:tenant/:id/drill").handler(ctx -> change(ctx, request -> places.drillStation(
                ctx.pathParam("tenant"), ctx.pathParam("id"), request.on(), request.by()).map(PlaceJson::toJson)));
    }

    private record Request(boolean on, String by) {
    }

    private static void change(RoutingContext ctx, Function<Request, Future<JsonObject>> apply) {
        apply.apply(request(ctx)).onSuccess(json -> JsonIo.send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private static Request request(RoutingContext ctx) {
        JsonObject body = JsonIo.body(ctx);
        Object on = body.getValue("on");
        if (!(on instanceof Boolean b)) {
            throw FireGridException.badRequest(on == null ? "missing-field" : "bad-field",
                    "'on' (true to put in drill, false to take out) is required");
        }
        String by = JsonIo.optionalString(body, "by");
        by = by == null || by.isBlank() ? BearerAuth.principal(ctx).name() : by.strip();
        if (by.length() > MAX_BY) {
            throw FireGridException.badRequest("bad-field", "'by' must be at most " + MAX_BY + " characters");
        }
        return new Request(b, by);
    }
}
