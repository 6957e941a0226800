package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.isolation.Isolation;
import io.firegrid.gateway.isolation.IsolationService;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.report.MonthlyReport;
import io.firegrid.gateway.report.pdf.MonthlyPdf;
import io.firegrid.gateway.report.pdf.PdfOptions;
import io.firegrid.gateway.report.pdf.ReportFont;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The monthly report for the fire inspector (docs/reports.md):
 * <ul>
 * <li>{@code GET /api/v1/reports/monthly.pdf?month=2026-11&lang=zh|en&tz=Asia/Shanghai&site=xfl}: the PDF
 *     ({@link MonthlyPdf}), as a download named {@code firegrid-monthly-2026-11-zh.pdf} (with a site:
 *     {@code firegrid-monthly-2026-11-xfl-zh.pdf});</li>
 * <li>{@code GET /api/v1/reports/monthly?month=&tz=&site=}: the same figures and chart data as JSON, which
 *     the console's reports page draws.</li>
 * </ul>
 * {@code month} defaults to the last full month, {@code lang} to {@code zh}, {@code tz} to
 * Asia/Shanghai; a token bound to a tenant gets that tenant's report. {@code site} narrows it to one
 * site of the tenant (the token's, or {@code tenant=}): its alarms and the isolations of its devices.
 * Refuses a malformed month or one not begun yet, another language, a site without a tenant (400
 * {@code bad-parameter}), a site the tenant does not have (404 {@code unknown-site}); a Chinese PDF on a machine without
 * a Chinese font (503 {@code no-cjk-font}, naming the package to install); and a PDF while
 * {@value #MAX_PDFS} are being made or waiting (503 {@code report-busy}). Refusals are counted in
 * {@code firegrid_refused_total{protocol="http"}}.
 *
 * <p>PDFs are made on one worker thread of their own ({@link PdfQueue}), never on an event loop, one
 * at a time: a report never takes more than one core, and a burst of downloads waits or is refused.
 */
public final class MonthlyReportRoutes implements ApiRoutes {

    /** PDFs being made or waiting for the report thread before another is refused. */
    static final int MAX_PDFS = 4;

    private final PdfQueue pdfs;
    private final AlarmService alarms;
    private final IsolationService isolations;
    private final Function<String, List<Site>> sites;
    private final Function<DeviceId, Optional<String>> siteOfDevice;
    private final PdfOptions options;
    /** The report font, read at the first PDF and kept for the gateway's life. */
    private final ReportFont font;
    private final Clock clock;
    private final MeterRegistry meters;

    /**
     * @param sites        the sites of a tenant ({@code null}: of every tenant), named on the cover
     * @param siteOfDevice a device's site now, which places its isolations when a report is for one site
     */
    public MonthlyReportRoutes(Vertx vertx, AlarmService alarms, IsolationService isolations,
                               Function<String, List<Site>> sites, Function<DeviceId, Optional<String>> siteOfDevice,
                               PdfOptions options, Clock clock, MeterRegistry meters) {
        this.pdfs = new PdfQueue(vertx, MAX_PDFS, meters);
        this.alarms = alarms;
        this.isolations = isolations;
        this.sites = sites;
        this.siteOfDevice = siteOfDevice;
        this.options = options;
        this.font = new ReportFont(options);
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/reports/monthly.pdf"), Action.READ_REPORTS).handler(this::pdf);
        needs(router.get("/api/v1/reports/monthly"), Action.READ_REPORTS).handler(this::json);
    }

    private void pdf(RoutingContext ctx) {
        String lang = ctx.request().getParam("lang", "zh");
        if (!lang.equals("zh") && !lang.equals("en")) {
            throw FireGridException.badRequest("bad-parameter", "lang must be zh (Chinese, the default) or en, not '"
                    + lang + "'");
        }
        Request req = request(ctx);
        pdfs.enter();
        report(ctx, req)
                .onFailure(t -> pdfs.leave())
                .compose(report -> pdfs.run(() -> MonthlyPdf.render(report, options, font, lang.equals("zh"))))
                .onSuccess(bytes -> {
                    meters.counter("firegrid.report.pdf", "lang", lang).increment();
                    ctx.response().putHeader("Content-Type", "application/pdf")
                            .putHeader("Content-Disposition", "attachment; filename=\"firegrid-monthly-" + req.month()
                                    + (req.site() == null ? "" : "-" + req.site()) + "-" + lang + ".pdf\"")
                            .end(Buffer.buffer(bytes));
                })
                .onFailure(t -> {
                    if (t instanceof FireGridException f && f.code().equals("no-cjk-font")) {
                        meters.counter("firegrid.refused", "protocol", "http", "code", f.code()).increment();
                    }
                    ctx.fail(t);
                });
    }

    private void json(RoutingContext ctx) {
        Request req = request(ctx);
        report(ctx, req).onSuccess(r -> JsonIo.send(ctx, 200, json(r))).onFailure(ctx::fail);
    }

    private record Request(YearMonth month, ZoneId zone, String tenant, String site, String by) {
    }

    private Request request(RoutingContext ctx) {
        ZoneId zone = ReportRoutes.zone(ctx.request().getParam("tz"));
        Instant now = clock.instant();
        String text = ctx.request().getParam("month");
        YearMonth month = text == null ? YearMonth.from(now.atZone(zone)).minusMonths(1)
                : MonthlyReport.month(text, zone, now);
        String tenant = TenantScope.filter(ctx);
        String site = ctx.request().getParam("site");
        if (site != null) {
            if (tenant == null) {
                throw FireGridException.badRequest("bad-parameter", "site '" + site + "' needs its tenant: add tenant=");
            }
            if (sites.apply(tenant).stream().noneMatch(s -> s.id().equals(site))) {
                throw FireGridException.notFound("unknown-site", "tenant " + tenant + " has no site '" + site
                        + "'; GET /api/v1/sites lists them");
            }
        }
        return new Request(month, zone, tenant, site, BearerAuth.principal(ctx).name());
    }

    private Future<MonthlyReport> report(RoutingContext ctx, Request req) {
        Instant from = MonthlyReport.start(req.month(), req.zone());
        Instant to = MonthlyReport.end(req.month(), req.zone());
        Future<List<Alarm>> raised = alarms.raisedBetween(from, to, req.tenant()).map(list -> req.site() == null ? list
                : list.stream().filter(a -> req.site().equals(a.site())).toList());
        Future<List<Isolation>> isolated = isolations.during(from, to).map(list -> list.stream()
                .filter(i -> req.tenant() == null || req.tenant().equals(i.device().tenant()))
                .filter(i -> req.site() == null || siteOfDevice.apply(i.device()).filter(req.site()::equals).isPresent())
                .toList());
        List<String> siteNames = sites.apply(req.tenant()).stream()
                .filter(s -> req.site() == null || s.id().equals(req.site()))
                .map(s -> s.name() == null || s.name().isBlank() ? s.id() : s.name()).toList();
        return Future.all(raised, isolated).map(done -> MonthlyReport.of(req.month(), req.zone(), raised.result(),
                isolated.result(), clock.instant(), req.by(), req.tenant(), siteNames, options.maxRows()));
    }

    /** The figures and chart data of {@code r}, without the lists (the PDF and the CSV exports have them). */
    static JsonObject json(MonthlyReport r) {
        MonthlyReport.Summary m = r.summary();
        JsonArray bins = new JsonArray();
        r.responseTimes().forEach(b -> bins.add(new JsonObject().put("fromSeconds", b.fromSeconds())
                .put("toSeconds", b.toSeconds()).put("acknowledged", b.acknowledged()).put("onScene", b.onScene())));
        JsonArray days = new JsonArray();
        r.days().forEach(d -> days.add(new JsonObject().put("date", d.date().toString()).put("doors", d.doors())
                .put("pressure", d.pressure()).put("doorHours", d.doorHours()).put("pressureHours", d.pressureHours())));
        return new JsonObject().put("month", r.month().toString()).put("from", r.from().toString())
                .put("to", r.to().toString()).put("zone", r.zone().getId()).put("tenant", r.scope())
                .put("ackTargetSeconds", Alarm.ACK_TARGET.toSeconds())
                .put("onSceneTargetSeconds", Alarm.ON_SCENE_TARGET.toSeconds())
                .put("summary", new JsonObject().put("alarms", m.alarms()).put("fire", m.fire())
                        .put("supervisory", m.supervisory()).put("trouble", m.trouble()).put("falseAlarms", m.falseAlarms())
                        .put("ackMedianSeconds", m.ackMedianSeconds()).put("ackWorstSeconds", m.ackWorstSeconds())
                        .put("ackWithinTarget", m.ackWithinTarget()).put("onSceneMedianSeconds", m.onSceneMedianSeconds())
                        .put("onSceneWorstSeconds", m.onSceneWorstSeconds()).put("onSceneWithinTarget", m.onSceneWithinTarget())
                        .put("doorConditions", m.doorConditions()).put("pressureConditions", m.pressureConditions())
                        .put("doorHours", m.doorHours()).put("pressureHours", m.pressureHours())
                        .put("isolations", m.isolations()).put("drillAlarms", m.drillAlarms())
                        .put("isolatedAlarms", m.isolatedAlarms()))
                .put("responseTimes", bins).put("days", days)
                .put("alarmsListed", r.alarms().size()).put("alarmsLeftOut", r.alarmsLeftOut());
    }

}
