package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.place.Places;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * Drill mode: {@code POST /api/v1/sites/{tenant}/{id}/drill} and
 * {@code POST /api/v1/stations/{tenant}/{id}/drill} with
 * {@code {"on": true|false, "minutes": n?}} put a site or station in drill or take it
 * out, and answer 200 with the site or station, its drill state included. The drill is recorded as
 * set by the token's holder; a {@code by} naming anyone else is refused ({@code by-is-the-token}).
 * A drill ends by itself after {@code minutes} (default {@value #DEFAULT_MINUTES}, at most
 * {@value #MAX_MINUTES}): a site nobody remembered to take out of drill must not mark a real fire as
 * a drill the next day. Putting in drill again sets a new end and keeps the start. Refuses
 * an unknown site or station (404 {@code unknown-site}, {@code unknown-station}), a missing or
 * malformed body, a missing or non-boolean {@code on}, {@code minutes} not a whole number from 1 to {@value #MAX_MINUTES} (400).
 */
public final class DrillRoutes implements ApiRoutes {

    /** How long a drill lasts unless the request says otherwise: an exercise with its debrief. */
    static final int DEFAULT_MINUTES = 120;

    /** Longest drill: one day. */
    static final int MAX_MINUTES = 1440;

    private final Places places;
    private final MeterRegistry meters;

    public DrillRoutes(Places places, MeterRegistry meters) {
        this.places = places;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        needs(router.post("/api/v1/sites/:tenant/:id/drill"), Action.DRILL)
                .handler(ctx -> change(ctx, request -> places.drillSite(
                ctx.pathParam("tenant"), ctx.pathParam("id"), request.on(), request.by(), request.length())
                .map(PlaceJson::toJson)));
        needs(router.post("/api/v1/stations/:tenant/:id/drill"), Action.DRILL)
                .handler(ctx -> change(ctx, request -> places.drillStation(
                ctx.pathParam("tenant"), ctx.pathParam("id"), request.on(), request.by(), request.length())
                .map(PlaceJson::toJson)));
    }

    private record Request(boolean on, String by, Duration length) {
    }

    private void change(RoutingContext ctx, Function<Request, Future<JsonObject>> apply) {
        apply.apply(request(ctx)).onSuccess(json -> JsonIo.send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private Request request(RoutingContext ctx) {
        JsonObject body = JsonIo.body(ctx);
        Object on = body.getValue("on");
        if (!(on instanceof Boolean b)) {
            throw FireGridException.badRequest(on == null ? "missing-field" : "bad-field",
                    "'on' (true to put in drill, false to take out) is required");
        }
        String by = JsonIo.by(ctx, body, meters);
        Object minutes = body.getValue("minutes");
        if (minutes != null && !(minutes instanceof Integer m && m >= 1 && m <= MAX_MINUTES)) {
            throw FireGridException.badRequest("bad-field", "'minutes' (how long the drill lasts before it ends by itself)"
                    + " must be a whole number from 1 to " + MAX_MINUTES + ", or left out for " + DEFAULT_MINUTES);
        }
        return new Request(b, by, Duration.ofMinutes(minutes == null ? DEFAULT_MINUTES : (Integer) minutes));
    }
}
