package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium lists what is isolated, badges an alarm raised while
 * isolated, and says when the isolation has ended. Needs Debian's {@code chromium} like
 * {@link ConsoleBrowserIT}.
 */
class ConsoleIsolationBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));

    @TempDir
    Path dataDir;

    @Test
    void listsIsolationsBadgesTheirAlarmsAndSaysWhenOneEnded() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            gw.registerDevice("t1", "pi-1");
            HttpResponse<String> isolated = gw.post("/api/v1/isolations",
                    "{\"tenant\":\"t1\",\"device\":\"pi-1\",\"sensor\":\"smoke-1\",\"reason\":\"decorators sanding\"}");
            assertThat(isolated.statusCode()).as(isolated.body()).isEqualTo(201);
            long id = new JsonObject(isolated.body()).getLong("id");

            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("en-GB"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());

            // the isolation is listed with what, why and who
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).hasCount(1);
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).containsText("pi-1@t1 smoke-1");
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).containsText("decorators sanding");

            // an alarm of the isolated detector is shown, badged
            try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(d.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
            }
            PlaywrightAssertions.assertThat(page.getByTestId("alarm-card")).hasAttribute("data-isolated", "true");
            PlaywrightAssertions.assertThat(page.getByTestId("isolated")).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-isolation.png")).setFullPage(true));

            // ended: the list empties and says so
            assertThat(gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/isolations/" + id, null).statusCode()).isEqualTo(200);
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).hasCount(0);
            PlaywrightAssertions.assertThat(page.getByTestId("isolation-ended")).containsText("pi-1@t1 smoke-1");
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }
}
