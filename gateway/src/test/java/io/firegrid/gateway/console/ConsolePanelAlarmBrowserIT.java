package io.firegrid.gateway.console;

import static io.firegrid.gateway.support.UitdSimulator.componentState;
import static io.firegrid.gateway.support.UitdSimulator.unit;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.UitdSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A building's fire alarm panel reports a smoke detector in fire through its UITD (GB/T 26875.3,
 * over a real socket, frames from the test's own encoder); the UITD gets its confirm, and the crew's
 * console in a real headless Chromium raises the card with the panel's own words for the place
 * ("五层东侧走廊") in the location line, the building from the UITD's registration, and not the
 * floor of the control room where the UITD hangs. Needs Debian's {@code chromium} like
 * {@link ConsoleBrowserIT}. Screenshot: {@code target/console-it-panel-alarm.png}.
 */
class ConsolePanelAlarmBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final int CONFIRM = 3;
    /** Component type 42: a point photoelectric smoke detector. */
    private static final int SMOKE = 42;

    @TempDir
    Path dataDir;

    @Test
    void thePanelsFireReachesTheCrewWithThePanelsDescription() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withPort(0)));
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            created(gw.post("/api/v1/sites", """
                    {"tenant":"t1","id":"demo-site","name":"示范小区","building":"7","floors":18}"""));
            created(gw.post("/api/v1/devices", """
                    {"tenant":"t1","id":"uitd-7","password":"%s","site":"demo-site",
                     "gb26875Address":"000000000701","gb26875Allow":"127.0.0.1/32",
                     "location":{"building":"7","floor":1,"label":"消防控制室"}}""".formatted(TestGateway.PASSWORD)));
            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("zh-CN"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("console")).isVisible();

            try (UitdSimulator uitd = UitdSimulator.connect(gw.gateway().gb26875Port(), 0x0701)) {
                int serial = uitd.sendData(unit(2, componentState(1, 1, SMOKE, 261, 0x0003, "五层东侧走廊",
                        LocalDateTime.now())));
                UitdSimulator.Answer answer = uitd.read();
                assertThat(answer.command()).as("the UITD's frame is confirmed").isEqualTo(CONFIRM);
                assertThat(answer.serial()).isEqualTo(serial);
            }

            Locator card = page.locator("[data-testid=alarm-card][data-state=raised]").first();
            PlaywrightAssertions.assertThat(card.getByTestId("location-line")).hasText("示范小区 7栋 五层东侧走廊 烟感");
            PlaywrightAssertions.assertThat(card.getByTestId("device")).hasText("uitd-7");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-panel-alarm.png"))
                    .setFullPage(true));
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
