package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.StationHeads;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /api/v1/people}, {@code /stations}, {@code /cells} and {@code /sites}: {@code POST} adds one
 * (201; 409 for a taken id; 400 for a missing or mistyped field or an unknown referenced id),
 * {@code GET} lists them ({@code ?tenant=} to filter), {@code GET .../{tenant}/{id}} shows one (404
 * if unknown). Create in that order: people, stations, cells, sites.
 * {@code PUT .../{tenant}/{id}} replaces one with the same JSON as {@code POST} (200; 404 if unknown;
 * {@code tenant} and {@code id} may be left out of the body, and must match the path if given: 400
 * {@code id-mismatch}); a drill in progress stays. {@code DELETE .../{tenant}/{id}} removes one (204;
 * 404 if unknown; 409 {@code in-use} naming what still refers to it: a cell's station, a site's
 * devices, ...). Every refused {@code POST} or {@code PUT} is counted in
 * {@code firegrid_refused_total{protocol="http",code}} ({@code bad-phone}, {@code bad-preferences}, ...).
 * A person's {@code PUT} needs {@link Action#EDIT_PEOPLE}: with {@link Action#CHANGE_PLACES} anyone's,
 * else (crew) with a token naming a station head only the phones and preferences of that station's
 * people ({@link #mayEdit}).
 */
public final class PlaceRoutes implements ApiRoutes {

    private final Places places;
    private final MeterRegistry meters;
    private final StationHeads heads;

    /** Routes where only {@link Action#CHANGE_PLACES} changes people (no station heads). */
    public PlaceRoutes(Places places, MeterRegistry meters) {
        this(places, meters, null);
    }

    /** Routes where a token naming a station head changes the phones and preferences of that station's people. */
    public PlaceRoutes(Places places, MeterRegistry meters, StationHeads heads) {
        this.places = places;
        this.meters = meters;
        this.heads = heads;
    }

    @Override
    public void mount(Router router) {
        resource(router, "people", "person", o -> PlaceJson.person(o, places), places::addPerson, places::replacePerson,
                PlaceJson::toJson, places::people, places::person, Action.EDIT_PEOPLE, this::mayEdit);
        resource(router, "stations", "station", PlaceJson::station, places::addStation, places::replaceStation,
                PlaceJson::toJson, places::stations, places::station, Action.CHANGE_PLACES,
                (ctx, t) -> { });
        resource(router, "cells", "cell", PlaceJson::cell, places::addCell, places::replaceCell,
                PlaceJson::toJson, places::cells, places::cell, Action.CHANGE_PLACES,
                (ctx, t) -> { });
        resource(router, "sites", "site", PlaceJson::site, places::addSite, places::replaceSite,
                PlaceJson::toJson, places::sites, places::site, Action.CHANGE_PLACES,
                (ctx, t) -> { });
    }

    private <T> void resource(Router router, String path, String what, Function<JsonObject, T> parse,
                              Function<T, Future<T>> add, Function<T, Future<T>> replace, Function<T, JsonObject> toJson,
                              Function<String, List<T>> list, BiFunction<String, String, Optional<T>> find,
                              Action replaceNeeds, BiConsumer<RoutingContext, T> mayReplace) {
        String base = "/api/v1/" + path;
        needs(router.post(base), Action.REGISTER).handler(ctx -> counted(ctx, () -> add.apply(parse.apply(JsonIo.body(ctx)))
                .onSuccess(t -> {
                    JsonObject json = toJson.apply(t);
                    ctx.response().putHeader("Location", base + "/" + json.getString("tenant") + "/" + json.getString("id"));
                    JsonIo.send(ctx, 201, json);
                })));
        needs(router.get(base), Action.READ).handler(ctx -> {
            JsonArray arr = new JsonArray();
            list.apply(TenantScope.filter(ctx)).forEach(t -> arr.add(toJson.apply(t)));
            JsonIo.send(ctx, 200, arr);
        });
        needs(router.get(base + "/:tenant/:id"), Action.READ).handler(ctx -> JsonIo.send(ctx, 200, toJson.apply(
                find.apply(ctx.pathParam("tenant"), ctx.pathParam("id")).orElseThrow(() -> unknown(ctx, what)))));
        needs(router.put(base + "/:tenant/:id"), replaceNeeds).handler(ctx -> counted(ctx, () -> {
            T t = parse.apply(bodyFor(ctx));
            mayReplace.accept(ctx, t);
            return replace.apply(t).onSuccess(r -> JsonIo.send(ctx, 200, toJson.apply(r)));
        }));
        needs(router.delete(base + "/:tenant/:id"), Action.CHANGE_PLACES)
                .handler(ctx -> places.remove(what, ctx.pathParam("tenant"), ctx.pathParam("id"))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    }

    /**
     * Whether the caller may replace {@code p} with what it sent: anyone with {@link Action#CHANGE_PLACES};
     * otherwise (crew) a token naming a station head, for the people of that station
     * ({@link StationHeads}), changing their phones and preferences only. Refused 403
     * {@code not-their-station} or {@code head-changes-phones-only} with the reason.
     */
    private void mayEdit(RoutingContext ctx, Person p) {
        Principal who = BearerAuth.principal(ctx);
        if (AccessPolicy.allows(who.role(), Action.CHANGE_PLACES)) {
            return;
        }
        if (who.person() == null || heads == null) {
            throw FireGridException.forbidden("not-their-station", "role " + who.role().wireName() + " changes people"
                    + " only with a token naming a station head (POST /api/v1/tokens with 'person'), and this token names no one");
        }
        heads.refusal(p.tenant(), who.person(), p.id()).ifPresent(reason -> {
            throw FireGridException.forbidden("not-their-station", reason);
        });
        Person now = places.person(p.tenant(), p.id()).orElseThrow(() -> FireGridException.notFound("unknown-person",
                "tenant " + p.tenant() + " has no person '" + p.id() + "'"));
        if (!now.name().equals(p.name()) || now.role() != p.role()) {
            throw FireGridException.forbidden("head-changes-phones-only", "a station head changes a person's phones and"
                    + " preferences only: keep 'name' (" + now.name() + ") and 'role' (" + now.role().wireName() + ") as they are");
        }
    }

    /**
     * Runs an add or a replace; a refusal, thrown while reading the body (a number not in E.164 form,
     * bad preferences) or failing the change (an unknown reference, a taken id), is counted in
     * {@code firegrid_refused_total{protocol="http",code}} and answered with its code and reason.
     */
    private void counted(RoutingContext ctx, Supplier<Future<?>> change) {
        try {
            change.get().onFailure(t -> refused(ctx, t));
        } catch (FireGridException e) {
            refused(ctx, e);
        }
    }

    private void refused(RoutingContext ctx, Throwable t) {
        if (t instanceof FireGridException e && e.status() != FireGridException.Status.INTERNAL) {
            meters.counter("firegrid.refused", "protocol", "http", "code", e.code()).increment();
        }
        ctx.fail(t);
    }

    /** The body of a {@code PUT}, with {@code tenant} and {@code id} from the path; refuses a body naming others. */
    private static JsonObject bodyFor(RoutingContext ctx) {
        JsonObject body = JsonIo.body(ctx);
        for (String field : List.of("tenant", "id")) {
            Object given = body.getValue(field);
            if (given != null && !given.equals(ctx.pathParam(field))) {
                throw FireGridException.badRequest("id-mismatch", "the body's '" + field + "' is " + given
                        + " but the path names " + ctx.pathParam(field) + ": ids cannot be changed, create a new one instead");
            }
            body.put(field, ctx.pathParam(field));
        }
        return body;
    }

    private static FireGridException unknown(RoutingContext ctx, String what) {
        return FireGridException.notFound("unknown-" + what, "tenant " + ctx.pathParam("tenant") + " has no " + what
                + " '" + ctx.pathParam("id") + "'");
    }
}
