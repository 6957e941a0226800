package io.firegrid.gateway.http;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.access.Principal;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@link Action} each {@code /api/v1} route needs, declared where the route is registered:
 * {@code needs(router.post("/api/v1/devices"), Action.REGISTER).handler(this::register)}. The
 * route then answers only callers whose role holds the action ({@link AccessPolicy}); others get
 * 403 {@code forbidden} "role crew may not register devices, places and people (needs admin or
 * installer)", counted in {@code firegrid_refused_total{protocol="http",code="forbidden"}} (see
 * {@link #counted}). After the role, the caller's tenant scope is checked ({@link TenantScope}).
 *
 * <p>A call that matches no declared route ({@link #undeclared}) is for admin only, as it has
 * always been: a {@code GET} is answered 404 for every role, any other method 403 for every role
 * but admin.
 */
final class RouteAccess {

    /** The route metadata key under which a route keeps the {@link Action} it needs. */
    static final String ACTION = "firegrid.action";

    private static final TenantScope TENANT_SCOPE = new TenantScope();

    private RouteAccess() {
    }

    /** Declares that {@code route} needs {@code action} and checks it first; add the route's own handler to the result. */
    static Route needs(Route route, Action action) {
        return route.putMetadata(ACTION, action).handler(ctx -> {
            Principal p = BearerAuth.principal(ctx);
            String refusal = AccessPolicy.refusal(p.role(), action);
            if (refusal != null) {
                throw FireGridException.forbidden("forbidden", refusal);
            }
            ctx.next();
        }).handler(TENANT_SCOPE);
    }

    /** The route metadata key of a route that answers without a token ({@link #open}). */
    static final String OPEN = "firegrid.open";

    /**
     * Declares that {@code route}, mounted before the token check, answers everyone without a token:
     * only for what holds no secret (the API's own description, {@link OpenApi}).
     */
    static Route open(Route route) {
        return route.putMetadata(OPEN, Boolean.TRUE);
    }

    /** Whether {@code route} was declared {@link #open}. */
    static boolean isOpen(Route route) {
        return Boolean.TRUE.equals(route.getMetadata(OPEN));
    }

    /** The action {@code route} declared, or {@code null}. */
    static Action declared(Route route) {
        return route.getMetadata(ACTION);
    }

    /** The answer to an API call no route declared: 403 for every role but admin unless it is a GET, then 404. */
    static void undeclared(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        String what = ctx.request().method() + " " + ctx.request().path();
        if (p != null) {
            String refusal = ctx.request().method() == HttpMethod.GET ? null
                    : AccessPolicy.refusalOfUndeclared(p.role(), what);
            if (refusal != null) {
                throw FireGridException.forbidden("forbidden", refusal);
            }
            TenantScope.check(ctx);
        }
        throw FireGridException.notFound("not-found", "no such API resource: " + what);
    }

    /** A failure handler counting the role refusals above; passes every failure on. */
    static Handler<RoutingContext> counted(MeterRegistry meters) {
        Counter forbidden = meters.counter("firegrid.refused", "protocol", "http", "code", "forbidden");
        return ctx -> {
            if (ctx.failure() instanceof FireGridException e && "forbidden".equals(e.code())) {
                forbidden.increment();
            }
            ctx.next();
        };
    }
}
