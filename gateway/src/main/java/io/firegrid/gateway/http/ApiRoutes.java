package io.firegrid.gateway.http;

import io.vertx.ext.web.Router;

/**
 * A feature's {@code /api/v1} routes, mounted by {@link HttpApi} after the bearer-token and body
 * handlers and before the API's not-found fallback. Each route declares the action it needs where
 * it is registered, {@code needs(router.post(path), Action.REGISTER).handler(...)} ({@link RouteAccess});
 * a route that declares none is for admin only. Handlers fail the context with a
 * {@link io.firegrid.protocol.FireGridException}; {@link HttpErrors} answers.
 */
@FunctionalInterface
public interface ApiRoutes {
    void mount(Router router);
}
