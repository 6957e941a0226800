package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring centre's duty check (查岗) on the console in a real headless Chromium: a banner
 * with the minutes left and one button; pressing it answers, the banner says by whom, and the
 * centre receives the answer. Needs Debian's {@code chromium} like {@link ConsoleBrowserIT}.
 */
class ConsoleDutyCheckBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));

    @TempDir
    Path dataDir;

    @Test
    void theDutyCheckIsShownAndAnsweredWithOneButton() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (CentreSimulator centre = CentreSimulator.start(0);
             TestGateway gw = TestGateway.start(dataDir,
                     c -> c.withGb26875(Gb26875Options.DEFAULTS.withCentre("127.0.0.1:" + centre.port(), 1)));
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("zh-CN"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("console")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("duty-check")).isHidden();

            // the centre checks the post, with 5 minutes to answer
            await().atMost(Duration.ofSeconds(10)).until(() -> sent(centre, 500, new byte[] {91, 1, 5}));

            PlaywrightAssertions.assertThat(page.getByTestId("duty-check")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("duty-text")).containsText("查岗");
            PlaywrightAssertions.assertThat(page.getByTestId("duty-left")).hasText(Pattern.compile("^[45]:\\d\\d$"));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-duty-check.png")).setFullPage(true));

            page.getByTestId("duty-answer").click();

            PlaywrightAssertions.assertThat(page.getByTestId("duty-check")).hasAttribute("data-state", "answered");
            PlaywrightAssertions.assertThat(page.getByTestId("duty-text")).containsText("admin");
            await().atMost(Duration.ofSeconds(10)).until(() -> centre.reports().stream()
                    .anyMatch(r -> r.type() == 24 && (r.data()[2] & 0xFF) == 1 << 5));
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    private static boolean sent(CentreSimulator centre, int serial, byte[] data) {
        try {
            centre.send(serial, 1, data);
            return true;
        } catch (IOException e) {
            return false; // the gateway has not connected to the centre yet
        }
    }
}
