package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly PDF read by programs an inspector's office would use: poppler's {@code pdftotext}
 * finds the month, the alarm's location in Chinese, the figures and the isolation's reason;
 * {@code pdfinfo} counts the pages and {@code pdffonts} shows the font embedded as a subset;
 * {@code pdftoppm} renders every page to PNG (kept in {@code target/monthly-report-*.png}).
 * Needs Debian's {@code poppler-utils} ({@code scripts/install-test-deps.sh}).
 */
class MonthlyPdfIT {

    private static final Path TARGET = Path.of("target");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    private static final SeededMonth MONTH = new SeededMonth();
    private static TestGateway gw;

    @BeforeAll
    static void startAndSeed() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/pdftotext")))
                .as("no pdftotext: run scripts/install-test-deps.sh (Debian's poppler-utils)").isTrue();
        gw = TestGateway.start(dataDir, c -> c.withClock(MONTH.clock));
        MONTH.seed(gw);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void chineseReportReadsBackWithPopplerAndRendersEveryPage() throws Exception {
        Path pdf = download("zh");

        String text = run("pdftotext", "-layout", "-enc", "UTF-8", pdf.toString(), "-");
        assertThat(text).contains("2026-11").contains(MONTH.firstLocationZh).contains(SeededMonth.ISOLATION_REASON);
        assertThat(text).containsPattern("火警 60 秒内受理\\s+1 / 2 \\(50%\\)");
        int pages = pages(pdf);
        assertThat(pages).isBetween(2, 6);
        assertThat(run("pdffonts", pdf.toString())).containsPattern("[A-Z]{6}\\+\\S*WenQuanYi\\S*\\s+CID TrueType\\s+Identity-H\\s+yes\\s+yes");
        assertThat(render(pdf, "monthly-report-zh")).hasSize(pages);
    }

    @Test
    void englishReportReadsBackWithPoppler() throws Exception {
        Path pdf = download("en");

        String text = run("pdftotext", "-layout", "-enc", "UTF-8", pdf.toString(), "-");
        assertThat(text).contains("Month: 2026-11").contains(MONTH.firstLocationEn).contains(SeededMonth.ISOLATION_REASON);
        assertThat(text).containsPattern("Fire alarms acknowledged within 60 s\\s+1 / 2 \\(50%\\)");
        assertThat(render(pdf, "monthly-report-en")).hasSize(pages(pdf));
    }

    private static Path download(String lang) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(gw.uri("/api/v1/reports/monthly.pdf?month=2026-11&lang=" + lang))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Files.createDirectories(TARGET);
        Path file = TARGET.resolve("monthly-report-" + lang + ".pdf");
        Files.write(file, r.body());
        return file;
    }

    private static int pages(Path pdf) throws Exception {
        String info = run("pdfinfo", pdf.toString());
        return Integer.parseInt(info.lines().filter(l -> l.startsWith("Pages:")).findFirst().orElseThrow()
                .substring("Pages:".length()).trim());
    }

    private static List<Path> render(Path pdf, String prefix) throws Exception {
        try (Stream<Path> old = Files.list(TARGET)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).toList()) {
                Files.delete(p);
            }
        }
        run("pdftoppm", "-png", "-r", "60", pdf.toString(), TARGET.resolve(prefix).toString());
        try (Stream<Path> pngs = Files.list(TARGET)) {
            List<Path> pages = pngs.filter(p -> p.getFileName().toString().matches(prefix + "-\\d+\\.png")).toList();
            for (Path p : pages) {
                assertThat(Files.size(p)).as("%s is an image", p).isGreaterThan(1000);
            }
            return pages;
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
