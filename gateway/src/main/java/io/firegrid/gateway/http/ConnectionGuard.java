package io.firegrid.gateway.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits HTTP connections and watches each until its first request's headers are complete.
 *
 * <p>A connection beyond {@link HttpLimits#maxConnections()} is closed as soon as it is accepted,
 * before any request on it is served. A connection whose first request's headers have not been
 * read {@link HttpLimits#headerTimeoutSeconds()} after it was accepted is closed: Vert.x hands a
 * request over only once its headers are complete, so the deadline is absolute and a client that
 * trickles one byte at a time cannot extend it. Later requests on a kept-alive connection are
 * bounded by the idle timeout and the header size limit instead (a client must send one complete
 * request first). Refusals are counted in {@code firegrid_refused_total{protocol="http",
 * code="too-many-connections"|"header-timeout"}}; {@code firegrid_http_connections} shows how many
 * are open.
 *
 * <p>Thread model: each connection's handlers run on its event loop; the count and the table of
 * watched connections are shared between event loops.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections admitted, with their header deadline timer (-1 once their first request came). */
    private final Map<HttpConnection, Long> admitted = new ConcurrentHashMap<>();
    private final Counter refusedFull;
    private final Counter refusedSlow;

    ConnectionGuard(Vertx vertx, HttpLimits limits, MeterRegistry meters) {
        this.vertx = vertx;
        this.limits = limits;
        this.refusedFull = meters.counter("firegrid.refused", "protocol", "http", "code", "too-many-connections");
        this.refusedSlow = meters.counter("firegrid.refused", "protocol", "http", "code", "header-timeout");
        Gauge.builder("firegrid.http.connections", open, AtomicInteger::get)
                .description("HTTP connections open, live alarm streams included").register(meters);
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    /** For {@code HttpServer.connectionHandler}: admits or closes a new connection. */
    void connected(HttpConnection conn) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refusedFull.increment();
            LOG.debug("HTTP connection refused: {} open, the most allowed (FIREGRID_HTTP_MAX_CONNECTIONS) [from: {}]",
                    limits.maxConnections(), conn.remoteAddress());
            conn.close();
            return;
        }
        long timer = vertx.setTimer(limits.headerTimeoutSeconds() * 1000L, id -> {
            if (admitted.replace(conn, id, -1L)) {
                refusedSlow.increment();
                LOG.debug("HTTP connection closed: no complete request headers within {} s [from: {}]",
                        limits.headerTimeoutSeconds(), conn.remoteAddress());
                conn.close();
            }
        });
        admitted.put(conn, timer);
        conn.closeHandler(v -> {
            Long t = admitted.remove(conn);
            if (t != null) {
                vertx.cancelTimer(t);
                open.decrementAndGet();
            }
        });
    }

    /** Wraps the request handler: a request on an admitted connection ends its header deadline and goes on. */
    Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
        return request -> {
            HttpConnection conn = request.connection();
            Long timer = admitted.get(conn);
            if (timer == null) {
                // refused when accepted, or already closed: serve nothing on it
                conn.close();
                return;
            }
            if (timer >= 0 && admitted.replace(conn, timer, -1L)) {
                vertx.cancelTimer(timer);
            }
            next.handle(request);
        };
    }
}
