package io.firegrid.gateway.http;

import io.firegrid.gateway.access.Principal;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a caller whose token is scoped to one tenant inside it. In one place, for every route (each
 * route runs it after its role check, {@link RouteAccess#needs}):
 * a tenant named in the path ({@code /api/v1/sites/{tenant}/...}), in {@code ?tenant=} or in a
 * JSON body's {@code "tenant"} must be the caller's, else 403 {@code other-tenant}. Lists without
 * {@code ?tenant=} show the caller's tenant only ({@link #filter}); an alarm of another tenant is
 * answered as unknown ({@link #of} passed to the alarm service). Callers without a scope (the
 * gateway's admin token, tokens issued without a tenant) see every tenant.
 */
final class TenantScope implements Handler<RoutingContext> {

    private static final Pattern TENANT_IN_PATH =
            Pattern.compile("/api/v1/(?:devices|people|stations|cells|sites)/([^/]+)/[^/]+(?:/.*)?");

    /** The caller's tenant, or {@code null} when the caller sees every tenant. */
    static String of(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        return p == null ? null : p.tenant();
    }

    /** The tenant a list shows: {@code ?tenant=} if given (checked by the handler), else the caller's; {@code null}: all. */
    static String filter(RoutingContext ctx) {
        String asked = ctx.request().getParam("tenant");
        return asked != null ? asked : of(ctx);
    }

    @Override
    public void handle(RoutingContext ctx) {
        check(ctx);
        ctx.next();
    }

    /** Refuses with 403 {@code other-tenant} a call naming a tenant the caller's token is not for. */
    static void check(RoutingContext ctx) {
        String scope = of(ctx);
        if (scope != null) {
            check(scope, ctx.request().getParam("tenant"), "?tenant=");
            Matcher m = TENANT_IN_PATH.matcher(ctx.normalizedPath());
            if (m.matches()) {
                check(scope, m.group(1), "the path");
            }
            if (ctx.body() != null && ctx.body().length() > 0) {
                Object body;
                try {
                    body = ctx.body().asJsonObject();
                } catch (RuntimeException notAnObject) {
                    body = null; // the route refuses it with its own reason
                }
                if (body instanceof JsonObject o && o.getValue("tenant") instanceof String t) {
                    check(scope, t, "the body");
                }
            }
        }
    }

    private static void check(String scope, String named, String where) {
        if (named != null && !named.equals(scope)) {
            throw FireGridException.forbidden("other-tenant", "this token is for tenant " + scope
                    + "; it cannot see or act for tenant " + named + " (named in " + where + ")");
        }
    }
}
