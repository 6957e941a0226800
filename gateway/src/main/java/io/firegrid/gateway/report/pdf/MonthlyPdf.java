package io.firegrid.gateway.report.pdf;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.isolation.Isolation;
import io.firegrid.gateway.report.MonthlyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * The monthly report as a PDF a fire inspector can file: a cover (month, scope, sites, when and by
 * whom it was made, the rule it is measured against), the month's figures against the 60 s and
 * 180 s limits, two charts drawn here (the spread of fire alarms' response times with both limits,
 * the door and hydrant conditions of each day), the alarm list with class, location, cause and the
 * acknowledged, en route and on scene times, the isolations (what, why, who, from and until) and
 * the drill alarms. In Chinese ({@code zh}) or English, with the font of {@link ReportFonts}.
 *
 * <p>Blocking and CPU-bound (bench/README.md, "Monthly PDF report"): run it on a worker thread, never
 * on an event loop. Each call makes its own document; calls with one {@link ReportFont} take turns
 * with it, calls with their own may run at once.
 */
public final class MonthlyPdf {

    private static final float[] RED = {0.80f, 0.15f, 0.12f};
    private static final float[] BLUE = {0.16f, 0.38f, 0.70f};
    private static final float[] AMBER = {0.93f, 0.60f, 0.10f};

    private MonthlyPdf() {
    }

    /**
     * The PDF of {@code report} in Chinese ({@code chinese}) or English, its font read for this one
     * report (tests and tools; the gateway keeps one {@link ReportFont} and calls
     * {@link #render(MonthlyReport, PdfOptions, ReportFont, boolean)}). Fails with {@code UNAVAILABLE}
     * {@code no-cjk-font} when a Chinese report is asked for and no Chinese font is found.
     */
    public static byte[] render(MonthlyReport report, PdfOptions options, boolean chinese) {
        try (ReportFont font = new ReportFont(options)) {
            return render(report, options, font, chinese);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The PDF of {@code report} drawn with {@code font}, which the gateway reads once and keeps; the
     * report holds it while it is made ({@link ReportFont#use}). Fails as {@link ReportFont#use} does.
     */
    public static byte[] render(MonthlyReport report, PdfOptions options, ReportFont font, boolean chinese) {
        return font.use(chinese, ttf -> draw(report, options, ttf, chinese));
    }

    private static byte[] draw(MonthlyReport report, PdfOptions options, org.apache.fontbox.ttf.TrueTypeFont ttf,
                               boolean chinese) {
        ReportLabels l = ReportLabels.of(chinese);
        try (PDDocument doc = new PDDocument()) {
            ReportFonts fonts = ReportFonts.of(doc, ttf);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(l.w("title") + " " + report.month());
            info.setAuthor(report.generatedBy());
            info.setCreator("FireGrid");
            info.setCreationDate(java.util.GregorianCalendar.from(report.generatedAt().atZone(report.zone())));
            Sheet s = new Sheet(doc, fonts);
            cover(s, report, l);
            summary(s, report, l);
            charts(s, report, l);
            alarms(s, l.w("alarmList"), report.alarms(), report.alarmsLeftOut(), options.maxRows(), report, l, chinese);
            isolations(s, report, options.maxRows(), l);
            alarms(s, l.w("drillList"), report.drills(), report.drillsLeftOut(), options.maxRows(), report, l, chinese);
            s.finish((n, total) -> l.w("page").replace("{n}", n.toString()).replace("{total}", total.toString())
                    + "  ·  " + l.w("title") + " " + report.month());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cover(Sheet s, MonthlyReport r, ReportLabels l) {
        DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(r.zone());
        s.line(l.w("title"), 18);
        s.gap(6);
        s.line(l.w("month") + ": " + r.month(), 13);
        s.line(l.w("scope") + ": " + (r.scope() == null ? l.w("allTenants") : l.w("tenant") + " " + r.scope()), 10);
        s.paragraph(l.w("sites") + ": " + (r.sites().isEmpty() ? "-" : String.join(", ", r.sites())), 10);
        s.line(l.w("generatedAt") + ": " + when.format(r.generatedAt()) + " (" + l.w("timeZone") + " " + r.zone() + ")", 10);
        s.line(l.w("generatedBy") + ": " + r.generatedBy(), 10);
        s.gap(4);
        s.paragraph(l.w("rule"), 9);
        s.gap(8);
    }

    private static void summary(Sheet s, MonthlyReport r, ReportLabels l) {
        MonthlyReport.Summary m = r.summary();
        s.line(l.w("summary"), 13);
        s.gap(2);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {l.w("alarms"), m.alarms() + "  (" + l.w("fire") + " " + m.fire() + ", " + l.w("supervisory")
                + " " + m.supervisory() + ", " + l.w("trouble") + " " + m.trouble() + ")", ""});
        rows.add(new String[] {l.w("falseAlarms"), Integer.toString(m.falseAlarms()), ""});
        rows.add(new String[] {l.w("ackWithin"), share(m.ackWithinTarget(), m.fire()), l.w("allFires") + " " + l.w("ackLimit")});
        rows.add(new String[] {l.w("ackMedian"), seconds(m.ackMedianSeconds(), l) + " / " + seconds(m.ackWorstSeconds(), l),
                l.w("ackLimit")});
        rows.add(new String[] {l.w("sceneWithin"), share(m.onSceneWithinTarget(), m.fire()),
                l.w("allFires") + " " + l.w("sceneLimit")});
        rows.add(new String[] {l.w("sceneMedian"), seconds(m.onSceneMedianSeconds(), l) + " / "
                + seconds(m.onSceneWorstSeconds(), l), l.w("sceneLimit")});
        rows.add(new String[] {l.w("doorConditions"), m.doorConditions() + " / " + hours(m.doorHours()), ""});
        rows.add(new String[] {l.w("pressureConditions"), m.pressureConditions() + " / " + hours(m.pressureHours()), ""});
        rows.add(new String[] {l.w("isolations"), Integer.toString(m.isolations()), ""});
        rows.add(new String[] {l.w("isolatedAlarms"), Integer.toString(m.isolatedAlarms()), ""});
        rows.add(new String[] {l.w("drills"), Integer.toString(m.drillAlarms()), ""});
        s.table(new float[] {230, 165, 116}, new String[] {l.w("figure"), l.w("value"), l.w("limit")}, rows, 9);
        s.gap(10);
    }

    private static void charts(Sheet s, MonthlyReport r, ReportLabels l) {
        s.need(20 + 190 + 30);
        s.line(l.w("charts"), 13);
        responseChart(s, r, l);
        s.gap(14);
        conditionChart(s, r, l);
        s.gap(10);
    }

    /** Bars of 30 s: acknowledged (red) and on scene (blue) side by side, the 60 s and 180 s limits dashed. */
    private static void responseChart(Sheet s, MonthlyReport r, ReportLabels l) {
        List<MonthlyReport.Bin> bins = r.responseTimes();
        int max = Math.max(1, bins.stream().mapToInt(b -> Math.max(b.acknowledged(), b.onScene())).max().orElse(1));
        float height = 125;
        legend(s, l.w("responseChart"), l.w("acknowledged"), RED, l.w("onScene"), BLUE);
        float top = s.y() - 16;
        float bottom = s.reserve(height + 34) + 22;
        float left = Sheet.MARGIN + 28;
        float plotWidth = Sheet.TEXT_WIDTH - 34;
        float plotHeight = top - bottom;
        axes(s, left, bottom, plotWidth, plotHeight, max, l.w("count"));
        float slot = plotWidth / bins.size();
        for (int i = 0; i < bins.size(); i++) {
            MonthlyReport.Bin b = bins.get(i);
            float x = left + i * slot;
            bar(s, x + slot * 0.12f, bottom, slot * 0.36f, b.acknowledged() * plotHeight / max, RED);
            bar(s, x + slot * 0.52f, bottom, slot * 0.36f, b.onScene() * plotHeight / max, BLUE);
            String tick = b.toSeconds() == null ? b.fromSeconds() + "+" : Integer.toString(b.fromSeconds());
            s.stroke(x, bottom, x, bottom - 3, 0.2f);
            s.text(x - s.width(tick, 7) / 2, bottom - 11, 7, tick);
        }
        for (long limit : new long[] {Alarm.ACK_TARGET.toSeconds(), Alarm.ON_SCENE_TARGET.toSeconds()}) {
            float x = left + limit / (float) MonthlyReport.BIN_SECONDS * slot;
            s.dashed(x, bottom, x, top + 2, 0.1f, 0.1f, 0.1f);
            s.text(x + 3, top - 8, 8, limit + " s");
        }
        long unacked = r.summary().fire() - bins.stream().mapToInt(MonthlyReport.Bin::acknowledged).sum();
        long noScene = r.summary().fire() - bins.stream().mapToInt(MonthlyReport.Bin::onScene).sum();
        s.text(left, bottom - 21, 8, l.w("notReached").replace("{a}", Long.toString(unacked))
                .replace("{s}", Long.toString(noScene)));
    }

    /** One stacked bar a day: door conditions (amber) under hydrant pressure conditions (blue). */
    private static void conditionChart(Sheet s, MonthlyReport r, ReportLabels l) {
        List<MonthlyReport.Day> days = r.days();
        int max = Math.max(1, days.stream().mapToInt(d -> d.doors() + d.pressure()).max().orElse(1));
        float height = 105;
        s.need(height + 50);
        legend(s, l.w("conditionChart"), l.w("doors"), AMBER, l.w("pressure"), BLUE);
        float top = s.y() - 16;
        float bottom = s.reserve(height + 22) + 14;
        float left = Sheet.MARGIN + 28;
        float plotWidth = Sheet.TEXT_WIDTH - 34;
        float plotHeight = top - bottom;
        axes(s, left, bottom, plotWidth, plotHeight, max, l.w("count"));
        float slot = plotWidth / days.size();
        for (int i = 0; i < days.size(); i++) {
            MonthlyReport.Day d = days.get(i);
            float x = left + i * slot + slot * 0.15f;
            float doors = d.doors() * plotHeight / max;
            bar(s, x, bottom, slot * 0.7f, doors, AMBER);
            bar(s, x, bottom + doors, slot * 0.7f, d.pressure() * plotHeight / max, BLUE);
            if (i == 0 || (i + 1) % 5 == 0) {
                s.text(left + i * slot + 1, bottom - 10, 7, Integer.toString(i + 1));
            }
        }
    }

    /** The chart's title, then a coloured square and the name of each series. */
    private static void legend(Sheet s, String title, String first, float[] c1, String second, float[] c2) {
        float size = 10;
        s.line(title, size);
        float x = Sheet.MARGIN + s.width(title, size) + 14;
        for (int k = 0; k < 2; k++) {
            float[] c = k == 0 ? c1 : c2;
            String name = k == 0 ? first : second;
            s.fill(x, s.y() - 0.5f, 8, 8, c[0], c[1], c[2]);
            s.text(x + 11, s.y(), 8, name);
            x += 11 + s.width(name, 8) + 12;
        }
    }

    private static void axes(Sheet s, float left, float bottom, float width, float height, int max, String unit) {
        s.stroke(left, bottom, left + width, bottom, 0.2f);
        s.stroke(left, bottom, left, bottom + height, 0.2f);
        int step = Math.max(1, (int) Math.ceil(max / 4.0));
        for (int v = step; v <= max; v += step) {
            float y = bottom + v * height / max;
            s.stroke(left, y, left + width, y, 0.88f);
            s.text(left - 4 - s.width(Integer.toString(v), 7), y - 2, 7, Integer.toString(v));
        }
        s.text(left - 4 - s.width("0", 7), bottom - 2, 7, "0");
        s.text(left - 4 - s.width(unit, 7), bottom + height + 6, 7, unit);
    }

    private static void bar(Sheet s, float x, float y, float w, float h, float[] c) {
        if (h > 0) {
            s.fill(x, y, w, h, c[0], c[1], c[2]);
        }
    }

    private static void alarms(Sheet s, String title, List<MonthlyReport.Line> lines, int leftOut, int max,
                               MonthlyReport r, ReportLabels l, boolean chinese) {
        s.need(60);
        s.line(title, 13);
        s.gap(2);
        if (lines.isEmpty()) {
            s.line(l.w("none"), 9);
            s.gap(10);
            return;
        }
        DateTimeFormatter when = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT).withZone(r.zone());
        Function<MonthlyReport.Line, String> where = line -> {
            String text = chinese ? line.locationZh() : line.locationEn();
            return text != null ? text : line.device() + " " + line.sensor();
        };
        List<String[]> rows = lines.stream().map(a -> new String[] {Long.toString(a.id()), when.format(a.raisedAt()),
                l.alarmClass(a.alarmClass().wireName()), l.type(a.type()), where.apply(a), l.cause(a.cause()),
                seconds(a.ackSeconds(), l), seconds(a.enRouteSeconds(), l), seconds(a.onSceneSeconds(), l)}).toList();
        s.table(new float[] {30, 62, 36, 62, 165, 50, 36, 35, 35}, new String[] {l.w("no"), l.w("raised"), l.w("class"),
                l.w("type"), l.w("location"), l.w("cause"), l.w("ack"), l.w("enRoute"), l.w("scene")}, rows, 7.5f);
        more(s, leftOut, max, l);
        s.gap(10);
    }

    private static void isolations(Sheet s, MonthlyReport r, int max, ReportLabels l) {
        s.need(60);
        s.line(l.w("isolationList"), 13);
        s.gap(2);
        if (r.isolations().isEmpty()) {
            s.line(l.w("none"), 9);
            s.gap(10);
            return;
        }
        DateTimeFormatter when = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(r.zone());
        List<String[]> rows = new ArrayList<>();
        for (Isolation i : r.isolations()) {
            Instant end = i.endedAt() != null ? i.endedAt() : i.until();
            String ended = i.endedAt() == null ? (i.until().isAfter(r.generatedAt()) ? l.w("inForce") : l.w("expiry"))
                    : Isolation.EXPIRY.equals(i.endedBy()) ? l.w("expiry") : i.endedBy();
            rows.add(new String[] {i.device().device() + " " + (i.sensor() == null ? l.w("wholeDevice") : i.sensor()),
                    i.reason(), i.by(), when.format(i.from()), when.format(end), ended});
        }
        s.table(new float[] {100, 160, 70, 60, 60, 61}, new String[] {l.w("what"), l.w("reason"), l.w("by"), l.w("from"),
                l.w("until"), l.w("endedBy")}, rows, 7.5f);
        more(s, r.isolationsLeftOut(), max, l);
        s.gap(10);
    }

    private static void more(Sheet s, int leftOut, int max, ReportLabels l) {
        if (leftOut > 0) {
            s.line(l.w("more").replace("{n}", Integer.toString(leftOut)).replace("{max}", Integer.toString(max)), 8);
        }
    }

    private static String share(int within, int of) {
        return of == 0 ? "-" : within + " / " + of + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * within / of);
    }

    private static String seconds(Double seconds, ReportLabels l) {
        return seconds == null ? "-" : l.w("seconds").replace("{n}", String.format(Locale.ROOT, "%.0f", seconds));
    }

    /** Hours with one decimal, or whole minutes below one hour (a door held open for 3 minutes is not "0.0 h"). */
    private static String hours(double hours) {
        return hours >= 1 || hours == 0 ? String.format(Locale.ROOT, "%.1f h", hours)
                : String.format(Locale.ROOT, "%.0f min", Math.max(1, hours * 60));
    }
}
