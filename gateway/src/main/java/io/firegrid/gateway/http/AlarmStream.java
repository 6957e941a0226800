package io.firegrid.gateway.http;

import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmListener;
import io.firegrid.gateway.alarm.AlarmTrace;
import io.firegrid.gateway.ingest.AlarmPathTimers;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live alarm stream for consoles, as Server-Sent Events ({@code text/event-stream}).
 *
 * <p>On connect a client gets {@code event: snapshot} with a JSON array of all open alarms, then
 * {@code event: alarm} with one alarm each time one is raised or changes (the client replaces by
 * id), and a comment line every {@value #KEEPALIVE_MS} ms (or a third of the HTTP idle timeout,
 * when that is shorter) so that neither the gateway's idle timeout nor a proxy closes a quiet
 * stream. A browser's EventSource reconnects by itself and receives a fresh snapshot.
 *
 * <p>Bounded: at most {@link #DEFAULT_MAX_CLIENTS} streams are open at once (one more is answered
 * 503 {@code too-many-streams}), and a console that does not read what it is sent (more than
 * {@link #DEFAULT_MAX_PENDING_BYTES} waiting to be written) is disconnected rather than let grow
 * the gateway's memory: its browser reconnects and gets a fresh snapshot. Both are counted in
 * {@code firegrid_refused_total{protocol="http"}}.
 *
 * <p>A stream lives no longer than its token: revoking the token ({@link #revoked}) or reaching its
 * expiry ends the stream at once with a last {@code event: closed} frame whose data says why
 * ({@code {"reason":"token-revoked"}} or {@code "token-expired"}); the browser's reconnect is then
 * refused with 401. Counted in {@code firegrid_streams_closed_total{reason=...}}.
 */
final class AlarmStream {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmStream.class);

    /** Interval of keep-alive comments, at most. */
    static final long KEEPALIVE_MS = 15_000;
    /** Open streams at most: every console of a large community, with room for many more. */
    static final int DEFAULT_MAX_CLIENTS = 500;
    /** Bytes waiting to be written to one console before it counts as not reading. */
    static final int DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;

    /**
     * A console; {@code tenant} is the one it may see, {@code null} for all; {@code tokenId} the
     * issued token it was opened with ({@code null} for the gateway's admin token).
     */
    private record Client(HttpServerResponse response, Context context, String tenant, String tokenId) {
    }

    private final Vertx vertx;
    private final Clock clock;
    private final AlarmService alarms;
    private final MeterRegistry meters;
    private final int maxClients;
    private final long keepaliveMs;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Timer publishTimer;
    private final Timer streamTimer;

    AlarmStream(Vertx vertx, AlarmService alarms, MeterRegistry meters, Clock clock) {
        this(vertx, alarms, meters, clock, DEFAULT_MAX_CLIENTS);
    }

    AlarmStream(Vertx vertx, AlarmService alarms, MeterRegistry meters, Clock clock, int maxClients) {
        this(vertx, alarms, meters, clock, maxClients, KEEPALIVE_MS);
    }

    /** A stream that writes a keep-alive comment every {@code keepaliveMs}: less than the server's idle timeout. */
    AlarmStream(Vertx vertx, AlarmService alarms, MeterRegistry meters, Clock clock, int maxClients, long keepaliveMs) {
        this.keepaliveMs = keepaliveMs;
        this.vertx = vertx;
        this.clock = clock;
        this.alarms = alarms;
        this.meters = meters;
        this.maxClients = maxClients;
        this.publishTimer = AlarmPathTimers.timer(meters, "publish");
        this.streamTimer = AlarmPathTimers.timer(meters, "stream");
        alarms.addListener(new AlarmListener() {
            @Override
            public void changed(Alarm alarm) {
                broadcast(alarm, null);
            }

            @Override
            public void changed(Alarm alarm, AlarmTrace trace) {
                broadcast(alarm, trace);
            }
        });
    }

    /** The keep-alive interval for a server closing connections idle for {@code idleTimeoutSeconds}. */
    static long keepaliveFor(int idleTimeoutSeconds) {
        return Math.max(100, Math.min(KEEPALIVE_MS, idleTimeoutSeconds * 1000L / 3));
    }

    int clientCount() {
        return clients.size();
    }

    void handle(RoutingContext ctx) {
        if (clients.size() >= maxClients) {
            meters.counter("firegrid.refused", "protocol", "http", "code", "too-many-streams").increment();
            LOG.debug("live stream refused [from: {}, open: {}]", ctx.request().remoteAddress(), clients.size());
            ctx.fail(new FireGridException(FireGridException.Status.UNAVAILABLE, "too-many-streams",
                    maxClients + " live alarm streams are open, the most the gateway serves: close a console and retry"));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setWriteQueueMaxSize(DEFAULT_MAX_PENDING_BYTES);
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Principal who = BearerAuth.principal(ctx);
        Client client = new Client(response, vertx.getOrCreateContext(), TenantScope.filter(ctx), who.tokenId());
        clients.add(client);
        long timer = vertx.setPeriodic(keepaliveMs, id -> write(client, ": keepalive\n\n"));
        long expiry = who.expiresAt() == null ? -1 : vertx.setTimer(
                Math.max(1, Duration.between(clock.instant(), who.expiresAt()).toMillis()),
                id -> close(client, "token-expired"));
        response.closeHandler(v -> {
            clients.remove(client);
            vertx.cancelTimer(timer);
            if (expiry >= 0) {
                vertx.cancelTimer(expiry);
            }
        });
        write(client, "retry: 2000\n\n");
        alarms.open(client.tenant()).onComplete(ar -> {
            if (ar.succeeded()) {
                write(client, "event: snapshot\ndata: " + AlarmJson.toJson(ar.result()) + "\n\n");
            } else {
                LOG.warn("cannot send alarm snapshot to a console", ar.cause());
                clients.remove(client);
                response.reset();
            }
        });
    }

    /** Ends, at once, every stream opened with the token {@code tokenId}: it was revoked. */
    void revoked(String tokenId) {
        for (Client c : clients) {
            if (tokenId.equals(c.tokenId())) {
                c.context().runOnContext(v -> close(c, "token-revoked"));
            }
        }
    }

    private void close(Client c, String reason) {
        if (!clients.remove(c)) {
            return;
        }
        meters.counter("firegrid.streams.closed", "reason", reason).increment();
        LOG.debug("live stream closed [token: {}, reason: {}]", c.tokenId(), reason);
        HttpServerResponse response = c.response();
        if (!response.closed() && !response.ended()) {
            response.end("event: closed\ndata: {\"reason\":\"" + reason + "\"}\n\n");
        }
    }

    /**
     * Sends {@code alarm} to every console that may see it. A change made by a device's event also
     * carries where its time went, as one comment line before the event ({@code : path received=...
     * queue=... commit=... publish=... batch=... stream=...}, microseconds; browsers ignore
     * comments): {@code stream} is from the listeners being told to this console's frame being
     * written. The frame is written at once when this thread is the console's event loop, else
     * handed to it.
     */
    private void broadcast(Alarm alarm, AlarmTrace trace) {
        String frame = "event: alarm\ndata: " + AlarmJson.toJson(alarm) + "\n\n";
        String path = trace == null ? null : ": path " + trace.text() + " stream=";
        if (trace != null) {
            publishTimer.record(trace.publishedNanos() - trace.committedNanos(), TimeUnit.NANOSECONDS);
        }
        Context here = Vertx.currentContext();
        for (Client c : clients) {
            if (c.tenant() != null && !c.tenant().equals(alarm.device().tenant())) {
                continue;
            }
            if (c.context() == here) {
                writeAlarm(c, frame, path, trace);
            } else {
                c.context().runOnContext(v -> writeAlarm(c, frame, path, trace));
            }
        }
    }

    private void writeAlarm(Client c, String frame, String path, AlarmTrace trace) {
        if (trace == null) {
            write(c, frame);
            return;
        }
        long stream = System.nanoTime() - trace.publishedNanos();
        streamTimer.record(stream, TimeUnit.NANOSECONDS);
        write(c, path + stream / 1_000 + "\n" + frame);
    }

    private void write(Client c, String frame) {
        HttpServerResponse response = c.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.writeQueueFull()) {
            // the console does not read: drop it rather than hold every alarm for it
            clients.remove(c);
            meters.counter("firegrid.refused", "protocol", "http", "code", "stream-not-reading").increment();
            LOG.debug("live stream closed: the console does not read what it is sent");
            response.reset();
            return;
        }
        response.write(frame);
    }
}
