package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.report.ConditionReport;
import io.firegrid.gateway.report.ResponseReport;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&group=month|site|station|class|alarm
 * &drill=exclude|only|include&format=json|csv}: alarm counts and response times against the 1- and
 * 3-minute targets. {@code from} and {@code to} are dates (the day starts at midnight in {@code tz},
 * default Asia/Shanghai) or ISO instants; {@code to} is exclusive. {@code drill} chooses real alarms
 * ({@code exclude}), drill alarms ({@code only}) or both ({@code include}). Defaults: the last 30
 * days, grouped by month, real alarms only, JSON.
 *
 * <p>{@code GET /api/v1/reports/doors-held-open|pressure-excursions|offline-devices} take the same
 * {@code from}, {@code to}, {@code tz}, {@code drill} and {@code format} and list the conditions
 * ({@link ConditionReport}); any other report name is 404 {@code unknown-report}.
 */
public final class ReportRoutes implements ApiRoutes {

    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private final AlarmService alarms;
    private final java.util.function.Function<io.firegrid.gateway.alarm.Alarm, String> stationOf;
    private final java.time.Clock clock;

    /**
     * @param stationOf the micro fire station responsible for an alarm's site (for
     *                  {@code group=station}), {@code "(no station)"} when none is
     */
    public ReportRoutes(AlarmService alarms, java.util.function.Function<io.firegrid.gateway.alarm.Alarm, String> stationOf) {
        this(alarms, stationOf, java.time.Clock.systemUTC());
    }

    /** @param clock the gateway's clock: a condition still open is counted up to its "now" */
    public ReportRoutes(AlarmService alarms, java.util.function.Function<io.firegrid.gateway.alarm.Alarm, String> stationOf,
                        java.time.Clock clock) {
        this.alarms = alarms;
        this.stationOf = stationOf;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/reports/response-times"), Action.READ_REPORTS).handler(this::responseTimes);
        needs(router.get("/api/v1/reports/:report"), Action.READ_REPORTS).handler(this::conditions);
    }

    /**
     * {@code GET /api/v1/reports/doors-held-open|pressure-excursions|offline-devices?from=&to=&tz=&drill=&format=}:
     * one row per alarm of those types raised in the period, with how long the condition lasted
     * ({@link ConditionReport}). Same parameters and defaults as response-times, without {@code group}.
     */
    private void conditions(RoutingContext ctx) {
        ConditionReport.Kind kind = ConditionReport.Kind.fromWire(ctx.pathParam("report"));
        ZoneId zone = zone(ctx.request().getParam("tz"));
        Instant now = clock.instant();
        Instant to = time("to", ctx.request().getParam("to"), zone, now);
        Instant from = time("from", ctx.request().getParam("from"), zone, to.minusSeconds(30L * 24 * 3600));
        if (!from.isBefore(to)) {
            throw FireGridException.badRequest("bad-parameter", "'from' must be before 'to'");
        }
        ResponseReport.Drills drills = ResponseReport.Drills.fromWire(
                ctx.request().getParam("drill", ResponseReport.Drills.DEFAULT.wireName()));
        String format = format(ctx);
        Instant periodEnd = to.isAfter(now) ? now : to;
        alarms.raisedBetween(from, to, TenantScope.filter(ctx)).onSuccess(list -> {
            var rows = ConditionReport.rows(list, kind, drills, periodEnd);
            if (format.equals("csv")) {
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + kind.wireName() + ".csv\"")
                        .end(ConditionReport.csv(rows));
                return;
            }
            JsonArray arr = new JsonArray();
            double total = 0;
            for (ConditionReport.Row r : rows) {
                total += r.durationSeconds();
                arr.add(new JsonObject().put("alarm", r.alarm()).put("tenant", r.tenant()).put("device", r.device())
                        .put("sensor", r.sensor()).put("site", r.site()).put("zone", r.zone()).put("type", r.type())
                        .put("raisedAt", r.raisedAt().toString())
                        .put("endedAt", r.endedAt() == null ? null : r.endedAt().toString())
                        .put("durationSeconds", r.durationSeconds()).put("open", r.open()).put("resolvedBy", r.resolvedBy())
                        .put("cause", r.cause()).put("drill", r.drill()).put("locationText", r.locationZh() == null ? null
                                : new JsonObject().put("zh", r.locationZh()).put("en", r.locationEn())));
            }
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("report", kind.wireName()).put("from", from.toString()).put("to", to.toString())
                    .put("drill", drills.wireName()).put("types", new JsonArray(kind.types().stream().sorted().toList()))
                    .put("count", rows.size()).put("open", rows.stream().filter(ConditionReport.Row::open).count())
                    .put("totalSeconds", total).put("rows", arr).encode());
        }).onFailure(ctx::fail);
    }

    private static String format(RoutingContext ctx) {
        String format = ctx.request().getParam("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw FireGridException.badRequest("bad-parameter", "format must be json or csv");
        }
        return format;
    }

    private void responseTimes(RoutingContext ctx) {
        ZoneId zone = zone(ctx.request().getParam("tz"));
        Instant to = time("to", ctx.request().getParam("to"), zone, Instant.now());
        Instant from = time("from", ctx.request().getParam("from"), zone, to.minusSeconds(30L * 24 * 3600));
        if (!from.isBefore(to)) {
            throw FireGridException.badRequest("bad-parameter", "'from' must be before 'to'");
        }
        ResponseReport.Grouping grouping = ResponseReport.Grouping.fromWire(ctx.request().getParam("group", "month"));
        ResponseReport.Drills drills = ResponseReport.Drills.fromWire(
                ctx.request().getParam("drill", ResponseReport.Drills.DEFAULT.wireName()));
        String format = format(ctx);
        alarms.raisedBetween(from, to, TenantScope.filter(ctx)).onSuccess(list -> {
            var rows = ResponseReport.rows(list, drills, grouping, zone, stationOf);
            if (format.equals("csv")) {
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"response-times.csv\"")
                        .end(ResponseReport.csv(rows));
                return;
            }
            JsonArray arr = new JsonArray();
            rows.forEach(r -> arr.add(JsonObject.mapFrom(r)));
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("from", from.toString()).put("to", to.toString()).put("group", grouping.name().toLowerCase())
                    .put("drill", drills.wireName())
                    .put("ackTargetSeconds", 60).put("onSceneTargetSeconds", 180).put("rows", arr).encode());
        }).onFailure(ctx::fail);
    }

    static ZoneId zone(String tz) {
        if (tz == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            throw FireGridException.badRequest("bad-parameter", "tz '" + tz + "' is not a time zone such as Asia/Shanghai");
        }
    }

    static Instant time(String name, String value, ZoneId zone, Instant dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw FireGridException.badRequest("bad-parameter", "'" + name + "' must be a date such as 2026-11-01 "
                    + "or an instant such as 2026-11-01T00:00:00Z");
        }
    }
}
