package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: {@code {"error": code, "detail": reason}}, the
 * reason followed by the error's API hint in parentheses when it has one ({@link FireGridException#hint()}).
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    static void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        FireGridException e;
        if (t == null) {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            e = switch (status) {
                case 404 -> FireGridException.notFound("not-found", "no such resource: " + ctx.request().path());
                case 405 -> FireGridException.badRequest("method-not-allowed", ctx.request().method() + " is not allowed on " + ctx.request().path());
                case 413 -> new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large",
                        "the request body is larger than the gateway takes (FIREGRID_HTTP_MAX_BODY_BYTES)");
                case 401 -> new FireGridException(FireGridException.Status.UNAUTHORIZED, "unauthorized", "missing or wrong bearer token");
                default -> new FireGridException(FireGridException.Status.INTERNAL, "internal", "request failed with status " + status);
            };
            send(ctx, status, e);
            return;
        }
        e = FireGridException.from(t);
        if (e.status() == FireGridException.Status.INTERNAL) {
            LOG.warn("request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path(), t);
        } else {
            LOG.debug("request refused [method: {}, path: {}, code: {}, reason: {}]",
                    ctx.request().method(), ctx.request().path(), e.code(), e.reason());
        }
        send(ctx, e.status().httpStatus(), e);
    }

    private static void send(RoutingContext ctx, int status, FireGridException e) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"firegrid\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", e.code()).put("detail", detail(e)).encode());
    }

    private static String detail(FireGridException e) {
        return e.hint() == null ? e.reason() : e.reason() + " (" + e.hint() + ")";
    }
}
