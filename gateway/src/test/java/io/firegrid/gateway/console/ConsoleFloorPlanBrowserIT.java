package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floor plans in a real headless Chromium against a real gateway: the admin uploads a floor's plan
 * through the console, drags a detector from the unplaced list onto it, reloads and finds it there;
 * a smoke alarm from a real MQTT device (Paho v5) turns its marker red from the live stream (no request
 * for the open alarms, the isolations or the plans between the alarm and the red marker: no polling), and the alarm card's
 * "on the plan" opens the plan with that detector highlighted. The site page links to the plans; a
 * crew member sees the plan but cannot upload or drag. Needs Debian's {@code chromium} like
 * {@link ConsoleBrowserIT}. Screenshot: {@code target/console-it-floorplan.png}.
 */
class ConsoleFloorPlanBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    @Test
    void adminPlacesADetectorOnThePlanAndTheAlarmCardOpensItThere() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(CHROMIUM_ARGS))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            // GIVEN a site and a device whose detector is registered on floor 3 of building 7
            created(gw.post("/api/v1/sites", """
                    {"tenant":"t1","id":"demo","name":"示范小区","building":"7","floors":18}"""));
            created(gw.post("/api/v1/devices", """
                    {"tenant":"t1","id":"pi-7","password":"%s","site":"demo","location":{"building":"7","floor":3},
                     "sensors":[{"id":"smoke-1","kind":"smoke","zone":"A","location":{"label":"东侧走廊"}},
                                {"id":"door-1","kind":"door","zone":"A"}]}""".formatted(TestGateway.PASSWORD)));
            Path plan = files.resolve("floor-3.png");
            BufferedImage img = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 800, 500);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(40, 40, 720, 420);
            g.drawLine(400, 40, 400, 460);
            g.dispose();
            ImageIO.write(img, "png", plan.toFile());

            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                    .setLocale("en-GB"));
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            page.onPageError(pageErrors::add);
            List<String> requests = new CopyOnWriteArrayList<>();
            page.onRequest(r -> requests.add(r.method() + " " + r.url()));
            page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("nav")).isVisible();

            // WHEN the admin opens the floor and uploads its plan
            page.navigate(gw.uri("/#/plans/t1/demo/7/3").toString());
            PlaywrightAssertions.assertThat(page.getByTestId("no-plan")).isVisible();
            page.getByTestId("plan-file").setInputFiles(plan);
            PlaywrightAssertions.assertThat(page.getByTestId("plan-frame")).hasAttribute("data-loaded", "true");
            Locator unplaced = page.locator("[data-testid=unplaced-sensor][data-device=pi-7][data-sensor=smoke-1]");
            PlaywrightAssertions.assertThat(unplaced).isVisible();

            // AND drags the detector onto the plan, at 30 % from the left and 60 % from the top
            BoundingBox from = unplaced.boundingBox();
            BoundingBox image = page.getByTestId("plan-image").boundingBox();
            page.mouse().move(from.x + from.width / 2, from.y + from.height / 2);
            page.mouse().down();
            page.mouse().move(image.x + image.width * 0.3, image.y + image.height * 0.6, new com.microsoft.playwright.Mouse.MoveOptions()
                    .setSteps(8));
            page.mouse().up();

            // THEN its marker is there, stored where it was dropped
            Locator marker = page.locator("[data-testid=plan-marker][data-device=pi-7][data-sensor=smoke-1]");
            PlaywrightAssertions.assertThat(marker).isVisible();
            PlaywrightAssertions.assertThat(unplaced).hasCount(0);
            JsonObject stored = sensor(gw, "pi-7", "smoke-1");
            assertThat(stored.getJsonObject("position").getDouble("x")).isCloseTo(0.3, within(0.02));
            assertThat(stored.getJsonObject("position").getDouble("y")).isCloseTo(0.6, within(0.02));

            // AND after a reload it is still there, green, the door contact still waiting to be placed
            page.reload();
            PlaywrightAssertions.assertThat(page.getByTestId("plan-frame")).hasAttribute("data-loaded", "true");
            PlaywrightAssertions.assertThat(marker).isVisible();
            PlaywrightAssertions.assertThat(marker).hasAttribute("data-state", "normal");
            PlaywrightAssertions.assertThat(page.locator("[data-testid=unplaced-sensor][data-sensor=door-1]")).isVisible();

            // WHEN the detector raises a smoke alarm
            int before = requests.size();
            try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-7@t1", TestGateway.PASSWORD)) {
                assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
            }

            // THEN its marker turns red, from the live stream: the page did not ask for the open alarms, the
            // isolations or the plans meanwhile (the queue's card asks for its own alarm's notifications, not a poll)
            PlaywrightAssertions.assertThat(marker).hasAttribute("data-state", "alarm");
            assertThat(marker.evaluate("m => getComputedStyle(m).backgroundColor")).isEqualTo("rgb(198, 40, 40)");
            assertThat(requests.subList(before, requests.size())).as("requests between the alarm and the red marker")
                    .noneMatch(r -> r.matches(".*/api/v1/+alarms(\\?.*)?$") || r.contains("/isolations") || r.contains("/plans"));

            // AND the alarm card opens the plan at it, highlighted
            page.navigate(gw.uri("/#/queue").toString());
            Locator card = page.locator("[data-testid=alarm-card]:has([data-testid=sensor]:text-is('smoke-1'))");
            PlaywrightAssertions.assertThat(card.getByTestId("plan-link")).isVisible();
            card.getByTestId("plan-link").click();
            PlaywrightAssertions.assertThat(page.getByTestId("plans-view")).isVisible();
            PlaywrightAssertions.assertThat(marker).hasAttribute("data-focus", "true");
            PlaywrightAssertions.assertThat(marker).hasAttribute("data-state", "alarm");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-floorplan.png")).setFullPage(true));

            // AND the site page links to the plans
            page.navigate(gw.uri("/#/sites").toString());
            page.getByTestId("site-plans-link").click();
            PlaywrightAssertions.assertThat(page.getByTestId("plan-frame")).hasAttribute("data-loaded", "true");

            // AND a crew member sees the plan and the red marker, but no upload and nothing to drag
            String crew = gw.issueToken(new JsonObject().put("name", "crew 1").put("role", "crew")).getString("token");
            Page crewPage = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("en-GB")).newPage();
            crewPage.onPageError(pageErrors::add);
            crewPage.navigate(gw.uri("/#token=" + crew).toString());
            PlaywrightAssertions.assertThat(crewPage.getByTestId("nav")).isVisible();
            crewPage.navigate(gw.uri("/#/plans/t1/demo/7/3").toString());
            Locator crewMarker = crewPage.locator("[data-testid=plan-marker][data-sensor=smoke-1]");
            PlaywrightAssertions.assertThat(crewMarker).hasAttribute("data-state", "alarm");
            PlaywrightAssertions.assertThat(crewPage.getByTestId("plan-file")).hasCount(0);
            assertThat(crewMarker.getAttribute("class")).doesNotContain("fp-draggable");
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    private static JsonObject sensor(TestGateway gw, String device, String sensor) {
        JsonObject floor = new JsonObject(gw.get("/api/v1/sites/t1/demo/plans").body()).getJsonArray("floors").getJsonObject(0);
        return floor.getJsonArray("sensors").stream().map(o -> (JsonObject) o)
                .filter(o -> device.equals(o.getString("device")) && sensor.equals(o.getString("sensor"))).findFirst().orElseThrow();
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
