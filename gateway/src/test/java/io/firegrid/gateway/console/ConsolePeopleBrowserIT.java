package io.firegrid.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person's phones and alarm preferences edited on the console in a real headless Chromium
 * (console-people.js): an admin changes numbers and per-class preferences, saves, reloads and
 * finds them on the page and in the API; a number not in E.164 form shows the gateway's reason
 * next to the numbers, counted, and nothing is saved; a crew token sees the page read-only; a
 * station head's token saves their station's people and is shown why not another's. Needs
 * Debian's {@code chromium} like {@link ConsoleBrowserIT}.
 */
class ConsolePeopleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty(ConsoleBrowserIT.CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    private static final String PERSON = "/api/v1/people/t1/wang-fang";

    @TempDir
    Path dataDir;

    @Test
    void anAdminEditsPhonesAndPreferencesABadNumberIsRefusedNextToItAndCrewOnlyReads() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            assertThat(gw.post("/api/v1/people", new JsonObject().put("tenant", "t1").put("id", "wang-fang")
                    .put("name", "Wang Fang").put("role", "grid-worker").put("phones", List.of("+8613800000002")).encode())
                    .statusCode()).isEqualTo(201);
            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("en-US"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + TestGateway.ADMIN_TOKEN).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("console")).isVisible();

            // GIVEN the person's page, reached from the list
            page.getByTestId("nav-people").click();
            PlaywrightAssertions.assertThat(page.getByTestId("person-row-wang-fang")).containsText("+8613800000002");
            page.getByTestId("person-link-wang-fang").click();
            PlaywrightAssertions.assertThat(page.getByTestId("person-form")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("phone-input")).hasValue("+8613800000002");
            PlaywrightAssertions.assertThat(page.getByTestId("pref-fire-raised-voice")).isChecked();

            // WHEN an admin changes the numbers and preferences of every class, and saves
            page.getByTestId("phone-input").fill("+8613900000009");
            page.getByTestId("phone-add").click();
            page.getByTestId("phone-input").nth(1).fill("+862150000005");
            page.getByTestId("pref-fire-reminder-voice").uncheck();
            page.getByTestId("pref-fire-reminder-sms").check();
            page.getByTestId("pref-supervisory-urgent").fill("30");
            page.getByTestId("pref-trouble-raised-sms").check();
            page.getByTestId("pref-trouble-digest").uncheck();
            page.getByTestId("quiet-from").fill("23:00");
            page.getByTestId("digest-at").fill("07:30");
            page.getByTestId("person-save").click();

            // THEN the gateway has them, and a reload shows them
            PlaywrightAssertions.assertThat(page.getByTestId("person-status")).hasAttribute("data-state", "saved");
            JsonObject saved = person(gw);
            assertThat(saved.getJsonArray("phones")).containsExactly("+8613900000009", "+862150000005");
            JsonObject prefs = saved.getJsonObject("preferences");
            assertThat(prefs.getJsonObject("fire").getJsonArray("reminder")).containsExactly("sms");
            assertThat(prefs.getJsonObject("fire").getJsonArray("raised")).containsExactly("sms", "voice");
            assertThat(prefs.getJsonObject("supervisory").getInteger("urgentAfterMinutes")).isEqualTo(30);
            assertThat(prefs.getJsonObject("trouble").getJsonArray("raised")).containsExactly("sms");
            assertThat(prefs.getJsonObject("trouble").getBoolean("digest")).isFalse();
            assertThat(prefs.getJsonObject("quietHours").getString("from")).isEqualTo("23:00");
            assertThat(prefs.getJsonObject("quietHours").getString("to")).isEqualTo("07:00");
            assertThat(prefs.getJsonObject("digest").getString("at")).isEqualTo("07:30");
            assertThat(saved.getString("name")).as("the rest of the person as it was").isEqualTo("Wang Fang");

            page.reload();
            PlaywrightAssertions.assertThat(page.getByTestId("person-form")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("phone-input").nth(0)).hasValue("+8613900000009");
            PlaywrightAssertions.assertThat(page.getByTestId("phone-input").nth(1)).hasValue("+862150000005");
            PlaywrightAssertions.assertThat(page.getByTestId("pref-fire-reminder-sms")).isChecked();
            PlaywrightAssertions.assertThat(page.getByTestId("pref-fire-reminder-voice")).not().isChecked();
            PlaywrightAssertions.assertThat(page.getByTestId("pref-supervisory-urgent")).hasValue("30");
            PlaywrightAssertions.assertThat(page.getByTestId("pref-trouble-digest")).not().isChecked();
            PlaywrightAssertions.assertThat(page.getByTestId("quiet-from")).hasValue("23:00");
            PlaywrightAssertions.assertThat(page.getByTestId("digest-at")).hasValue("07:30");

            // WHEN a number is written as people write it, THEN it is marked, and saving shows the gateway's reason
            double refusedBefore = gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-phone");
            Locator first = page.getByTestId("phone-input").nth(0);
            first.fill("138-0013-8000");
            PlaywrightAssertions.assertThat(first).hasAttribute("aria-invalid", "true");
            page.getByTestId("pref-supervisory-urgent").fill("45");
            page.getByTestId("person-save").click();
            PlaywrightAssertions.assertThat(page.getByTestId("person-status")).hasAttribute("data-state", "refused");
            PlaywrightAssertions.assertThat(page.getByTestId("error-phones")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("error-phones"))
                    .containsText("'phones' has '138-0013-8000', which is not an E.164 number");
            PlaywrightAssertions.assertThat(page.getByTestId("error-phones")).containsText("+8613800138000");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-it-people-bad-phone.png"))
                    .setFullPage(true));
            assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-phone")).isEqualTo(refusedBefore + 1);
            assertThat(person(gw)).as("nothing saved, the other change neither").isEqualTo(saved);

            // a preference out of range is shown under its class
            first.fill("+8613900000009");
            page.getByTestId("pref-supervisory-urgent").fill("5000");
            page.getByTestId("person-save").click();
            PlaywrightAssertions.assertThat(page.getByTestId("error-supervisory"))
                    .containsText("'supervisory.urgentAfterMinutes' must be a whole number of minutes from 1 to 1440");
            PlaywrightAssertions.assertThat(page.getByTestId("error-phones")).isHidden();
            assertThat(person(gw)).isEqualTo(saved);

            // a crew token reads the page and cannot change it
            String crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew").put("tenant", "t1"))
                    .getString("token");
            Page crewPage = browser.newPage(new Browser.NewPageOptions().setLocale("en-US"));
            crewPage.onPageError(pageErrors::add);
            crewPage.navigate(gw.uri("/#token=" + crew).toString());
            PlaywrightAssertions.assertThat(crewPage.getByTestId("console")).isVisible();
            crewPage.navigate(gw.uri("/#/people/t1/wang-fang").toString());
            PlaywrightAssertions.assertThat(crewPage.getByTestId("person-read-only")).isVisible();
            PlaywrightAssertions.assertThat(crewPage.getByTestId("phone-input").nth(0)).hasValue("+8613900000009");
            PlaywrightAssertions.assertThat(crewPage.getByTestId("phone-input").nth(0)).isDisabled();
            PlaywrightAssertions.assertThat(crewPage.getByTestId("person-save")).hasCount(0);
            PlaywrightAssertions.assertThat(crewPage.getByTestId("pref-fire-raised-sms")).isDisabled();
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    @Test
    void aStationHeadsTokenSavesTheirStationsPeopleAndIsShownWhyNotAnothers() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("no Chromium at %s", CHROMIUM).isTrue();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        try (TestGateway gw = TestGateway.start(dataDir);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
            // GIVEN station S headed by chief with li on its crew, and wu of station N
            for (String id : List.of("chief", "li", "wu")) {
                assertThat(gw.post("/api/v1/people", new JsonObject().put("tenant", "t1").put("id", id).put("name", "P " + id)
                        .put("role", "crew").encode()).statusCode()).isEqualTo(201);
            }
            assertThat(gw.post("/api/v1/stations", new JsonObject().put("tenant", "t1").put("id", "S").put("name", "Station S")
                    .put("location", new JsonObject().put("lat", 31.2).put("lon", 121.4)).put("crew", List.of("chief", "li"))
                    .encode()).statusCode()).isEqualTo(201);
            assertThat(gw.post("/api/v1/stations", new JsonObject().put("tenant", "t1").put("id", "N").put("name", "Station N")
                    .put("location", new JsonObject().put("lat", 31.3).put("lon", 121.5)).put("crew", List.of("wu"))
                    .encode()).statusCode()).isEqualTo(201);
            assertThat(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/stations/t1/S/roster", new JsonObject().put("head", "chief")
                    .put("shifts", List.of(Map.of("days", List.of("mon-sun"), "from", "08:00", "to", "08:00",
                            "people", List.of("li")))).encode()).statusCode()).isEqualTo(200);
            String head = gw.issueToken(new JsonObject().put("role", "crew").put("tenant", "t1").put("person", "chief"))
                    .getString("token");
            Page page = browser.newPage(new Browser.NewPageOptions().setLocale("en-US"));
            page.onPageError(pageErrors::add);
            page.navigate(gw.uri("/#token=" + head).toString());
            PlaywrightAssertions.assertThat(page.getByTestId("console")).isVisible();

            // WHEN the head changes li's number on the People tab, THEN it is saved
            page.navigate(gw.uri("/#/people/t1/li").toString());
            PlaywrightAssertions.assertThat(page.getByTestId("person-form")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("person-read-only")).hasCount(0);
            page.getByTestId("phone-add").click();
            page.getByTestId("phone-input").nth(0).fill("+8613900000011");
            page.getByTestId("person-save").click();
            PlaywrightAssertions.assertThat(page.getByTestId("person-status")).hasAttribute("data-state", "saved");
            assertThat(new JsonObject(gw.get("/api/v1/people/t1/li").body()).getJsonArray("phones"))
                    .containsExactly("+8613900000011");

            // WHEN the head tries wu of station N, THEN the gateway's reason is shown and nothing is saved
            page.navigate(gw.uri("/#/people/t1/wu").toString());
            PlaywrightAssertions.assertThat(page.getByTestId("person-name")).containsText("P wu");
            page.getByTestId("phone-add").click();
            page.getByTestId("phone-input").nth(0).fill("+8613900000012");
            page.getByTestId("person-save").click();
            PlaywrightAssertions.assertThat(page.getByTestId("person-status")).hasAttribute("data-state", "refused");
            PlaywrightAssertions.assertThat(page.getByTestId("person-status")).containsText("heads station S");
            assertThat(new JsonObject(gw.get("/api/v1/people/t1/wu").body()).getJsonArray("phones")).isEmpty();
        }
        assertThat(pageErrors).as("uncaught errors in the console page").isEmpty();
    }

    private static JsonObject person(TestGateway gw) {
        var r = gw.get(PERSON);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }
}
