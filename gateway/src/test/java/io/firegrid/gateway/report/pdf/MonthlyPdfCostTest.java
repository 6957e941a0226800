package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.Cause;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.gateway.report.MonthlyReport;
import io.firegrid.protocol.DeviceId;
import java.lang.management.ManagementFactory;
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
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one monthly PDF costs: CPU time of the rendering thread per PDF (stable on a loaded machine,
 * unlike wall time), pages and bytes, for a busy month (1,000 alarms, 200 listed), Chinese against
 * English (built-in font, nothing embedded) as the baseline of the same run. Prints the figures for
 * bench/README.md; asserts only that the PDFs are what they should be. Run with
 * {@code -Dfiregrid.pdf.cost=true}.
 */
@EnabledIfSystemProperty(named = "firegrid.pdf.cost", matches = "true")
class MonthlyPdfCostTest {

    @Test
    void cpuPerPdfForABusyMonth() throws Exception {
        MonthlyReport report = MonthlyReport.of(YearMonth.of(2026, 11), ZoneId.of("Asia/Shanghai"), alarms(1000), List.of(),
                Instant.parse("2026-12-02T00:00:00Z"), "bench", "t1", List.of("幸福里小区"), 200);
        PdfOptions english = PdfOptions.DEFAULTS.withSearched(List.of());
        measure("en (warm-up)", report, english, false);
        measure("zh (warm-up)", report, PdfOptions.DEFAULTS, true);
        double en = measure("en", report, english, false);
        double zh = measure("zh", report, PdfOptions.DEFAULTS, true);
        System.out.printf(Locale.ROOT, "zh / en CPU: %.2f; load average: %s%n", zh / en,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static double measure(String what, MonthlyReport report, PdfOptions options, boolean chinese) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        int runs = 20;
        byte[] pdf = null;
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) {
            pdf = MonthlyPdf.render(report, options, chinese);
        }
        double ms = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / runs;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isBetween(4, 8);
            System.out.printf(Locale.ROOT, "%s: %d pages, %d bytes, %.1f ms CPU per PDF%n", what, doc.getNumberOfPages(),
                    pdf.length, ms);
        }
        return ms;
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
