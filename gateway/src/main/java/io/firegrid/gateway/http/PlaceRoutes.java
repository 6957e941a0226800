package io.firegrid.gateway.http;

import io.firegrid.gateway.place.Places;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /api/v1/people}, {@code /stations}, {@code /cells} and {@code /sites}: {@code POST} adds one
 * (201; 409 for a taken id; 400 for a missing or mistyped field or an unknown referenced id),
 * {@code GET} lists them ({@code ?tenant=} to filter), {@code GET .../{tenant}/{id}} shows one (404
 * if unknown). Create in that order: people, stations, cells, sites.
 */
public final class PlaceRoutes implements ApiRoutes {

    private final Places places;

    public PlaceRoutes(Places places) {
        this.places = places;
    }

    @Override
    public void mount(Router router) {
        resource(router, "people", "person", PlaceJson::person, places::addPerson, PlaceJson::toJson,
                places::people, places::person);
        resource(router, "stations", "station", PlaceJson::station, places::addStation, PlaceJson::toJson,
                places::stations, places::station);
        resource(router, "cells", "cell", PlaceJson::cell, places::addCell, PlaceJson::toJson,
                places::cells, places::cell);
        resource(router, "sites", "site", PlaceJson::site, places::addSite, PlaceJson::toJson,
                places::sites, places::site);
    }

    private static <T> void resource(Router router, String path, String what, Function<JsonObject, T> parse,
                                     Function<T, Future<T>> add, Function<T, JsonObject> toJson,
                                     Function<String, List<T>> list, BiFunction<String, String, Optional<T>> find) {
        String base = "/api/v1/" + path;
        router.post(base).handler(ctx -> add.apply(parse.apply(JsonIo.body(ctx))).onSuccess(t -> {
            JsonObject json = toJson.apply(t);
            ctx.response().putHeader("Location", base + "/" + json.getString("tenant") + "/" + json.getString("id"));
            JsonIo.send(ctx, 201, json);
        }).onFailure(ctx::fail));
        router.get(base).handler(ctx -> {
            JsonArray arr = new JsonArray();
            list.apply(ctx.request().getParam("tenant")).forEach(t -> arr.add(toJson.apply(t)));
            JsonIo.send(ctx, 200, arr);
        });
        router.get(base + "/:tenant/:id").handler(ctx -> JsonIo.send(ctx, 200, toJson.apply(
                find.apply(ctx.pathParam("tenant"), ctx.pathParam("id")).orElseThrow(() -> unknown(ctx, what)))));
    }

    private static FireGridException unknown(RoutingContext ctx, String what) {
        return FireGridException.notFound("unknown-" + what, "tenant " + ctx.pathParam("tenant") + " has no " + what
                + " '" + ctx.pathParam("id") + "'");
    }
}
