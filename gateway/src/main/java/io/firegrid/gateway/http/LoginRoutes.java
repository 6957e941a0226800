package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.LoginThrottle;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Device logins blocked after too many failures ({@link LoginThrottle}), for administrators (see
 * {@code AccessPolicy}):
 * <ul>
 * <li>{@code GET /api/v1/security/blocked-logins}: the blocks in force,
 * {@code [{"kind":"device","key":"pi-1@t1","failures":20,"until":"2026-12-06T20:15:00Z"}, ...]},
 * those ending first first;
 * <li>{@code DELETE /api/v1/security/blocked-logins/{kind}/{key}} ({@code kind} {@code device} or
 * {@code address}): lifts one and forgets its failures, 204; 404 {@code not-blocked} if it is not
 * blocked.
 * </ul>
 * An admin token scoped to a tenant sees and lifts that tenant's login names only; addresses are
 * shared by every tenant and left to the gateway's own admin.
 */
public final class LoginRoutes implements ApiRoutes {

    private static final String PATH = "/api/v1/security/blocked-logins";

    private final LoginThrottle throttle;

    public LoginRoutes(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public void mount(Router router) {
        needs(router.get(PATH), Action.MANAGE_LOGINS).handler(ctx -> {
            String scope = TenantScope.of(ctx);
            JsonArray out = new JsonArray();
            for (LoginThrottle.Block b : throttle.blocks()) {
                if (visible(scope, b.key())) {
                    out.add(new JsonObject().put("kind", b.key().kind().wireName()).put("key", b.key().value())
                            .put("failures", b.failures()).put("until", b.until().toString()));
                }
            }
            ctx.response().putHeader("Content-Type", "application/json").end(out.encode());
        });
        needs(router.delete(PATH + "/:kind/:key"), Action.MANAGE_LOGINS).handler(ctx -> {
            LoginThrottle.Key key = new LoginThrottle.Key(kind(ctx.pathParam("kind")), ctx.pathParam("key"));
            if (!visible(TenantScope.of(ctx), key)) {
                throw new FireGridException(FireGridException.Status.FORBIDDEN, "other-tenant",
                        "a token scoped to a tenant lifts blocks of that tenant's devices only");
            }
            if (!throttle.lift(key)) {
                throw FireGridException.notFound("not-blocked", key.kind().wireName() + " " + key.value()
                        + " is not blocked (blocks end by themselves: GET " + PATH + " lists those in force)");
            }
            ctx.response().setStatusCode(204).end();
        });
    }

    private static boolean visible(String scope, LoginThrottle.Key key) {
        return scope == null || key.kind() == LoginThrottle.Kind.DEVICE && key.value().endsWith("@" + scope);
    }

    private static LoginThrottle.Kind kind(String wire) {
        for (LoginThrottle.Kind k : LoginThrottle.Kind.values()) {
            if (k.wireName().equals(wire)) {
                return k;
            }
        }
        throw FireGridException.badRequest("bad-kind", "'" + wire + "' is no kind of block: use device or address");
    }
}
