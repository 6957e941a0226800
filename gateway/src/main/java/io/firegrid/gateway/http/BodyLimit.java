package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared {@code Content-Length} is larger than the body limit, before any
 * of it is read, with 413 {@code too-large}; a chunked body is cut at the same limit by the API's
 * body handler, whose 413 {@link #counted} counts. Both are counted in
 * {@code firegrid_refused_total{protocol="http",code="too-large"}}.
 */
final class BodyLimit implements Handler<RoutingContext> {

    private final long maxBytes;
    private final Counter refused;
    private final java.util.List<Uploads.Upload> uploads;

    BodyLimit(long maxBytes, MeterRegistry meters) {
        this(maxBytes, meters, java.util.List.of());
    }

    /** As above, with the larger bounds of {@code uploads} for the requests they match. */
    BodyLimit(long maxBytes, MeterRegistry meters, java.util.List<Uploads.Upload> uploads) {
        this.maxBytes = maxBytes;
        this.uploads = uploads;
        this.refused = meters.counter("firegrid.refused", "protocol", "http", "code", "too-large");
    }

    @Override
    public void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            ctx.fail(FireGridException.badRequest("bad-content-length", "Content-Length must be a number of bytes"));
            return;
        }
        Uploads.Upload upload = uploads.stream().filter(u -> u.matches(ctx.request())).findFirst().orElse(null);
        if (declared > (upload == null ? maxBytes : upload.maxBytes())) {
            refused.increment();
            // the body is not read: close the connection after the answer rather than drain it
            ctx.response().putHeader("Connection", "close");
            ctx.fail(upload == null ? tooLarge(maxBytes) : upload.tooLarge().apply(declared));
            return;
        }
        ctx.next();
    }

    /** A failure handler that counts the body handler's 413 and passes every failure on. */
    void counted(RoutingContext ctx) {
        if (ctx.failure() == null && ctx.statusCode() == 413) {
            refused.increment();
        }
        ctx.next();
    }

    static FireGridException tooLarge(long maxBytes) {
        return new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large",
                "the request body is larger than " + maxBytes + " bytes, the most the gateway takes "
                        + "(FIREGRID_HTTP_MAX_BODY_BYTES)");
    }
}
