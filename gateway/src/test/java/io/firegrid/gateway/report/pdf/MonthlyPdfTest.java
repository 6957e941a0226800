package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/reports/monthly.pdf} against a gateway holding a seeded November
 * ({@link SeededMonth}), read back with PDFBox's own text extraction: the month, the alarm's
 * location in Chinese, figures computed from the seeded alarms, the isolation's reason; English
 * the same; a Chinese report on a machine without a Chinese font refused with the package to
 * install while English still works. {@code MonthlyPdfIT} reads the same PDFs with poppler.
 */
class MonthlyPdfTest {

    @TempDir
    Path dataDir;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final SeededMonth month = new SeededMonth();
    TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void chineseReportShowsTheMonthTheAlarmsWhereaboutsTheFiguresAndTheIsolation() throws Exception {
        start(c -> c);

        HttpResponse<byte[]> r = pdf("month=2026-11&lang=zh");

        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).contains("firegrid-monthly-2026-11-zh.pdf"));
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("微型消防站月度消防报告").contains("2026-11").contains(SeededMonth.SITE_NAME);
            assertThat(text).contains(month.firstLocationZh);
            // 45 s and 75 s to acknowledge: one of two within 60 s, median 60 s, worst 75 s
            assertThat(text).contains("火警 60 秒内受理 1 / 2 (50%)").contains("60 秒 / 75 秒");
            assertThat(text).contains("火警 180 秒内到场 1 / 2 (50%)");
            assertThat(text).contains(SeededMonth.ISOLATION_REASON).contains("误报").contains("演练");
            assertThat(pdf.getNumberOfPages()).isBetween(2, 6);
            assertThat(text).contains("第 1 / " + pdf.getNumberOfPages() + " 页");
            assertThat(fontsOf(pdf)).allSatisfy(f -> assertThat(f.getName()).matches("[A-Z]{6}\\+.*"))
                    .allSatisfy(f -> assertThat(f.isEmbedded()).isTrue());
        }
        // a subset of the 5 MiB font, not all of it
        assertThat(r.body().length).isLessThan(400_000);
    }

    @Test
    void englishReportShowsTheSameInEnglish() throws Exception {
        start(c -> c);

        HttpResponse<byte[]> r = pdf("month=2026-11&lang=en");

        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Micro fire station monthly fire safety report").contains("Month: 2026-11");
            assertThat(text).contains(month.firstLocationEn);
            assertThat(text).contains("Fire alarms acknowledged within 60 s 1 / 2 (50%)").contains("60 s / 75 s");
            assertThat(text).contains(SeededMonth.ISOLATION_REASON).contains("false alarm");
            assertThat(pdf.getNumberOfPages()).isBetween(2, 6);
        }
    }

    @Test
    void chineseReportWithoutAChineseFontIsRefusedNamingThePackageAndEnglishStillWorks() throws Exception {
        // GIVEN a machine where no Chinese font is found
        start(c -> c.withReportPdf(PdfOptions.DEFAULTS.withSearched(List.of())));

        // WHEN a Chinese report is asked for
        HttpResponse<byte[]> zh = pdf("month=2026-11&lang=zh");

        // THEN it is refused with what to install, and counted
        assertThat(zh.statusCode()).isEqualTo(503);
        JsonObject error = new JsonObject(new String(zh.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(error.getString("error")).isEqualTo("no-cjk-font");
        assertThat(error.getString("detail")).contains("apt-get install fonts-wqy-microhei")
                .contains(PdfOptions.FONT.name()).contains("lang=en");
        assertThat(gw.metric("firegrid_refused_total", "code", "no-cjk-font")).isEqualTo(1.0);
        // AND the English report is made with the built-in font
        HttpResponse<byte[]> en = pdf("month=2026-11&lang=en");
        assertThat(en.statusCode()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(en.body())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Month: 2026-11").contains("1 / 2 (50%)");
        }
    }

    @Test
    void aFontFileWithoutChineseGlyphsIsRefusedWithTheReason() throws Exception {
        Path dejavu = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(dejavu), "no DejaVu font here");
        start(c -> c.withReportPdf(PdfOptions.DEFAULTS.withFont(dejavu)));

        HttpResponse<byte[]> zh = pdf("month=2026-11&lang=zh");

        assertThat(zh.statusCode()).isEqualTo(503);
        assertThat(new String(zh.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("no-cjk-font")
                .contains("has no Chinese glyphs");
    }

    @Test
    void aLongListIsCutWithHowManyMore() throws Exception {
        start(c -> c.withReportPdf(PdfOptions.DEFAULTS.withMaxRows(1)));

        HttpResponse<byte[]> r = pdf("month=2026-11&lang=en");

        assertThat(r.statusCode()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            // three real alarms (two fires, a door held open), one listed
            assertThat(new PDFTextStripper().getText(pdf)).contains("and 2 more not listed (at most 1;");
        }
    }

    @Test
    void jsonCarriesTheChartsDataTheConsoleDraws() throws Exception {
        start(c -> c);

        HttpResponse<String> r = gw.get("/api/v1/reports/monthly?month=2026-11");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        JsonObject summary = body.getJsonObject("summary");
        assertThat(summary.getInteger("fire")).isEqualTo(2);
        assertThat(summary.getInteger("ackWithinTarget")).isEqualTo(1);
        assertThat(summary.getInteger("onSceneWithinTarget")).isEqualTo(1);
        assertThat(summary.getDouble("ackMedianSeconds")).isEqualTo(60.0);
        assertThat(summary.getInteger("doorConditions")).isEqualTo(1);
        assertThat(summary.getInteger("isolations")).isEqualTo(1);
        assertThat(summary.getInteger("drillAlarms")).isEqualTo(1);
        JsonArray bins = body.getJsonArray("responseTimes");
        assertThat(bins).hasSize(11);
        assertThat(bins.getJsonObject(1).getInteger("acknowledged")).isEqualTo(1); // 45 s
        assertThat(bins.getJsonObject(2).getInteger("acknowledged")).isEqualTo(1); // 75 s
        assertThat(bins.getJsonObject(5).getInteger("onScene")).isEqualTo(1); // 150 s
        assertThat(bins.getJsonObject(6).getInteger("onScene")).isEqualTo(1); // 200 s
        JsonArray days = body.getJsonArray("days");
        assertThat(days).hasSize(30);
        // the door was held open early on 12 November, Beijing time
        assertThat(days.getJsonObject(11).getInteger("doors")).isEqualTo(1);
        assertThat(days.stream().mapToInt(d -> ((JsonObject) d).getInteger("doors")).sum()).isEqualTo(1);
    }

    @Test
    void aReportForOneSiteHoldsThatSitesAlarmsAndIsolationsOnly() throws Exception {
        // a neighbouring site of the same tenant has one fire alarm in the month, and no isolation
        gw = TestGateway.start(dataDir, c -> c.withClock(month.clock));
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"hsy\",\"name\":\"和顺苑\",\"building\":\"2\",\"floors\":6}").statusCode())
                .isEqualTo(201);
        assertThat(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-8\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"hsy\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"F2\"}]}")
                .statusCode()).isEqualTo(201);
        try (io.firegrid.gateway.support.Mqtt5Device pi = io.firegrid.gateway.support.Mqtt5Device.connect(gw.mqttUri(),
                "pi-8@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", io.firegrid.gateway.support.Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode())
                    .isZero();
        }
        month.seed(gw);

        JsonObject all = summary("/api/v1/reports/monthly?month=2026-11");
        JsonObject xfl = summary("/api/v1/reports/monthly?month=2026-11&tenant=t1&site=xfl");
        JsonObject hsy = summary("/api/v1/reports/monthly?month=2026-11&tenant=t1&site=hsy");
        assertThat(all.getInteger("fire")).isEqualTo(3);
        assertThat(xfl.getInteger("fire")).isEqualTo(2);
        assertThat(xfl.getInteger("isolations")).isEqualTo(1);
        assertThat(hsy.getInteger("fire")).isEqualTo(1);
        assertThat(hsy.getInteger("isolations")).isZero();

        HttpResponse<byte[]> pdf = pdf("month=2026-11&lang=zh&tenant=t1&site=hsy");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).contains("firegrid-monthly-2026-11-hsy-zh.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("和顺苑").doesNotContain(SeededMonth.SITE_NAME).doesNotContain(SeededMonth.ISOLATION_REASON);
        }

        assertRefused(pdf("month=2026-11&site=hsy"), 400, "needs its tenant");
        assertRefused(pdf("month=2026-11&tenant=t1&site=nowhere"), 404, "has no site 'nowhere'");
    }

    private JsonObject summary(String path) {
        HttpResponse<String> r = gw.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("summary");
    }

    @Test
    void refusesBadRequestsWithTheReason() throws Exception {
        start(c -> c);

        assertRefused(pdf("month=2026-13"), 400, "'month' must be a month such as 2026-11");
        assertRefused(pdf("month=2027-01"), 400, "has not begun yet");
        assertRefused(pdf("month=2026-11&lang=fr"), 400, "lang must be zh");
        String installer = gw.issueToken(new JsonObject().put("name", "Installer Zhou").put("role", "installer")
                .put("tenant", "t1")).getString("token");
        assertRefused(send(installer, "/api/v1/reports/monthly.pdf?month=2026-11"), 403, "read reports");
    }

    // ------------------------------------------------------------------ helpers

    private void start(UnaryOperator<io.firegrid.gateway.app.GatewayConfig> settings) throws Exception {
        gw = TestGateway.start(dataDir, c -> settings.apply(c.withClock(month.clock)));
        month.seed(gw);
    }

    private HttpResponse<byte[]> pdf(String query) throws IOException, InterruptedException {
        return send(TestGateway.ADMIN_TOKEN, "/api/v1/reports/monthly.pdf?" + query);
    }

    private HttpResponse<byte[]> send(String token, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertRefused(HttpResponse<byte[]> r, int status, String detail) {
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(new JsonObject(body).getString("detail")).contains(detail);
    }

    private static List<PDFont> fontsOf(PDDocument pdf) throws IOException {
        List<PDFont> fonts = new java.util.ArrayList<>();
        for (PDPage page : pdf.getPages()) {
            for (var name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
        }
        return fonts;
    }
}
