package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the fire is, in a real headless Chromium against a real gateway: two detectors of one zone,
 * registered with their building, unit, floor and label, go into alarm over MQTT (Paho v5); the
 * crew reads the location line, the largest text on the raised card, in Chinese and after the
 * language switch in English, with both detectors' places once the second confirms; the site's
 * address and map link are there, and the site page groups the devices by building and floor.
 *
 * <p>Needs Debian's {@code chromium} like {@link ConsoleBrowserIT}. Screenshot:
 * {@code target/console-it-location.png}.
 */
class ConsoleLocationBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TempDir
    static Path dataDir;

    private static TestGateway gw;
    private static Playwright playwright;
    private static Browser browser;

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

    @Test
    void crewReadsWhereTheFireIsInBothLanguages() throws Exception {
        // GIVEN a site with an address and coordinates, and two detectors of zone B on floor 3 of building 7, unit 2
        created(gw.post("/api/v1/sites", """
                {"tenant":"t1","id":"demo-site","name":"示范小区","building":"7","buildings":["8"],"floors":18,
                 "basementFloors":2,"address":"上海市浦东新区金桥路88号","location":{"lat":31.2335,"lon":121.5862}}"""));
        created(gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-b1","password":"%s","site":"demo-site",
                 "location":{"building":"7","unit":2,"floor":3},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"B","location":{"label":"东侧走廊"}},
                            {"id":"smoke-2","kind":"smoke","zone":"B","location":{"label":"电梯厅"}}]}"""
                .formatted(TestGateway.PASSWORD)));
        created(gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-pump","password":"%s","site":"demo-site",
                 "location":{"building":"7","floor":"B1","label":"水泵房"},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"P"}]}""".formatted(TestGateway.PASSWORD)));
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultTimeout(15_000);
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        Page page = context.newPage();
        page.onPageError(pageErrors::add);
        page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("console")).isVisible();

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-b1@t1", TestGateway.PASSWORD)) {
            // WHEN the first detector goes into alarm
            assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();

            // THEN the raised card leads with the place, in Chinese, larger than anything else on it
            Locator card = page.locator("[data-testid=alarm-card][data-state=raised]").first();
            Locator line = card.getByTestId("location-line");
            PlaywrightAssertions.assertThat(line).hasText("示范小区 7栋 2单元 3层 东侧走廊 烟感");
            assertThat(fontSize(line)).isGreaterThan(fontSize(card.getByTestId("alarm-class")))
                    .isGreaterThan(fontSize(card.getByTestId("device")));
            PlaywrightAssertions.assertThat(card.getByTestId("site-address")).hasText("上海市浦东新区金桥路88号");
            PlaywrightAssertions.assertThat(card.getByTestId("map-link")).hasAttribute("href",
                    java.util.regex.Pattern.compile("^https://uri\\.amap\\.com/marker\\?position=121\\.5862,31\\.2335.*coordinate=wgs84"));
            PlaywrightAssertions.assertThat(card.getByTestId("copy-address")).hasText("复制地址");
            // the ids follow the place
            PlaywrightAssertions.assertThat(card.getByTestId("device")).hasText("pi-b1");

            // WHEN the second detector of the zone confirms
            assertThat(pi.publish("event", Bodies.smoke(2, "smoke-2", "alarm"), 1).accepted()).isTrue();
        }

        // THEN its card names both places
        Locator second = page.locator("[data-testid=alarm-card][data-state=raised]:has([data-testid=sensor]:text-is('smoke-2'))");
        PlaywrightAssertions.assertThat(second.getByTestId("location-line"))
                .hasText("示范小区 7栋 2单元 3层 电梯厅 烟感；确认：7栋 2单元 3层 东侧走廊 烟感");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-location.png")).setFullPage(true));

        // WHEN the crew switches the console to English
        page.getByTestId("lang-toggle").click();

        // THEN the same line reads in English, with the map on OpenStreetMap
        PlaywrightAssertions.assertThat(second.getByTestId("location-line")).hasText("示范小区, Bldg 7, Unit 2, Floor 3, "
                + "电梯厅, smoke detector; confirmed by Bldg 7, Unit 2, Floor 3, 东侧走廊, smoke detector");
        Locator first = page.locator("[data-testid=alarm-card][data-state=raised]:has([data-testid=sensor]:text-is('smoke-1'))");
        PlaywrightAssertions.assertThat(first.getByTestId("location-line"))
                .hasText("示范小区, Bldg 7, Unit 2, Floor 3, 东侧走廊, smoke detector; confirmed by Bldg 7, Unit 2, Floor 3, "
                        + "电梯厅, smoke detector");
        PlaywrightAssertions.assertThat(first.getByTestId("map-link")).hasAttribute("href",
                "https://www.openstreetmap.org/?mlat=31.2335&mlon=121.5862#map=18/31.2335/121.5862");
        PlaywrightAssertions.assertThat(first.getByTestId("copy-address")).hasText("Copy address");

        // AND the site page groups the devices by building and floor, highest floor first, with the address
        page.navigate(gw.uri("/#/sites").toString());
        Locator site = page.locator("[data-testid=site][data-site=demo-site]");
        PlaywrightAssertions.assertThat(site.getByTestId("site-page-address")).containsText("上海市浦东新区金桥路88号");
        PlaywrightAssertions.assertThat(site.locator("[data-testid=site-device] td:first-child"))
                .hasText(new String[] {"Bldg 7 · Floor 3", "Bldg 7 · Floor B1"});
        await().atMost(Duration.ofSeconds(5)).until(pageErrors::isEmpty);
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
        context.close();
    }

    private static double fontSize(Locator l) {
        return Double.parseDouble(String.valueOf(l.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")));
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
