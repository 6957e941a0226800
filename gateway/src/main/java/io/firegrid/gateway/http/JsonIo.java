package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
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

    /**
     * Who a step or change is recorded under: always the token's holder. A body may still carry
     * {@code "by"} (older consoles did) only if it names that same holder; any other name is refused
     * ({@code BAD_REQUEST/by-is-the-token}, counted in
     * {@code firegrid_refused_total{protocol="http",code="by-is-the-token"}}) rather than silently
     * dropped, so a caller learns that the audit trail cannot be written in someone else's name.
     */
    static String by(RoutingContext ctx, JsonObject body, MeterRegistry meters) {
        String holder = BearerAuth.principal(ctx).name();
        Object by = body.getValue("by");
        if (by != null && !(by instanceof String s && (s.isBlank() || s.strip().equals(holder)))) {
            meters.counter("firegrid.refused", "protocol", "http", "code", "by-is-the-token").increment();
            throw FireGridException.badRequest("by-is-the-token", "steps are recorded under the name of the token that"
                    + " makes them (" + holder + "), not a name in the request: leave out 'by', or have an administrator"
                    + " issue " + (by instanceof String s ? "'" + s.strip() + "'" : "each person") + " a token of their own");
        }
        return holder;
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
