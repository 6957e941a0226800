package io.firegrid.gateway.http;

import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the bearer token of API requests and puts its {@link Principal} under {@value #PRINCIPAL};
 * whether the token's role may call a route is the route's own check ({@link RouteAccess}).
 *
 * <p>The token comes from the {@code Authorization: Bearer <token>} header. Only the live alarm
 * stream ({@code GET} {@value #STREAM_PATH}) also takes it as an {@code access_token} query
 * parameter, because a browser's EventSource cannot set headers; on any other route a token in the
 * URL (where proxies and logs keep it) is refused. Refusals: 401 {@code unauthorized} for a
 * missing, unknown or revoked token, 401 {@code token-expired} saying when it expired, 401
 * {@code token-in-query} for {@code access_token} elsewhere; each is counted in
 * {@code firegrid_refused_total{protocol="http",code=...}}.
 */
final class BearerAuth implements Handler<RoutingContext> {

    static final String PRINCIPAL = "firegrid.principal";
    /** The one route that takes the token as a query parameter. */
    static final String STREAM_PATH = "/api/v1/alarms/stream";

    private final byte[] adminToken;
    private final TokenRegistry tokens;
    private final MeterRegistry meters;

    BearerAuth(String adminToken, TokenRegistry tokens, MeterRegistry meters) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.meters = meters;
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String query = ctx.request().getParam("access_token");
        boolean stream = ctx.request().method() == HttpMethod.GET && STREAM_PATH.equals(ctx.normalizedPath());
        if (query != null && !stream) {
            refuse(ctx, "token-in-query", "a token in the URL ('access_token') is accepted only by the live alarm stream"
                    + " (GET " + STREAM_PATH + "); send it in the header 'Authorization: Bearer <token>'");
            return;
        }
        String token = null;
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        } else if (query != null) {
            token = query;
        }
        if (token == null) {
            refuse(ctx, "unauthorized", "no bearer token: send 'Authorization: Bearer <token>'");
            return;
        }
        Principal who;
        if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            who = new Principal("admin", AccessRole.ADMIN, null);
        } else {
            TokenRegistry.Lookup found = tokens.lookup(token);
            if (found.expired()) {
                refuse(ctx, "token-expired", "the bearer token expired at " + found.expiredAt()
                        + ": ask an administrator for a new one");
                return;
            }
            who = found.principal();
        }
        if (who == null) {
            refuse(ctx, "unauthorized", "the bearer token is not valid (revoked, mistyped, or from another gateway)");
            return;
        }
        ctx.put(PRINCIPAL, who);
        ctx.next();
    }

    private void refuse(RoutingContext ctx, String code, String reason) {
        meters.counter("firegrid.refused", "protocol", "http", "code", code).increment();
        ctx.fail(new FireGridException(FireGridException.Status.UNAUTHORIZED, code, reason));
    }
}
