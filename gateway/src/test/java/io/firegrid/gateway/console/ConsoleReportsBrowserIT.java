package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.report.ConditionReport;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's site, device and report pages in a real headless Chromium against a real gateway:
 * a device sends hydrant readings and door changes over MQTT (Paho v5), a facility manager signs in,
 * finds the device in its site, reads the pressure chart with the site's thresholds drawn and the
 * door timeline, sees the queue without lifecycle buttons, and exports a report as CSV.
 *
 * <p>Needs Debian's {@code chromium} like {@link ConsoleBrowserIT}. Screenshots go to
 * {@code target/console-it-device.png}, {@code target/console-it-reports.png} and
 * {@code target/console-it-sites.png}; the downloaded CSV to {@code target/console-it-download.csv}.
 */
class ConsoleReportsBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final Path TARGET = Path.of("target");
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TempDir
    static Path dataDir;

    private static TestGateway gw;
    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startGatewayAndBrowser() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("no Chromium at %s: run 'apt-get install chromium' or pass -D%s=/path/to/chromium",
                        CHROMIUM, ConsoleBrowserIT.CHROMIUM_PROPERTY)
                .isTrue();
        gw = TestGateway.start(dataDir);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void stopBrowserAndGateway() {
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

    @BeforeEach
    void newBrowserProfile() {
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN").setTimezoneId("Asia/Shanghai").setAcceptDownloads(true));
        context.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeBrowserProfile() {
        context.close();
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    @Test
    void facilityManagerReadsPressureChartAndExportsCsv() throws Exception {
        // GIVEN a high-rise site (hydrants need 0.35 MPa) with a device whose hydrant and door report over MQTT
        created(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"tower-1\",\"name\":\"Tower 1\",\"building\":\"1\","
                + "\"floors\":18,\"limits\":{\"pressureLowMpa\":0.35,\"pressureHighMpa\":0.6}}"));
        created(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-hyd\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"tower-1\",\"sensors\":[{\"id\":\"hydrant-1\",\"kind\":\"pressure\",\"zone\":\"F1\"},"
                + "{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"F1\"}]}"));
        String manager = issue("Property Office", "facility-manager");
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-hyd@t1", TestGateway.PASSWORD)) {
            long seq = 0;
            for (double mpa : new double[] {0.36, 0.34, 0.30}) {
                accepted(pi.publish("telemetry", reading(++seq, mpa), 1));
            }
            accepted(pi.publish("event", door(++seq, "open"), 1));
            accepted(pi.publish("event", door(++seq, "closed"), 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor("pi-hyd", "hydrant-1").isPresent());

            // WHEN the facility manager signs in with the form
            Page page = newPage();
            page.navigate(gw.uri("/").toString());
            page.getByTestId("token-input").fill(manager);
            page.getByTestId("sign-in-button").click();

            // THEN the console knows the role: sites first, reports offered
            PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "facility-manager");
            PlaywrightAssertions.assertThat(page.getByTestId("nav")).hasAttribute("data-view", "sites");
            PlaywrightAssertions.assertThat(page.getByTestId("nav-reports")).isVisible();
            // AND the site shows the device in alarm (its hydrant is below the site's threshold), seen just now
            Locator row = page.locator("[data-testid=site][data-site=tower-1] [data-testid=site-device][data-device=pi-hyd]");
            PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "alarm");
            PlaywrightAssertions.assertThat(row.getByTestId("device-state")).hasText("报警");
            PlaywrightAssertions.assertThat(row.getByTestId("last-seen")).not().hasText("从未上线");
            page.screenshot(new Page.ScreenshotOptions().setPath(TARGET.resolve("console-it-sites.png")).setFullPage(true));

            // WHEN the manager opens the device
            row.getByTestId("device-link").click();

            // THEN the pressure chart shows the readings, with the site's thresholds drawn
            Locator chart = page.locator("[data-testid=pressure-chart][data-sensor=hydrant-1]");
            PlaywrightAssertions.assertThat(chart).isVisible();
            assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isBetween(1, 3);
            PlaywrightAssertions.assertThat(chart.getByTestId("chart-line")).hasCount(1);
            PlaywrightAssertions.assertThat(chart.getByTestId("threshold-low")).hasAttribute("data-value", "0.35");
            PlaywrightAssertions.assertThat(chart.getByTestId("threshold-high")).hasAttribute("data-value", "0.6");
            PlaywrightAssertions.assertThat(page.getByTestId("chart-legend")).containsText("场所设定");
            // AND the door timeline shows one open period between the two changes
            Locator timeline = page.locator("[data-testid=door-timeline][data-sensor=door-1]");
            PlaywrightAssertions.assertThat(timeline).hasAttribute("data-changes", "2");
            PlaywrightAssertions.assertThat(timeline.getByTestId("door-open")).hasCount(1);
            PlaywrightAssertions.assertThat(timeline.getByTestId("door-closed")).hasCount(1);
            page.screenshot(new Page.ScreenshotOptions().setPath(TARGET.resolve("console-it-device.png")).setFullPage(true));

            // AND the alarm queue shows the pressure alarm, but no lifecycle buttons for this role
            page.getByTestId("nav-queue").click();
            Locator card = page.getByTestId("alarm-card").filter(new Locator.FilterOptions()
                    .setHas(page.locator("[data-testid=device]:text-is('pi-hyd')")));
            PlaywrightAssertions.assertThat(card).hasAttribute("data-class", "supervisory");
            PlaywrightAssertions.assertThat(card.getByTestId("alarm-type")).hasText("水压过低");
            PlaywrightAssertions.assertThat(card.getByTestId("ack-button")).hasCount(0);

            // WHEN the manager opens the reports and exports the pressure excursions
            page.getByTestId("nav-reports").click();
            Locator report = page.locator("[data-testid=report][data-report=pressure-excursions]");
            PlaywrightAssertions.assertThat(report.getByTestId("report-row")).hasCount(1);
            PlaywrightAssertions.assertThat(report.getByTestId("report-row")).containsText("pi-hyd");
            PlaywrightAssertions.assertThat(page.locator("[data-testid=report][data-report=response-times]")
                    .getByTestId("report-row")).hasCount(1);
            page.screenshot(new Page.ScreenshotOptions().setPath(TARGET.resolve("console-it-reports.png")).setFullPage(true));
            Download download = page.waitForDownload(() -> report.getByTestId("export-csv").click());

            // THEN the file is the gateway's CSV of that excursion
            Path file = TARGET.resolve("console-it-download.csv");
            download.saveAs(file);
            assertThat(download.suggestedFilename()).startsWith("pressure-excursions-").endsWith(".csv");
            List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).isEqualTo(String.join(",", ConditionReport.CSV_HEADER));
            assertThat(lines.get(1)).contains(",t1,pi-hyd,hydrant-1,tower-1,,pressure-low,").contains(",true,,,false");
        }
    }

    @Test
    void refusedReportIsShownWithTheGatewaysReason() {
        // GIVEN a crew member whose report request is answered with an error by the gateway
        String crew = issue("Wang Fang", "crew");
        Page page = newPage();
        page.route("**/api/v1/reports/offline-devices**", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(400).setContentType("application/json")
                .setBody("{\"error\":\"bad-parameter\",\"detail\":\"'from' must be before 'to'\"}")));

        // WHEN the reports page is opened
        page.navigate(gw.uri("/#token=" + crew).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "crew");
        page.getByTestId("nav-reports").click();

        // THEN that report says why, and the others still show
        Locator offline = page.locator("[data-testid=report][data-report=offline-devices]");
        PlaywrightAssertions.assertThat(offline.getByTestId("report-error")).containsText("400");
        PlaywrightAssertions.assertThat(offline.getByTestId("report-error")).containsText("'from' must be before 'to'");
        PlaywrightAssertions.assertThat(page.locator("[data-testid=report][data-report=doors-held-open]")
                .getByTestId("report-summary")).isVisible();
    }

    @Test
    void installerIsOfferedNoReportsEvenByAddress() {
        // GIVEN an installer's token (reports are for crews and facility managers)
        String installer = issue("Installer Zhou", "installer");
        Page page = newPage();

        // WHEN the installer signs in and then types the reports page's address
        page.navigate(gw.uri("/#token=" + installer).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "installer");
        PlaywrightAssertions.assertThat(page.getByTestId("nav")).hasAttribute("data-view", "sites");
        page.navigate(gw.uri("/#/reports").toString());

        // THEN the reports tab is not offered and the console stays on the site page
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "installer");
        PlaywrightAssertions.assertThat(page.getByTestId("nav-reports")).isHidden();
        PlaywrightAssertions.assertThat(page.getByTestId("nav")).hasAttribute("data-view", "sites");
        PlaywrightAssertions.assertThat(page.getByTestId("reports-view")).isHidden();
    }

    // ------------------------------------------------------------------ helpers

    private Page newPage() {
        Page page = context.newPage();
        page.onPageError(pageErrors::add);
        return page;
    }

    private static String issue(String name, String role) {
        HttpResponse<String> r = gw.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role)
                .put("tenant", "t1").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void accepted(Mqtt5Device.Ack ack) {
        assertThat(ack.accepted()).as("PUBACK %s", ack).isTrue();
    }

    private static byte[] reading(long seq, double mpa) {
        return ("{\"ts\":\"" + Instant.now() + "\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                + "\"kind\":\"pressure\",\"value\":" + mpa + ",\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] door(long seq, String state) {
        return ("{\"ts\":\"" + Instant.now() + "\",\"seq\":" + seq + ",\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\""
                + state + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
