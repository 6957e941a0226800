package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Roster;
import io.firegrid.gateway.place.RosterJson;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Duty rosters of stations and grid cells ({@code KIND} is {@code stations} or {@code cells}):
 * <ul>
 * <li>{@code GET /api/v1/KIND/{tenant}/{id}/roster}: the roster (see {@link RosterJson}); 404
 * {@code no-roster} when there is none (everyone is on duty);</li>
 * <li>{@code PUT .../roster}: replaces it (200); 400 {@code empty-shift}, {@code unknown-reference},
 * {@code overlapping-shifts}, {@code bad-roster}, {@code bad-time}; 404 for an unknown station or cell;</li>
 * <li>{@code DELETE .../roster}: removes it (204), everyone is on duty again;</li>
 * <li>{@code GET .../on-duty?at=2026-12-07T03:00:00Z} (default now):
 * {@code {"tenant","station"|"cell","at","roster":true|false,"people":[person],"backup":[person],"head":person|null}};
 * without a roster, or with nobody on duty then, {@code roster} is false and {@code people} is the
 * whole crew (grid workers), as alarms are routed.</li>
 * </ul>
 * Reading needs {@code read}; changing needs {@code change-places}. A refused roster is counted in
 * {@code firegrid_refused_total{protocol="http",code}}.
 */
public final class RosterRoutes implements ApiRoutes {

    private final Rosters rosters;
    private final Places places;
    private final Clock clock;
    private final MeterRegistry meters;

    public RosterRoutes(Rosters rosters, Places places, Clock clock, MeterRegistry meters) {
        this.rosters = rosters;
        this.places = places;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        for (String kind : List.of(Roster.STATION, Roster.CELL)) {
            String base = "/api/v1/" + kind + "s/:tenant/:id";
            needs(router.get(base + "/roster"), Action.READ).handler(ctx -> JsonIo.send(ctx, 200, RosterJson.toJson(
                    rosters.roster(ctx.pathParam("tenant"), kind, ctx.pathParam("id")).orElseThrow(() ->
                            FireGridException.notFound("no-roster", kind + " " + ctx.pathParam("id") + " of tenant "
                                    + ctx.pathParam("tenant") + " has no roster: everyone is on duty")
                                    .withHint("set one with PUT " + ctx.normalizedPath())))));
            needs(router.put(base + "/roster"), Action.CHANGE_PLACES).handler(ctx -> {
                try {
                    rosters.put(RosterJson.parse(ctx.pathParam("tenant"), kind, ctx.pathParam("id"), JsonIo.body(ctx)))
                            .onSuccess(r -> JsonIo.send(ctx, 200, RosterJson.toJson(r))).onFailure(t -> refused(ctx, t));
                } catch (FireGridException e) {
                    refused(ctx, e);
                }
            });
            needs(router.delete(base + "/roster"), Action.CHANGE_PLACES).handler(ctx -> rosters.remove(
                    ctx.pathParam("tenant"), kind, ctx.pathParam("id"))
                    .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
            needs(router.get(base + "/on-duty"), Action.READ).handler(ctx -> onDuty(ctx, kind));
        }
    }

    /** Counts a refused roster in {@code firegrid_refused_total{protocol="http",code}} and answers it. */
    private void refused(RoutingContext ctx, Throwable t) {
        if (t instanceof FireGridException e && e.status() != FireGridException.Status.INTERNAL) {
            meters.counter("firegrid.refused", "protocol", "http", "code", e.code()).increment();
        }
        ctx.fail(t);
    }

    private void onDuty(RoutingContext ctx, String kind) {
        String tenant = ctx.pathParam("tenant");
        String id = ctx.pathParam("id");
        List<String> everyone = kind.equals(Roster.STATION)
                ? places.station(tenant, id).orElseThrow(() -> unknown(kind, tenant, id)).crew()
                : places.cell(tenant, id).orElseThrow(() -> unknown(kind, tenant, id)).gridWorkers();
        Instant at = at(ctx.request().getParam("at"));
        Optional<Roster.Duty> duty = rosters.onDuty(tenant, kind, id, at);
        JsonObject out = new JsonObject().put("tenant", tenant).put(kind, id).put("at", at.toString())
                .put("roster", duty.isPresent())
                .put("people", people(tenant, duty.map(Roster.Duty::people).orElse(everyone)))
                .put("backup", people(tenant, duty.map(Roster.Duty::backup).orElse(List.of())))
                .put("head", duty.map(Roster.Duty::head).flatMap(h -> places.person(tenant, h)).map(PlaceJson::toJson)
                        .orElse(null));
        JsonIo.send(ctx, 200, out);
    }

    private JsonArray people(String tenant, List<String> ids) {
        JsonArray arr = new JsonArray();
        ids.stream().map(p -> places.person(tenant, p)).flatMap(Optional::stream).map(PlaceJson::toJson)
                .forEach(arr::add);
        return arr;
    }

    private Instant at(String given) {
        if (given == null || given.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw FireGridException.badRequest("bad-time", "'at' must be an instant such as 2026-12-07T03:00:00Z, not '"
                    + given + "'");
        }
    }

    private static FireGridException unknown(String kind, String tenant, String id) {
        return FireGridException.notFound("unknown-" + kind, "tenant " + tenant + " has no " + kind + " '" + id + "'");
    }
}
