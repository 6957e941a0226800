package io.firegrid.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the browser security headers on every response, API, console, errors and the live stream
 * alike, before any other handler runs (so a refusal carries them too).
 *
 * <p>{@code Content-Security-Policy} is the console's own policy (also in its page as a meta tag,
 * for a copy of the page opened from disk) plus {@code frame-ancestors 'none'}, which only a header
 * can carry: no other site may frame the console (click-jacking), and {@code X-Frame-Options: DENY}
 * says the same to older browsers. {@code Strict-Transport-Security} is sent only on HTTPS requests:
 * on plain HTTP a browser ignores it, and sent there it would promise HTTPS on a gateway that may
 * not serve it.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    /** The console page's meta-tag policy, with {@code frame-ancestors 'none'}. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** One year, the figure browsers' preload lists ask for. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    @Override
    public void handle(RoutingContext ctx) {
        apply(ctx.response().headers(), ctx.request().isSSL());
        ctx.next();
    }

    /** Adds the headers to {@code headers}; {@code https} tells whether the request came over TLS. */
    static void apply(MultiMap headers, boolean https) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Frame-Options", "DENY")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (https) {
            headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }
}
