package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.FakeSmsbox;
import io.firegrid.gateway.voice.PhoneOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid worker opens the link of an alarm SMS on a phone-sized screen in a real headless
 * Chromium: where the alarm is is the largest text, and the acknowledge button works without a
 * console token, as that person. Needs Debian's {@code chromium} like the console's browser tests.
 */
class PhonePageBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("firegrid.chromium", "/usr/bin/chromium"));

    @TempDir
    Path dataDir;

    @Test
    void theLinkOpensWhereTheAlarmIsInLargeTextAndAcknowledgesAsThePerson() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (FakeSmsbox smsbox = new FakeSmsbox(); DispatchScenario scenario = DispatchScenario.start(dataDir)) {
            scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600).withPhones(PhoneOptions.OFF.withSms(
                    SmsOptions.OFF.kannel(smsbox.url(), "firegrid", "sms-password"))));
            scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S").withGridWorker("gw1");
            scenario.when().detector("smoke-1").alarms();
            String phone = Phones.e164(new JsonObject(scenario.gateway().get("/api/v1/people/" + DispatchScenario.TENANT + "/gw1")
                    .body()).getString("phone")).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.acceptedFor(phone).size() == 1);
            String text = smsbox.acceptedFor(phone).get(0).text();
            String link = text.substring(text.indexOf("http://"));
            JsonObject alarm = scenario.then().alarm();
            String where = alarm.getJsonObject("locationText").getString("zh");

            try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                         .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                         .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
                PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
                Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(390, 844).setLocale("zh-CN"));
                page.onPageError(pageErrors::add);
                page.navigate(link);

                PlaywrightAssertions.assertThat(page.getByTestId("phone-where")).containsText(where);
                double whereSize = fontSize(page, "phone-where");
                for (String other : List.of("phone-title", "phone-when", "phone-state")) {
                    assertThat(whereSize).as("the location is larger than %s", other).isGreaterThan(fontSize(page, other));
                }
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "phone-it-alarm.png")).setFullPage(true));

                page.getByTestId("phone-ack").click();
                await().atMost(Duration.ofSeconds(10)).until(() -> "acknowledged".equals(scenario.then().alarm().getString("state")));
                assertThat(scenario.then().alarm().getJsonArray("steps").getJsonObject(1).getString("by"))
                        .isEqualTo("Person gw1 (link)");
                PlaywrightAssertions.assertThat(page.getByTestId("phone-ack")).isDisabled();
            }
        }
        assertThat(pageErrors).as("uncaught errors in the phone page").isEmpty();
    }

    private static double fontSize(Page page, String testId) {
        return ((Number) page.getByTestId(testId).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")).doubleValue();
    }
}
