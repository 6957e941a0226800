package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.SelectOption;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium isolates a sensor (8 hours unless chosen) and ends the
 * isolation, for a role that may; shows the gateway's refusal next to the field; and offers
 * neither to a role that may not isolate. Needs Debian's {@code chromium} like {@link ConsoleBrowserIT}.
 */
class ConsoleIsolationEditBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));

    @TempDir
    Path dataDir;

    @Test
    void isolatesASensorForEightHoursShowsRefusalsByTheFieldAndEndsIt() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            gw.registerDevice("t1", "pi-1");
            String crew = gw.issueToken(new JsonObject().put("name", "Li Na").put("role", "crew").put("tenant", "t1"))
                    .getString("token");

            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("en-GB"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + crew).toString());

            // GIVEN the form, with 8 hours chosen
            PlaywrightAssertions.assertThat(page.getByTestId("isolate-form")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("isolate-minutes")).hasValue("480");
            page.getByTestId("isolate-sensor").selectOption(new SelectOption().setValue("smoke-1"));

            // WHEN it is sent without a reason THEN the gateway's refusal is shown by the reason field and nothing is isolated
            page.getByTestId("isolate-submit").click();
            PlaywrightAssertions.assertThat(page.getByTestId("error-reason")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("error-reason")).containsText("reason");
            assertThat(new JsonArray(gw.get("/api/v1/isolations").body())).isEmpty();

            // WHEN a reason is given THEN the sensor is isolated for 8 hours, by the token's holder, and listed
            page.getByTestId("isolate-reason").fill("decorators sanding the corridor");
            page.getByTestId("isolate-submit").click();
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).hasCount(1);
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).containsText("pi-1@t1 smoke-1");
            PlaywrightAssertions.assertThat(page.getByTestId("error-reason")).isHidden();
            JsonObject isolation = new JsonArray(gw.get("/api/v1/isolations").body()).getJsonObject(0);
            assertThat(isolation.getString("reason")).isEqualTo("decorators sanding the corridor");
            assertThat(isolation.getString("by")).isEqualTo("Li Na");
            assertThat(Duration.between(Instant.parse(isolation.getString("from")), Instant.parse(isolation.getString("until"))))
                    .isEqualTo(Duration.ofHours(8));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-isolation-edit.png")).setFullPage(true));

            // WHEN it is ended from the list THEN it is gone, and the console says so
            page.getByTestId("end-isolation").click();
            PlaywrightAssertions.assertThat(page.getByTestId("isolation")).hasCount(0);
            PlaywrightAssertions.assertThat(page.getByTestId("isolation-ended")).containsText("pi-1@t1 smoke-1");
            assertThat(new JsonArray(gw.get("/api/v1/isolations").body())).isEmpty();

            // AND a grid worker, who may not isolate, gets neither the form nor the button
            gw.post("/api/v1/isolations", "{\"tenant\":\"t1\",\"device\":\"pi-1\",\"reason\":\"hydrant test\"}");
            String worker = gw.issueToken(new JsonObject().put("name", "Wang Fang").put("role", "grid-worker").put("tenant", "t1"))
                    .getString("token");
            Page other = browser.newPage(new Browser.NewPageOptions().setLocale("en-GB"));
            other.onPageError(pageErrors::add);
            other.navigate(gw.uri("/#token=" + worker).toString());
            PlaywrightAssertions.assertThat(other.getByTestId("isolation")).hasCount(1);
            PlaywrightAssertions.assertThat(other.getByTestId("isolate-form")).hasCount(0);
            PlaywrightAssertions.assertThat(other.getByTestId("end-isolation")).hasCount(0);
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }
}
