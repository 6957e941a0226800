package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's reports page in a real headless Chromium against a gateway holding a seeded
 * November ({@link SeededMonth}): a facility manager picks the month and sees the monthly report's
 * two charts, drawn from the same figures as the PDF (two fire alarms' acknowledgements and arrivals
 * against the 60 s and 180 s limits; the door held open on the 12th), and downloads the PDF.
 * Needs Debian's {@code chromium} like {@code ConsoleBrowserIT}. Screenshot:
 * {@code target/console-it-monthly.png}; the downloaded PDF: {@code target/console-it-monthly-zh.pdf}.
 */
class MonthlyReportConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("firegrid.chromium", "/usr/bin/chromium"));
    private static final Path TARGET = Path.of("target");

    @TempDir
    static Path dataDir;

    private static final SeededMonth MONTH = new SeededMonth();
    private static TestGateway gw;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void startGatewayAndBrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s: run 'apt-get install chromium'", CHROMIUM).isTrue();
        gw = TestGateway.start(dataDir, c -> c.withClock(MONTH.clock));
        // a neighbouring site of the tenant with one fire alarm in the month, never acknowledged
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"hsy\",\"name\":\"和顺苑\",\"building\":\"2\",\"floors\":6}")
                .statusCode()).isEqualTo(201);
        assertThat(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-8\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"hsy\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"F2\"}]}")
                .statusCode()).isEqualTo(201);
        try (io.firegrid.gateway.support.Mqtt5Device pi = io.firegrid.gateway.support.Mqtt5Device.connect(gw.mqttUri(),
                "pi-8@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", io.firegrid.gateway.support.Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode())
                    .isZero();
        }
        MONTH.seed(gw);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void facilityManagerSeesTheMonthsChartsAndDownloadsThePdf() throws Exception {
        // GIVEN a facility manager of the tenant, in a Chinese browser in Beijing time
        String manager = gw.issueToken(new JsonObject().put("name", "物业 李经理").put("role", "facility-manager")
                .put("tenant", "t1")).getString("token");
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(800, 1200)
                .setLocale("zh-CN").setTimezoneId("Asia/Shanghai").setAcceptDownloads(true))) {
            Page page = context.newPage();
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + manager).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "facility-manager");

            // WHEN the manager opens the reports and picks November
            page.getByTestId("nav-reports").click();
            Locator monthly = page.getByTestId("monthly-report");
            PlaywrightAssertions.assertThat(monthly.getByTestId("monthly-title")).hasText("月度报告");
            page.getByTestId("monthly-month").fill("2026-11");
            page.getByTestId("monthly-show").click();

            // THEN the response-time chart shows both fire alarms against the two limits
            PlaywrightAssertions.assertThat(monthly).hasAttribute("data-month", "2026-11");
            Locator response = page.getByTestId("monthly-response-chart");
            PlaywrightAssertions.assertThat(response.getByTestId("bar-ack")).hasCount(2);
            PlaywrightAssertions.assertThat(response.locator("[data-testid=bar-ack][data-from='30']"))
                    .hasAttribute("data-value", "1");
            PlaywrightAssertions.assertThat(response.locator("[data-testid=bar-ack][data-from='60']"))
                    .hasAttribute("data-value", "1");
            PlaywrightAssertions.assertThat(response.getByTestId("bar-on-scene")).hasCount(2);
            PlaywrightAssertions.assertThat(response.getByTestId("limit-ack")).hasAttribute("data-value", "60");
            PlaywrightAssertions.assertThat(response.getByTestId("limit-on-scene")).hasAttribute("data-value", "180");
            // AND the conditions chart has the month's 30 days, the door held open on the 12th
            Locator conditions = page.getByTestId("monthly-condition-chart");
            PlaywrightAssertions.assertThat(conditions).hasAttribute("data-days", "30");
            PlaywrightAssertions.assertThat(conditions.getByTestId("day-doors")).hasCount(1);
            PlaywrightAssertions.assertThat(conditions.getByTestId("day-doors")).hasAttribute("data-date", "2026-11-12");
            PlaywrightAssertions.assertThat(page.getByTestId("monthly-summary")).containsText("火警 3 起");
            PlaywrightAssertions.assertThat(page.getByTestId("monthly-summary")).containsText("60 秒内受理 1 起");

            // WHEN the manager narrows it to the compound the inspector visits
            page.getByTestId("monthly-site").selectOption("xfl");
            page.getByTestId("monthly-show").click();

            // THEN the neighbouring site's alarm is not counted
            PlaywrightAssertions.assertThat(monthly).hasAttribute("data-site", "xfl");
            PlaywrightAssertions.assertThat(page.getByTestId("monthly-summary")).containsText("火警 2 起");
            page.screenshot(new Page.ScreenshotOptions().setPath(TARGET.resolve("console-it-monthly.png")).setFullPage(true));

            // WHEN the manager downloads the Chinese PDF
            Download download = page.waitForDownload(() ->
                    page.locator("[data-testid=monthly-pdf][data-lang=zh]").click());

            // THEN it is the gateway's PDF of that month and site
            assertThat(download.suggestedFilename()).isEqualTo("firegrid-monthly-2026-11-xfl-zh.pdf");
            Path file = TARGET.resolve("console-it-monthly-zh.pdf");
            download.saveAs(file);
            assertThat(new String(Files.readAllBytes(file), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo("%PDF-");
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }
}
