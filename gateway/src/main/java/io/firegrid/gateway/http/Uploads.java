package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Routes of a feature whose request bodies may be larger than the API's limit
 * ({@link HttpLimits#maxBodyBytes()}): a floor plan image. {@link HttpApi} lets such a request's
 * declared {@code Content-Length} through {@link BodyLimit} up to the upload's own bound (above it:
 * 413 with the upload's reason, counted as every {@code too-large}), and reads its body after the
 * bearer token and the role were checked, so no caller without the right to upload makes the
 * gateway read more than the API's limit.
 */
interface Uploads {

    /**
     * One kind of upload.
     *
     * @param method   the method it comes with
     * @param action   what its route needs ({@link RouteAccess#needs}): checked before the body is read, so a
     *                 caller without it makes the gateway read nothing
     * @param path     the whole request path it matches
     * @param maxBytes its largest body
     * @param tooLarge the refusal of a body of the given declared length (-1: unknown) above {@code maxBytes}
     */
    record Upload(HttpMethod method, io.firegrid.gateway.access.Action action, Pattern path, int maxBytes, LongFunction<FireGridException> tooLarge) {

        boolean matches(HttpServerRequest request) {
            return request.method() == method && path.matcher(request.path()).matches();
        }

        /**
         * Reads the body of the requests it matches, up to {@code maxBytes}; a body sent without its length
         * that grows beyond is answered 413 with this upload's reason (counted by {@link BodyLimit#counted}).
         */
        void mount(Router router) {
            RouteAccess.needs(router.routeWithRegex(method, path.pattern()), action); // Vert.x takes no body handler after it
            router.routeWithRegex(method, path.pattern()).handler(BodyHandler.create(false).setBodyLimit(maxBytes))
                    .failureHandler(ctx -> {
                        if (ctx.failure() != null || ctx.statusCode() != 413 || ctx.response().headWritten()) {
                            ctx.next();
                            return;
                        }
                        FireGridException e = tooLarge.apply(-1);
                        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(new JsonObject()
                                .put("error", e.code()).put("detail", e.hint() == null ? e.reason() : e.reason() + " (" + e.hint() + ")")
                                .encode());
                    });
        }
    }

    List<Upload> uploads();

    /** The uploads of {@code features}, those that declare any. */
    static List<Upload> of(List<ApiRoutes> features) {
        return features.stream().filter(Uploads.class::isInstance).flatMap(f -> ((Uploads) f).uploads().stream()).toList();
    }
}
