package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the bearer token of API requests: the {@code Authorization: Bearer <token>} header, or
 * an {@code access_token} query parameter for clients that cannot set headers (a browser's
 * EventSource). Puts the principal's name under {@value #PRINCIPAL}.
 */
final class BearerAuth implements Handler<RoutingContext> {

    static final String PRINCIPAL = "firegrid.principal";

    private final byte[] adminToken;

    BearerAuth(String adminToken) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
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
        if (!MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.fail(new FireGridException(FireGridException.Status.UNAUTHORIZED, "unauthorized",
                    "the bearer token is not valid"));
            return;
        }
        ctx.put(PRINCIPAL, "admin");
        ctx.next();
    }
}
