package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crew console (module dashboards) in a real headless Chromium against a real gateway started
 * in-process: a device reports smoke over MQTT (Paho v5), the alarm card appears, the crew
 * acknowledges it in the page, and the API confirms the new state.
 *
 * <p>Needs Debian's {@code chromium} ({@code apt-get install chromium}) at {@code /usr/bin/chromium}
 * or at the path in system property {@value #CHROMIUM_PROPERTY}. Playwright is told never to
 * download a browser of its own. Screenshots go to {@code target/console-it.png} (Chinese) and
 * {@code target/console-it-en.png} (English).
 */
class ConsoleBrowserIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBrowserIT.class);

    static final String CHROMIUM_PROPERTY = "firegrid.chromium";
    private static final Path CHROMIUM = Path.of(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final Path TARGET = Path.of("target");
    private static final String ADMIN_TOKEN = "test-token";
    private static final String TENANT = "t1";
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    /** Generous for a loaded CI machine; the goal is well under a second. */
    private static final double CARD_TIMEOUT_MS = 5_000;

    @TempDir
    static Path dataDir;

    private static Gateway gateway;
    private static GatewayApi api;
    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startGatewayAndBrowser() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("no Chromium at %s: run 'apt-get install chromium' or pass -D%s=/path/to/chromium",
                        CHROMIUM, CHROMIUM_PROPERTY)
                .isTrue();
        gateway = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dataDir).withHttpPort(0).withMqttPort(0)
                .withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(0, 0))
                .withAdminToken(ADMIN_TOKEN).withBindHost("127.0.0.1"));
        api = new GatewayApi(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/"), ADMIN_TOKEN);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        LOG.info("browser test ready [chromium: {}, http: {}, mqtt: {}]", browser.version(), gateway.httpPort(),
                gateway.mqttPort());
    }

    @AfterAll
    static void stopBrowserAndGateway() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void newBrowserProfile() {
        // A phone-sized, Chinese-language profile with its own localStorage for every test.
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeBrowserProfile() {
        context.close();
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    @Test
    void crewAcknowledgesSmokeAlarmInConsole() throws Exception {
        // GIVEN a registered smoke detector and the console signed in from the demo's #token= link
        Device device = api.registerSmokeDetector(TENANT, "pi-ack", "smoke-1", "A");
        ConsolePage console = openConsole("#token=" + ADMIN_TOKEN);
        console.expectLive();

        // WHEN the device reports smoke over MQTT
        Instant acked = device.reportSmoke(1);

        // THEN its card appears as a raised fire alarm, with the Chinese labels
        Locator card = console.cardOfDevice("pi-ack");
        PlaywrightAssertions.assertThat(card).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(CARD_TIMEOUT_MS));
        LOG.info("alarm card shown [ms after PUBACK: {}]", Duration.between(acked, Instant.now()).toMillis());
        console.expectState(card, "raised", "新警情");
        PlaywrightAssertions.assertThat(card).hasAttribute("data-class", "fire");
        PlaywrightAssertions.assertThat(card.getByTestId("alarm-class")).hasText("火警");
        PlaywrightAssertions.assertThat(card.getByTestId("sensor")).hasText("smoke-1");
        PlaywrightAssertions.assertThat(card.getByTestId("zone")).hasText("A");
        PlaywrightAssertions.assertThat(card.getByTestId("timer")).containsText("/ 1:00");
        long id = Long.parseLong(card.getAttribute("data-alarm-id"));
        console.screenshot(TARGET.resolve("console-it.png"));

        // WHEN the crew member clicks Acknowledge
        card.getByTestId("ack-button").click();

        // THEN the card moves on, and so does the alarm in the gateway
        console.expectState(card, "acknowledged", "已受理");
        PlaywrightAssertions.assertThat(card.getByTestId("en-route-button")).isVisible();
        PlaywrightAssertions.assertThat(card.getByTestId("timer")).containsText("/ 3:00");
        assertThat(api.alarm(id).getString("state")).isEqualTo("acknowledged");
        PlaywrightAssertions.assertThat(console.page.getByTestId("notice")).isHidden();
        // AND the acknowledge timer has stopped: its figure stays while the on-scene timer runs on
        PlaywrightAssertions.assertThat(card.getByTestId("ack-took")).isVisible();
        String ackTook = card.getByTestId("ack-took").textContent();
        String running = card.getByTestId("timer").textContent();
        PlaywrightAssertions.assertThat(card.getByTestId("timer")).not().hasText(running);
        PlaywrightAssertions.assertThat(card.getByTestId("ack-took")).hasText(ackTook);

        // AND the English toggle relabels the same page
        console.page.getByTestId("lang-toggle").click();
        console.expectState(card, "acknowledged", "Acknowledged");
        PlaywrightAssertions.assertThat(card.getByTestId("en-route-button")).hasText("En route");
        console.screenshot(TARGET.resolve("console-it-en.png"));
    }

    @Test
    void acknowledgementMadeElsewhereReachesOpenConsole() throws Exception {
        // GIVEN a raised alarm on an open console
        Device device = api.registerSmokeDetector(TENANT, "pi-live", "smoke-1", "B");
        ConsolePage console = openConsole("#token=" + ADMIN_TOKEN);
        device.reportSmoke(1);
        Locator card = console.cardOfDevice("pi-live");
        console.expectState(card, "raised", "新警情");
        long id = Long.parseLong(card.getAttribute("data-alarm-id"));

        // WHEN another crew member acknowledges it through the API
        assertThat(api.post("api/v1/alarms/" + id + "/ack", new JsonObject()).statusCode()).isEqualTo(200);

        // THEN the stream updates the card without a reload
        console.expectState(card, "acknowledged", "已受理");
    }

    @Test
    void conflictDetailIsShownWhenAlarmWasAlreadyAcknowledged() throws Exception {
        // GIVEN a console whose live stream is refused (as by a broken proxy), so it falls back to
        // the alarm list and cannot learn that someone else acknowledged in the meantime
        Device device = api.registerSmokeDetector(TENANT, "pi-conflict", "smoke-1", "C");
        device.reportSmoke(1);
        long id = api.awaitOpenAlarmOf("pi-conflict").getLong("id");
        Page page = newPage();
        page.route("**/api/v1/alarms/stream**", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(503).setContentType("text/plain").setBody("stream unavailable")));
        ConsolePage console = open(page, "#token=" + ADMIN_TOKEN);
        PlaywrightAssertions.assertThat(page.getByTestId("connection")).hasAttribute("data-state", "reconnecting");
        Locator card = console.cardOfDevice("pi-conflict");
        console.expectState(card, "raised", "新警情");
        assertThat(api.post("api/v1/alarms/" + id + "/ack", new JsonObject()).statusCode()).isEqualTo(200);

        // WHEN this crew member clicks Acknowledge too
        card.getByTestId("ack-button").click();

        // THEN the gateway's 409 detail is shown word for word, and the card shows the real state
        PlaywrightAssertions.assertThat(page.getByTestId("notice")).isVisible();
        HttpResponse<String> conflict = api.post("api/v1/alarms/" + id + "/ack", new JsonObject());
        assertThat(conflict.statusCode()).isEqualTo(409);
        PlaywrightAssertions.assertThat(page.getByTestId("notice-text")).containsText("409");
        PlaywrightAssertions.assertThat(page.getByTestId("notice-text"))
                .containsText(new JsonObject(conflict.body()).getString("detail"));
        console.expectState(card, "acknowledged", "已受理");
    }

    @Test
    void cardSaysWhoWasNotified() throws Exception {
        // GIVEN a site in a grid cell covered by Station T, with a grid worker
        assertThat(api.post("api/v1/people", new JsonObject().put("tenant", TENANT).put("id", "gw-chen")
                .put("name", "Chen Jing").put("role", "grid-worker")).statusCode()).isEqualTo(201);
        assertThat(api.post("api/v1/stations", new JsonObject().put("tenant", TENANT).put("id", "station-t")
                .put("name", "Station T").put("location", new JsonObject().put("lat", 31.2).put("lon", 121.4)))
                .statusCode()).isEqualTo(201);
        assertThat(api.post("api/v1/cells", new JsonObject().put("tenant", TENANT).put("id", "cell-t")
                .put("station", "station-t").put("gridWorkers", new io.vertx.core.json.JsonArray().add("gw-chen")))
                .statusCode()).isEqualTo(201);
        assertThat(api.post("api/v1/sites", new JsonObject().put("tenant", TENANT).put("id", "told-site")
                .put("name", "Told site").put("cell", "cell-t").put("building", "3")).statusCode()).isEqualTo(201);
        Device device = api.registerSmokeDetector(TENANT, "pi-told", "smoke-1", "T", "told-site");
        ConsolePage console = openConsole("#token=" + ADMIN_TOKEN);
        console.expectLive();

        // WHEN its detector reports smoke
        device.reportSmoke(1);

        // THEN the card says the station and the grid worker were notified
        Locator card = console.cardOfDevice("pi-told");
        console.expectState(card, "raised", "新警情");
        PlaywrightAssertions.assertThat(card.getByTestId("told")).containsText("已通知");
        PlaywrightAssertions.assertThat(card.getByTestId("told")).containsText("Station T");
        PlaywrightAssertions.assertThat(card.getByTestId("told")).containsText("Chen Jing");
    }

    @Test
    void drillAlarmCardCarriesTheDrillBadgeInBothLanguages() throws Exception {
        // GIVEN a site in drill with a smoke detector, and a real detector elsewhere
        assertThat(api.post("api/v1/sites", new JsonObject().put("tenant", TENANT).put("id", "drill-site")
                .put("name", "Drill site").put("building", "9")).statusCode()).isEqualTo(201);
        assertThat(api.post("api/v1/sites/" + TENANT + "/drill-site/drill", new JsonObject().put("on", true))
                .statusCode()).isEqualTo(200);
        Device drill = api.registerSmokeDetector(TENANT, "pi-drill", "smoke-1", "D", "drill-site");
        Device real = api.registerSmokeDetector(TENANT, "pi-real", "smoke-1", "E");
        ConsolePage console = openConsole("#token=" + ADMIN_TOKEN);
        console.expectLive();

        // WHEN both report smoke
        drill.reportSmoke(1);
        real.reportSmoke(1);

        // THEN the drill card says so, first thing in its head; the real one does not
        Locator drillCard = console.cardOfDevice("pi-drill");
        console.expectState(drillCard, "raised", "新警情");
        PlaywrightAssertions.assertThat(drillCard).hasAttribute("data-drill", "true");
        PlaywrightAssertions.assertThat(drillCard.getByTestId("drill")).hasText("演练");
        Locator realCard = console.cardOfDevice("pi-real");
        console.expectState(realCard, "raised", "新警情");
        PlaywrightAssertions.assertThat(realCard).hasAttribute("data-drill", "false");
        PlaywrightAssertions.assertThat(realCard.getByTestId("drill")).hasCount(0);
        console.screenshot(TARGET.resolve("console-it-drill.png"));

        console.page.getByTestId("lang-toggle").click();
        PlaywrightAssertions.assertThat(drillCard.getByTestId("drill")).hasText("DRILL");
    }

    @Test
    void rejectedTokenLeadsBackToSignIn() {
        // GIVEN a link with a wrong token
        Page page = newPage();
        ConsolePage console = open(page, "#token=not-the-token");

        // THEN the sign-in form says why, and the token is not kept
        PlaywrightAssertions.assertThat(page.getByTestId("sign-in-form")).isVisible();
        PlaywrightAssertions.assertThat(page.getByTestId("sign-in-error")).isVisible();
        assertThat(page.evaluate("localStorage.getItem('firegrid.console.token')")).isNull();
        assertThat(page.url()).doesNotContain("not-the-token");

        // WHEN the right token is typed in
        page.getByTestId("token-input").fill(ADMIN_TOKEN);
        page.getByTestId("sign-in-button").click();

        // THEN the console goes live
        console.expectLive();
        PlaywrightAssertions.assertThat(page.getByTestId("sign-in-form")).isHidden();
    }

    @Test
    void revokingTheTokenSignsTheOpenConsoleOut() throws Exception {
        // GIVEN a console signed in with a crew member's own token
        HttpResponse<String> issued = api.post("api/v1/tokens", new JsonObject().put("name", "Li Wei").put("role", "crew"));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonObject token = new JsonObject(issued.body());
        Page page = newPage();
        ConsolePage console = open(page, "#token=" + token.getString("token"));
        console.expectLive();

        // WHEN an administrator revokes the token
        assertThat(api.delete("api/v1/tokens/" + token.getString("id")).statusCode()).isEqualTo(204);

        // THEN the gateway ends the stream and the console goes back to sign-in, forgetting the token
        PlaywrightAssertions.assertThat(page.getByTestId("sign-in-form")).isVisible();
        PlaywrightAssertions.assertThat(page.getByTestId("sign-in-error")).isVisible();
        assertThat(page.evaluate("localStorage.getItem('firegrid.console.token')")).isNull();
    }

    // ------------------------------------------------------------------ helper language

    private ConsolePage openConsole(String fragment) {
        return open(newPage(), fragment);
    }

    private Page newPage() {
        Page page = context.newPage();
        page.onPageError(error -> pageErrors.add(error));
        return page;
    }

    private ConsolePage open(Page page, String fragment) {
        page.navigate(api.base + fragment);
        return new ConsolePage(page);
    }

    /** The console as a crew member sees it. */
    private record ConsolePage(Page page) {

        void expectLive() {
            PlaywrightAssertions.assertThat(page.getByTestId("connection")).hasAttribute("data-state", "live");
        }

        /** The card of the device's open alarm, found by what the page shows (the exact device id). */
        Locator cardOfDevice(String device) {
            assertThat(device).as("device ids in these tests are plain").matches("[A-Za-z0-9._-]+");
            return page.getByTestId("alarm-card").filter(new Locator.FilterOptions()
                    .setHas(page.locator("[data-testid=device]:text-is('" + device + "')")));
        }

        void expectState(Locator card, String state, String label) {
            PlaywrightAssertions.assertThat(card.getByTestId("state")).hasAttribute("data-state", state);
            PlaywrightAssertions.assertThat(card.getByTestId("state")).hasText(label);
        }

        void screenshot(Path file) {
            page.screenshot(new Page.ScreenshotOptions().setPath(file));
        }
    }

    /** A registered device that speaks MQTT 5 to the gateway as {@code device@tenant}. */
    private record Device(String tenant, String id, String password, String sensor, int mqttPort) {

        /** Publishes one smoke alarm event at QoS 1; returns when the gateway's PUBACK arrived. */
        Instant reportSmoke(long seq) throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + mqttPort, id + "-it",
                    new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(id + "@" + tenant);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setConnectionTimeout(10);
            try {
                client.connect(options).waitForCompletion(10_000);
                JsonObject event = new JsonObject().put("ts", Instant.now().toString()).put("seq", seq)
                        .put("sensor", sensor).put("kind", "smoke").put("state", "alarm");
                MqttMessage message = new MqttMessage(event.encode().getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                IMqttToken token = client.publish("event", message);
                token.waitForCompletion(10_000);
                for (int reason : token.getReasonCodes() == null ? new int[0] : token.getReasonCodes()) {
                    assertThat(reason).as("PUBACK reason code of %s's smoke event", id).isLessThan(0x80);
                }
                return Instant.now();
            } finally {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close();
            }
        }
    }

    /** The gateway's HTTP API, as the admin. */
    private static final class GatewayApi {

        private final URI base;
        private final String token;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        GatewayApi(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        Device registerSmokeDetector(String tenant, String id, String sensor, String zone) throws IOException,
                InterruptedException {
            return registerSmokeDetector(tenant, id, sensor, zone, null);
        }

        Device registerSmokeDetector(String tenant, String id, String sensor, String zone, String site)
                throws IOException, InterruptedException {
            String password = "secret-" + id;
            JsonObject body = new JsonObject().put("tenant", tenant).put("id", id).put("password", password)
                    .put("site", site).put("sensors", new JsonArray().add(new JsonObject().put("id", sensor).put("kind", "smoke")
                            .put("zone", zone)));
            HttpResponse<String> response = post("api/v1/devices", body);
            assertThat(response.statusCode()).as("register %s: %s", id, response.body()).isEqualTo(201);
            return new Device(tenant, id, password, sensor, gateway.mqttPort());
        }

        JsonObject alarm(long id) throws IOException, InterruptedException {
            HttpResponse<String> response = get("api/v1/alarms/" + id);
            assertThat(response.statusCode()).as("GET alarm %d: %s", id, response.body()).isEqualTo(200);
            return new JsonObject(response.body());
        }

        JsonObject awaitOpenAlarmOf(String device) {
            return await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<String> response = get("api/v1/alarms?state=open");
                assertThat(response.statusCode()).isEqualTo(200);
                return new JsonArray(response.body()).stream().map(JsonObject.class::cast)
                        .filter(a -> device.equals(a.getString("device"))).findFirst().orElse(null);
            }, a -> a != null);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, JsonObject body) throws IOException, InterruptedException {
            return http.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> delete(String path) throws IOException, InterruptedException {
            return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token);
        }
    }
}
