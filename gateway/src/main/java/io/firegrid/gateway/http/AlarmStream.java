package io.firegrid.gateway.http;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live alarm stream for consoles, as Server-Sent Events ({@code text/event-stream}).
 *
 * <p>On connect a client gets {@code event: snapshot} with a JSON array of all open alarms, then
 * {@code event: alarm} with one alarm each time one is raised or changes (the client replaces by
 * id), and a comment line every {@value #KEEPALIVE_MS} ms so proxies keep the connection open. A
 * browser's EventSource reconnects by itself and receives a fresh snapshot.
 */
final class AlarmStream {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmStream.class);

    /** Interval of keep-alive comments. */
    static final long KEEPALIVE_MS = 15_000;

    /** A console; {@code tenant} is the one it may see, {@code null} for all. */
    private record Client(HttpServerResponse response, Context context, String tenant) {
    }

    private final Vertx vertx;
    private final AlarmService alarms;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

    AlarmStream(Vertx vertx, AlarmService alarms) {
        this.vertx = vertx;
        this.alarms = alarms;
        alarms.addListener(this::broadcast);
    }

    int clientCount() {
        return clients.size();
    }

    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Client client = new Client(response, vertx.getOrCreateContext(), TenantScope.filter(ctx));
        clients.add(client);
        long timer = vertx.setPeriodic(KEEPALIVE_MS, id -> write(client, ": keepalive\n\n"));
        response.closeHandler(v -> {
            clients.remove(client);
            vertx.cancelTimer(timer);
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

    private void broadcast(Alarm alarm) {
        String frame = "event: alarm\ndata: " + AlarmJson.toJson(alarm) + "\n\n";
        for (Client c : clients) {
            if (c.tenant() != null && !c.tenant().equals(alarm.device().tenant())) {
                continue;
            }
            c.context().runOnContext(v -> write(c, frame));
        }
    }

    private static void write(Client c, String frame) {
        if (!c.response().closed() && !c.response().ended()) {
            c.response().write(frame);
        }
    }
}
