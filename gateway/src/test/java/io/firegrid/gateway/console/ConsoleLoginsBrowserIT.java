package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's login blocks page in a real headless Chromium against a real gateway: device names
 * and an address are blocked by real failed MQTT logins (Paho v5 and a raw client bound to
 * 127.0.0.2), an administrator sees them and lifts one with its button, a tenant's administrator
 * sees only that tenant's names, and a crew member is not offered the page.
 *
 * <p>Needs Debian's {@code chromium} like {@link ConsoleBrowserIT}. A screenshot of the page goes
 * to {@code target/console-it-logins.png}.
 */
class ConsoleLoginsBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final Path TARGET = Path.of("target");
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    /** A name is blocked at its 3rd failure, an address at its 30th; short delays, blocks of 15 minutes. */
    private static final LoginLimits LIMITS = LoginLimits.DEFAULTS.withThresholds(2, 3, 20, 30).withTimes(20, 100, 900);
    private static final int BAD_CREDENTIALS = 0x86;
    private static final int BANNED = 0x8A;
    /** Text as a compromised or buggy gateway could send it: the page must show it as text, never as markup. */
    private static final String HOSTILE_NAME = "<img src=x onerror=window.injected=1>@t2";

    private static Playwright playwright;
    private static Browser browser;

    @TempDir
    Path dataDir;

    private TestGateway gw;
    private BrowserContext context;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBrowser() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("no Chromium at %s: run 'apt-get install chromium' or pass -D%s=/path/to/chromium",
                        CHROMIUM, ConsoleBrowserIT.CHROMIUM_PROPERTY)
                .isTrue();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void startGatewayAndProfile() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withLogins(LIMITS));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultTimeout(15_000);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (gw != null) {
            gw.close();
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    @Test
    void adminSeesBlocksFromFailedMqttLoginsAndLiftsOneWithTheButton() throws Exception {
        // GIVEN pi-1@t1 and a made-up ghost@t2 blocked by wrong passwords over MQTT 5, and 127.0.0.2 by a name scan
        blockName("pi-1@t1");
        blockName("ghost@t2");
        blockAddress("127.0.0.2");
        assertThat(gw.metric("firegrid_login_blocks", "kind", "device")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_login_blocks", "kind", "address")).isEqualTo(1.0);

        // WHEN the gateway's administrator opens the console and the login blocks page
        Page page = newPage();
        page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "admin");
        PlaywrightAssertions.assertThat(page.getByTestId("nav-logins")).hasText("登录封锁");
        page.getByTestId("nav-logins").click();

        // THEN every block is listed with its kind, name or address, failures, end and time left
        PlaywrightAssertions.assertThat(page.getByTestId("nav")).hasAttribute("data-view", "logins");
        PlaywrightAssertions.assertThat(page.getByTestId("login-block")).hasCount(3);
        Locator pi = block(page, "device", "pi-1@t1");
        PlaywrightAssertions.assertThat(pi.getByTestId("block-kind")).hasText("设备");
        PlaywrightAssertions.assertThat(pi.getByTestId("block-key")).hasText("pi-1@t1");
        PlaywrightAssertions.assertThat(pi.getByTestId("block-failures")).hasText("3");
        String until = blocks(TestGateway.ADMIN_TOKEN).stream().map(JsonObject.class::cast)
                .filter(b -> b.getString("key").equals("pi-1@t1")).findFirst().orElseThrow().getString("until");
        PlaywrightAssertions.assertThat(pi.getByTestId("block-until")).hasAttribute("datetime", until);
        PlaywrightAssertions.assertThat(pi.getByTestId("block-until")).hasText(Pattern.compile("^\\d\\d:\\d\\d:\\d\\d$"));
        PlaywrightAssertions.assertThat(pi.getByTestId("block-left")).hasText(Pattern.compile("^还剩 1[45]:\\d\\d$"));
        PlaywrightAssertions.assertThat(block(page, "address", "127.0.0.2").getByTestId("block-kind")).hasText("地址");
        PlaywrightAssertions.assertThat(page.getByTestId("logins-empty")).isHidden();
        page.screenshot(new Page.ScreenshotOptions().setPath(TARGET.resolve("console-it-logins.png")).setFullPage(true));

        // WHEN the administrator lifts pi-1's block with its button
        pi.getByTestId("lift-button").click();

        // THEN its row disappears, the others stay, and the gateway no longer blocks it
        PlaywrightAssertions.assertThat(pi).hasCount(0);
        PlaywrightAssertions.assertThat(page.getByTestId("login-block")).hasCount(2);
        PlaywrightAssertions.assertThat(block(page, "device", "ghost@t2")).hasCount(1);
        JsonArray left = blocks(TestGateway.ADMIN_TOKEN);
        assertThat(left.stream().map(b -> ((JsonObject) b).getString("key")))
                .containsExactlyInAnyOrder("ghost@t2", "127.0.0.2");
        assertThat(gw.metric("firegrid_login_blocks", "kind", "device")).isEqualTo(1.0);
        // AND pi-1 logs in again with its right password
        MqttClient device = gw.connect("pi-1@t1");
        assertThat(device.isConnected()).isTrue();
        device.disconnect();
        device.close();
        PlaywrightAssertions.assertThat(page.getByTestId("notice")).isHidden();

        // WHEN the English page is shown
        page.getByTestId("lang-toggle").click();

        // THEN the labels follow
        PlaywrightAssertions.assertThat(page.getByTestId("nav-logins")).hasText("Login blocks");
        PlaywrightAssertions.assertThat(block(page, "address", "127.0.0.2").getByTestId("lift-button")).hasText("Lift");
        PlaywrightAssertions.assertThat(block(page, "device", "ghost@t2").getByTestId("block-left"))
                .hasText(Pattern.compile("^1[45]:\\d\\d left$"));

        // WHEN another name is blocked while the page stays open
        blockName("bystander@t1");

        // THEN it appears without anyone touching the page (the page re-reads every 15 s)
        PlaywrightAssertions.assertThat(block(page, "device", "bystander@t1"))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(25_000));
    }

    @Test
    void tenantAdminSeesOnlyItsTenantsNamesAndTheEmptyStateOnceLifted() throws Exception {
        // GIVEN a name of tenant t1 and one of t2 blocked, and an admin token scoped to t1
        blockName("pi-1@t1");
        blockName("ghost@t2");
        String t1Admin = issue("Station admin", "admin", "t1");

        // WHEN that admin opens the login blocks page by its address
        Page page = newPage();
        page.navigate(gw.uri("/#token=" + t1Admin).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "admin");
        page.navigate(gw.uri("/#/logins").toString());

        // THEN only t1's name is listed, and the page says why
        PlaywrightAssertions.assertThat(page.getByTestId("login-block")).hasCount(1);
        PlaywrightAssertions.assertThat(block(page, "device", "pi-1@t1")).hasCount(1);
        PlaywrightAssertions.assertThat(page.getByTestId("logins-hint")).containsText("t1");

        // WHEN it lifts that block
        block(page, "device", "pi-1@t1").getByTestId("lift-button").click();

        // THEN the page says that no device or address is blocked, and t2's block is still in force
        PlaywrightAssertions.assertThat(page.getByTestId("logins-empty")).isVisible();
        PlaywrightAssertions.assertThat(page.getByTestId("logins-empty")).hasText("当前没有被封锁的设备或地址。");
        PlaywrightAssertions.assertThat(page.getByTestId("login-blocks")).isHidden();
        assertThat(blocks(t1Admin)).isEmpty();
        assertThat(blocks(TestGateway.ADMIN_TOKEN).stream().map(b -> ((JsonObject) b).getString("key")))
                .containsExactly("ghost@t2");
    }

    @Test
    void crewIsNotOfferedLoginBlocksEvenByAddress() throws Exception {
        // GIVEN a block in force and a crew member's token
        blockName("pi-1@t1");
        String crew = issue("Wang Fang", "crew", null);

        // WHEN the crew member signs in and then types the page's address
        Page page = newPage();
        page.navigate(gw.uri("/#token=" + crew).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "crew");
        page.navigate(gw.uri("/#/logins").toString());

        // THEN there is no entry, the console stays on the queue, and no block was read
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "crew");
        PlaywrightAssertions.assertThat(page.getByTestId("nav-reports")).isVisible();
        PlaywrightAssertions.assertThat(page.getByTestId("nav-logins")).isHidden();
        PlaywrightAssertions.assertThat(page.getByTestId("nav")).hasAttribute("data-view", "queue");
        PlaywrightAssertions.assertThat(page.getByTestId("logins-view")).isHidden();
        PlaywrightAssertions.assertThat(page.getByTestId("login-block")).hasCount(0);
        // AND the gateway refuses the list to that token anyway
        assertThat(gw.as(crew, "GET", "/api/v1/security/blocked-logins", null).statusCode()).isEqualTo(403);
    }

    @Test
    void serverSuppliedTextIsShownAsTextNeverAsMarkup() {
        // GIVEN a list whose kind, name and end carry markup (the gateway itself only lets [A-Za-z0-9._:-] names in)
        Page page = newPage();
        page.route("**/api/v1/security/blocked-logins", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBody(new JsonArray().add(new JsonObject()
                        .put("kind", "<b>x</b>").put("key", HOSTILE_NAME).put("failures", "<i>3</i>")
                        .put("until", "<svg onload=window.injected=2>")).encode())));

        // WHEN the administrator opens the page
        page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
        PlaywrightAssertions.assertThat(page.getByTestId("who")).hasAttribute("data-role", "admin");
        page.getByTestId("nav-logins").click();

        // THEN every field is shown as sent, as text, and nothing of it ran or became an element
        Locator row = page.getByTestId("login-block");
        PlaywrightAssertions.assertThat(row.getByTestId("block-key")).hasText(HOSTILE_NAME);
        PlaywrightAssertions.assertThat(row.getByTestId("block-kind")).hasText("<b>x</b>");
        PlaywrightAssertions.assertThat(row.getByTestId("block-failures")).hasText("<i>3</i>");
        PlaywrightAssertions.assertThat(row.getByTestId("block-until")).hasText("—");
        assertThat(page.locator("[data-testid=logins-view] img, [data-testid=logins-view] b, "
                + "[data-testid=logins-view] i, [data-testid=logins-view] svg").count()).isZero();
        assertThat(page.evaluate("() => window.injected === undefined")).isEqualTo(true);
    }

    // ------------------------------------------------------------------ helpers

    private Page newPage() {
        Page page = context.newPage();
        page.onPageError(pageErrors::add);
        return page;
    }

    private static Locator block(Page page, String kind, String key) {
        return page.locator("[data-testid=login-block][data-kind='" + kind + "'][data-key='" + key + "']");
    }

    /** Wrong passwords for {@code authId} over MQTT 5 (Paho) until the gateway answers 0x8A Banned. */
    private void blockName(String authId) throws Exception {
        for (int i = 0; i < LIMITS.blockAfter(); i++) {
            assertThat(refusal(authId, "wrong-" + i)).as("attempt %d as %s", i + 1, authId).isEqualTo(BAD_CREDENTIALS);
        }
        assertThat(refusal(authId, "wrong")).isEqualTo(BANNED);
    }

    /** Made-up names from {@code localAddress} (a raw client) until the address itself is refused. */
    private void blockAddress(String localAddress) throws Exception {
        for (int i = 0; i < LIMITS.addressBlockAfter(); i++) {
            try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort(), localAddress)) {
                assertThat(s.connect(5, "scan-" + i + "@t1", "guess").code()).isEqualTo(BAD_CREDENTIALS);
            }
        }
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort(), localAddress)) {
            RawMqtt.ConnAck ack = s.connect(5, "scan-next@t1", "guess");
            assertThat(ack.code()).isEqualTo(BANNED);
            assertThat(ack.reason()).contains(localAddress);
        }
    }

    private int refusal(String authId, String password) throws Exception {
        MqttClient client = new MqttClient(gw.mqttUri(), "c-" + System.nanoTime(), new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(authId);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            o.setConnectionTimeout(10);
            try {
                client.connect(o);
            } catch (MqttException e) {
                return e.getReasonCode();
            }
            client.disconnect();
            throw new AssertionError("login as " + authId + " was accepted");
        } finally {
            client.close();
        }
    }

    private JsonArray blocks(String token) {
        HttpResponse<String> r = gw.as(token, "GET", "/api/v1/security/blocked-logins", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    private String issue(String name, String role, String tenant) {
        HttpResponse<String> r = gw.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role)
                .put("tenant", tenant).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }
}
