package io.firegrid.gateway.http;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the bearer token of API requests — the {@code Authorization: Bearer <token>} header, or
 * an {@code access_token} query parameter for clients that cannot set headers (a browser's
 * EventSource) — and whether its role may call the route ({@link AccessPolicy}). 401 for a
 * missing or unknown token, 403 for a role that may not. Puts the {@link Principal} under
 * {@value #PRINCIPAL}.
 */
final class BearerAuth implements Handler<RoutingContext> {

    static final String PRINCIPAL = "firegrid.principal";

    private final byte[] adminToken;
    private final TokenRegistry tokens;

    BearerAuth(String adminToken, TokenRegistry tokens) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = null;
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        } else if (ctx.request().getParam("access_token") != null) {
            token = ctx.request().getParam("access_token");
        }
        if (token == null) {
            ctx.fail(new FireGridException(FireGridException.Status.UNAUTHORIZED, "unauthorized",
                    "no bearer token: send 'Authorization: Bearer <token>'"));
            return;
        }
        Optional<Principal> who = MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(new Principal("admin", AccessRole.ADMIN, null)) : tokens.principal(token);
        if (who.isEmpty()) {
            ctx.fail(new FireGridException(FireGridException.Status.UNAUTHORIZED, "unauthorized",
                    "the bearer token is not valid (revoked, mistyped, or from another gateway)"));
            return;
        }
        String refusal = AccessPolicy.refusal(who.get().role(), ctx.request().method().name(), ctx.normalizedPath());
        if (refusal != null) {
            ctx.fail(FireGridException.forbidden("forbidden", refusal));
            return;
        }
        ctx.put(PRINCIPAL, who.get());
        ctx.next();
    }
}
