package io.firegrid.bench.report;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.Cause;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.gateway.report.MonthlyReport;
import io.firegrid.gateway.report.pdf.MonthlyPdf;
import io.firegrid.gateway.report.pdf.PdfOptions;
import io.firegrid.gateway.report.pdf.ReportFont;
import io.firegrid.protocol.DeviceId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * {@code ./firegrid bench pdf [--runs N] [--alarms A]}: CPU per monthly PDF, the rendering thread's
 * CPU time (stable on a loaded machine, unlike wall time), for a busy month (1,000 alarms, every third
 * a fire, 200 listed), in one run: English with the PDF's built-in font (the baseline: nothing read,
 * nothing embedded), Chinese with the font read for each report (as before the gateway kept it), and
 * Chinese with one {@link ReportFont} kept across reports, as the gateway does. Rounds alternate the
 * three so a change in the machine's load touches all alike. Prints the figures and the load average
 * for bench/README.md.
 */
public final class PdfCostBench {

    private PdfCostBench() {
    }

    public static int run(String[] args) throws Exception {
        int runs = 20;
        int alarms = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--alarms" -> alarms = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ./firegrid bench pdf [--runs N] [--alarms A]");
                    return 2;
                }
            }
        }
        MonthlyReport report = MonthlyReport.of(YearMonth.of(2026, 11), ZoneId.of("Asia/Shanghai"), alarms(alarms), List.of(),
                Instant.parse("2026-12-02T00:00:00Z"), "bench", "t1", List.of("幸福里小区"), 200);
        PdfOptions chinese = PdfOptions.DEFAULTS;
        PdfOptions builtIn = PdfOptions.DEFAULTS.withSearched(List.of());
        if (ReportFontProbe.missing(chinese)) {
            System.err.println("no Chinese font: apt-get install " + PdfOptions.FONT_PACKAGE);
            return 3;
        }
        System.out.printf(Locale.ROOT, "load average before: %s%n", loadavg());
        try (ReportFont kept = new ReportFont(chinese)) {
            List<Case> cases = List.of(
                    new Case("en, built-in Helvetica (baseline)", () -> MonthlyPdf.render(report, builtIn, false)),
                    new Case("zh, font read per report (before)", () -> MonthlyPdf.render(report, chinese, true)),
                    new Case("zh, font read once per gateway (now)", () -> MonthlyPdf.render(report, chinese, kept, true)));
            for (int warm = 0; warm < 5; warm++) {
                cases.forEach(c -> c.render.get());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < runs; r++) {
                for (Case c : cases) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    c.bytes = c.render.get().length;
                    c.cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
                }
            }
            double base = cases.get(0).cpuNanos / 1e6 / runs;
            System.out.printf(Locale.ROOT, "%d PDFs each, %d alarms (200 listed)%n", runs, alarms);
            for (Case c : cases) {
                double ms = c.cpuNanos / 1e6 / runs;
                System.out.printf(Locale.ROOT, "%-40s %8d bytes  %7.1f ms CPU per PDF  %5.2fx the baseline%n", c.name, c.bytes, ms,
                        ms / base);
            }
            System.out.printf(Locale.ROOT, "before / now (zh): %.2f%n", (double) cases.get(1).cpuNanos / cases.get(2).cpuNanos);
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadavg());
        return 0;
    }

    private static final class Case {
        final String name;
        final Supplier<byte[]> render;
        long cpuNanos;
        int bytes;

        Case(String name, Supplier<byte[]> render) {
            this.name = name;
            this.render = render;
        }
    }

    /** Whether no Chinese font is there, so the Chinese cases cannot run. */
    private static final class ReportFontProbe {
        static boolean missing(PdfOptions options) {
            return options.searched().stream().noneMatch(Files::isReadable) && options.font() == null;
        }
    }

    private static String loadavg() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** {@code n} resolved alarms spread over November: every third a fire, the rest doors held open. */
    private static List<Alarm> alarms(int n) {
        Instant start = Instant.parse("2026-10-31T16:00:00Z");
        Random random = new Random(1);
        List<Alarm> alarms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = start.plusSeconds(random.nextInt(29 * 86400));
            boolean fire = i % 3 == 0;
            List<Step> steps = List.of(new Step(AlarmState.RAISED, at, "gateway"),
                    new Step(AlarmState.ACKNOWLEDGED, at.plusSeconds(20 + random.nextInt(100)), "crew"),
                    new Step(AlarmState.ON_SCENE, at.plusSeconds(100 + random.nextInt(150)), "crew"),
                    new Step(AlarmState.RESOLVED, at.plusSeconds(400), "crew"));
            alarms.add(new Alarm(i, new DeviceId("t1", "pi-" + i % 40), fire ? "smoke-1" : "door-1", "site-1", "F" + i % 18,
                    fire ? AlarmClass.FIRE : AlarmClass.SUPERVISORY, fire ? "smoke" : "door-held-open", AlarmState.RESOLVED,
                    false, false, at, at, i, "mqtt", steps, fire ? Cause.FALSE_ALARM : Cause.CLEARED));
        }
        alarms.sort(Comparator.comparing(Alarm::raisedAt));
        return alarms;
    }
}
