package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading request bodies and fields with a clear {@code BAD_REQUEST} for what is missing or of
 * the wrong JSON type ({@code missing-field}, {@code bad-field}, {@code malformed-json}), and
 * writing JSON answers.
 */
final class JsonIo {

    private JsonIo() {
    }

    /** The body as a JSON object; refuses an empty body, malformed JSON and non-objects. */
    static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw FireGridException.badRequest("missing-body", "the request needs a JSON object body");
        }
        try {
            if (Json.decodeValue(ctx.body().buffer()) instanceof JsonObject o) {
                return o;
            }
            throw FireGridException.badRequest("malformed-json", "request body must be a JSON object");
        } catch (DecodeException e) {
            throw FireGridException.badRequest("malformed-json", "request body is not valid JSON: " + e.getMessage());
        }
    }

    static String string(JsonObject o, String field) {
        String s = optionalString(o, field);
        if (s == null || s.isBlank()) {
            throw FireGridException.badRequest("missing-field", "'" + field + "' (a non-empty string) is required");
        }
        return s;
    }

    static String optionalString(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw FireGridException.badRequest("bad-field", "'" + field + "' must be a string");
        }
        return (String) v;
    }

    static double number(JsonObject o, String field, double min, double max) {
        Object v = o.getValue(field);
        if (v == null) {
            throw FireGridException.badRequest("missing-field", "'" + field + "' (a number) is required");
        }
        if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max || Double.isNaN(n.doubleValue())) {
            throw FireGridException.badRequest("bad-field", "'" + field + "' must be a number from " + min + " to " + max);
        }
        return n.doubleValue();
    }

    static JsonObject object(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (!(v instanceof JsonObject j)) {
            throw FireGridException.badRequest(v == null ? "missing-field" : "bad-field", "'" + field
                    + "' (an object) is required");
        }
        return j;
    }

    /** An optional array of strings; empty when absent. */
    static List<String> strings(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray arr) || arr.stream().anyMatch(x -> !(x instanceof String))) {
            throw FireGridException.badRequest("bad-field", "'" + field + "' must be an array of id strings");
        }
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add((String) x));
        return out;
    }

    static void send(RoutingContext ctx, int status, Object body) {
        String json = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : Json.encode(body);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
