package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.Cause;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.gateway.report.MonthlyReport;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report font is read once per gateway and shared safely by reports made at once. */
class ReportFontTest {

    private static final Path WQY = PdfOptions.CJK_FONTS.get(0);

    @TempDir
    Path dir;

    @Test
    void reportsMadeAtOnceShareOneReadingOfTheFontAndEachEmbedsItsOwnSubset() throws Exception {
        assertThat(Files.isReadable(WQY)).as("Debian's %s (scripts/install-test-deps.sh)", PdfOptions.FONT_PACKAGE).isTrue();
        MonthlyReport report = report("东侧走廊");
        try (ReportFont font = new ReportFont(PdfOptions.DEFAULTS)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<byte[]>> pdfs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean chinese = i % 2 == 0;
                pdfs.add(pool.submit(() -> MonthlyPdf.render(report, PdfOptions.DEFAULTS, font, chinese)));
            }
            for (int i = 0; i < pdfs.size(); i++) {
                try (PDDocument doc = Loader.loadPDF(pdfs.get(i).get())) {
                    String text = new PDFTextStripper().getText(doc);
                    assertThat(text).contains("幸福里小区").contains(i % 2 == 0 ? "微型消防站月度消防报告" : "2026-11");
                    PDFont f = doc.getPage(0).getResources().getFont(doc.getPage(0).getResources().getFontNames().iterator().next());
                    assertThat(f.getName()).as("a subset of the font, in every PDF").matches("[A-Z]{6}\\+.*");
                }
            }
            pool.shutdown();
            assertThat(font.reads()).as("the font file read and parsed once for eight reports").isEqualTo(1);
        }
    }

    @Test
    void aFontInstalledAfterAReportWasRefusedIsUsedWithoutARestart() throws Exception {
        Path later = dir.resolve("wqy-microhei.ttc");
        PdfOptions options = PdfOptions.DEFAULTS.withSearched(List.of(later));
        try (ReportFont font = new ReportFont(options)) {
            assertThatThrownBy(() -> MonthlyPdf.render(report("x"), options, font, true))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("no-cjk-font"));
            assertThat(MonthlyPdf.render(report("x"), options, font, false)).as("English without it").isNotEmpty();

            Files.copy(WQY, later);

            try (PDDocument doc = Loader.loadPDF(MonthlyPdf.render(report("东侧走廊"), options, font, true))) {
                assertThat(new PDFTextStripper().getText(doc)).contains("幸福里小区");
            }
            assertThat(font.reads()).isEqualTo(1);
        }
    }

    private static MonthlyReport report(String location) {
        Instant at = Instant.parse("2026-11-10T02:00:00Z");
        List<Step> steps = List.of(new Step(AlarmState.RAISED, at, "gateway"),
                new Step(AlarmState.ACKNOWLEDGED, at.plusSeconds(45), "crew"),
                new Step(AlarmState.ON_SCENE, at.plusSeconds(150), "crew"),
                new Step(AlarmState.RESOLVED, at.plusSeconds(400), "crew"));
        Alarm alarm = new Alarm(1, new DeviceId("t1", "pi-1"), "smoke-1", "site-1", location, AlarmClass.FIRE, "smoke",
                AlarmState.RESOLVED, false, false, at, at, 1, "mqtt", steps, Cause.FALSE_ALARM);
        return MonthlyReport.of(YearMonth.of(2026, 11), ZoneId.of("Asia/Shanghai"), List.of(alarm), List.of(),
                Instant.parse("2026-12-02T00:00:00Z"), "test", "t1", List.of("幸福里小区"), 200);
    }
}
