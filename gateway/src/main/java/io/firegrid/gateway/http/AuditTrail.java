package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.audit.AuditEntry;
import io.firegrid.gateway.audit.AuditLog;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the API: the one handler, on every {@code /api/v1} call after the token is
 * checked, that records each change (every method but GET, HEAD and OPTIONS) once its answer is
 * sent: who, when, method, path, kind and ids, status. Refused calls are recorded too (their
 * status says so). Bodies and query strings are never kept, so no password, key or token reaches
 * the log. {@code GET /api/v1/audit?from=&to=&kind=&tenant=&limit=} (admin) reads it.
 */
public final class AuditTrail implements Handler<RoutingContext>, ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final String PREFIX = "/api/v1/";

    private final AuditLog log;
    private final Clock clock;
    private final Counter failures;

    public AuditTrail(AuditLog log, Clock clock, MeterRegistry meters) {
        this.log = log;
        this.clock = clock;
        this.failures = Counter.builder("firegrid.audit.failures")
                .description("API changes the audit log could not record (see the gateway's log)").register(meters);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        Principal who = BearerAuth.principal(ctx);
        if (who != null && m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS) {
            String path = ctx.normalizedPath();
            Instant at = clock.instant();
            ctx.addBodyEndHandler(v -> {
                String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
                int slash = rest.indexOf('/');
                AuditEntry e = new AuditEntry(0, at, who.name(), who.role().wireName(), tenant(who, rest), m.name(), path,
                        slash < 0 ? rest : rest.substring(0, slash), slash < 0 ? "" : rest.substring(slash + 1),
                        ctx.response().getStatusCode());
                log.record(e).onFailure(t -> {
                    failures.increment();
                    LOG.warn("audit entry not recorded [who: {}, method: {}, path: {}]", who.name(), m, path, t);
                });
            });
        }
        ctx.next();
    }

    /** The token's tenant, else the one the path names ({@code /devices/t1/...}), else none. */
    private static String tenant(Principal who, String rest) {
        if (who.tenant() != null) {
            return who.tenant();
        }
        String[] s = rest.split("/");
        return s.length >= 3 ? s[1] : null;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/audit"), Action.READ_AUDIT).handler(ctx -> {
            ZoneId zone = ReportRoutes.zone(ctx.request().getParam("tz"));
            Instant now = clock.instant();
            Instant to = ReportRoutes.time("to", ctx.request().getParam("to"), zone, now.plusSeconds(1));
            Instant from = ReportRoutes.time("from", ctx.request().getParam("from"), zone, to.minus(Duration.ofDays(30)));
            int limit;
            try {
                limit = Integer.parseInt(ctx.request().getParam("limit", "200"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > AuditLog.MAX_LIST) {
                throw FireGridException.badRequest("bad-parameter", "limit must be a number from 1 to " + AuditLog.MAX_LIST);
            }
            log.list(from, to, ctx.request().getParam("kind"), TenantScope.filter(ctx), limit).onSuccess(list -> {
                JsonArray arr = new JsonArray();
                list.forEach(e -> arr.add(new JsonObject().put("id", e.id()).put("at", e.at().toString()).put("who", e.who())
                        .put("role", e.role()).put("tenant", e.tenant()).put("method", e.method()).put("path", e.path())
                        .put("kind", e.kind()).put("target", e.target()).put("status", e.status())));
                JsonIo.send(ctx, 200, arr);
            }).onFailure(ctx::fail);
        });
    }
}
