package io.firegrid.gateway.sms;

import io.firegrid.gateway.place.Phones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.FakeSmsbox;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.voice.PhoneOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sms channel against a stand-in smsbox, in process and on the scenario's clock: who gets a
 * message, replies that acknowledge, the signed link, summaries in a storm, an smsbox that is down.
 * The same flows against a real Kannel are {@code it/KannelSmsIT}.
 */
class SmsDeliveryTest {

    static final String SECRET = "kannel-shared-secret";

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    FakeSmsbox smsbox;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        smsbox = new FakeSmsbox();
        scenario = DispatchScenario.start(dataDir);
        // escalation and reminders far away, so each test sees only the messages it causes
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600).withPhones(PhoneOptions.OFF.withSms(
                SmsOptions.OFF.kannel(smsbox.url(), "firegrid", "sms-password").withInboundSecret(SECRET))));
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S").withGridWorker("gw1");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        smsbox.close();
    }

    @Test
    void aSmokeAlarmReachesEveryPhoneOnceInUcs2WithAReportUrlAndTheLink() throws Exception {
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.accepted().size() == 2);
        assertThat(smsbox.accepted()).extracting(FakeSmsbox.Message::to)
                .containsExactlyInAnyOrder(phone("S-crew"), phone("gw1"));
        FakeSmsbox.Message m = smsbox.acceptedFor(phone("gw1")).get(0);
        assertThat(m.params().get("username")).isEqualTo("firegrid");
        assertThat(m.params().get("charset")).isEqualTo("UTF-8");
        assertThat(m.params().get("coding")).isEqualTo("2");
        assertThat(m.params().get("dlr-mask")).isEqualTo("31");
        assertThat(m.params().get("dlr-url")).contains("/sms/dlr?id=").contains("&type=%d");
        assertThat(m.text()).contains("烟感 火警").contains("#" + scenario.alarmId()).contains("/m/");
        assertThat(SmsParts.parts(m.text())).isLessThanOrEqualTo(3);

        JsonArray deliveries = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/deliveries").body());
        assertThat(deliveries.stream().map(JsonObject.class::cast).filter(d -> "sms".equals(d.getString("channel")))
                .map(d -> d.getString("state"))).containsExactly("delivered", "delivered");

        // Kannel calls the dlr-url back: the report is kept with the message
        String dlr = m.params().get("dlr-url").replace("%d", "1").replace("%A", "id%3A1+stat%3ADELIVRD");
        assertThat(get(URI.create(dlr)).statusCode()).isEqualTo(200);
        assertThat(get(URI.create(dlr.replaceAll("tag=[^&]*", "tag=forged"))).statusCode()).isEqualTo(404);
        JsonObject sent = phoneLog().stream().filter(e -> phone("gw1").equals(e.getString("phone"))
                && "alarm".equals(e.getString("kind"))).findFirst().orElseThrow();
        assertThat(sent.getString("state")).isEqualTo("sent");
        assertThat(sent.getJsonArray("reports").getJsonObject(0).getString("status")).isEqualTo("delivered");
    }

    @Test
    void aReplyOfOneFromAGridWorkerAcknowledgesAsThatPersonAndTwoReportsEnRoute() throws Exception {
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.acceptedFor(phone("gw1")).size() == 1);

        assertThat(reply(phone("gw1"), "1").headers().firstValue("X-FireGrid-Reply")).contains("ACKNOWLEDGED");
        JsonObject alarm = scenario.then().alarm();
        assertThat(alarm.getString("state")).isEqualTo("acknowledged");
        assertThat(alarm.getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Person gw1 (SMS)");

        assertThat(reply("0086 " + phone("gw1").substring(3), "出发").headers().firstValue("X-FireGrid-Reply"))
                .contains("EN_ROUTE");
        assertThat(scenario.then().alarm().getString("state")).isEqualTo("en-route");
        assertThat(phoneLog()).filteredOn(e -> "reply".equals(e.getString("kind"))).extracting(e -> e.getString("state"))
                .containsExactly("acknowledged", "en-route");
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "acknowledged")).isEqualTo(1.0);
    }

    @Test
    void anythingElseIsAnsweredWithWhatToReplyOncePerWindow() throws Exception {
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.acceptedFor(phone("gw1")).size() == 1);

        reply(phone("gw1"), "what?");
        reply(phone("gw1"), "ok");

        List<FakeSmsbox.Message> toGw1 = smsbox.acceptedFor(phone("gw1"));
        assertThat(toGw1).hasSize(2);
        assertThat(toGw1.get(1).text()).isEqualTo(SmsText.HELP);
        assertThat(scenario.then().alarm().getString("state")).isEqualTo("raised");
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "help")).isEqualTo(2.0);
        assertThat(scenario.gateway().metric("firegrid_sms_answers_suppressed_total")).isEqualTo(1.0);
    }

    @Test
    void unknownNumbersAndABadSecretChangeNothingAndAreCounted() throws Exception {
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.accepted().size() == 2);

        assertThat(reply("+8613999999999", "1").headers().firstValue("X-FireGrid-Reply")).contains("UNKNOWN_NUMBER");
        HttpResponse<String> forged = get(scenario.gateway().uri("/sms/inbound?secret=guess&from="
                + enc(phone("gw1")) + "&text=1"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(forged.body()).getString("error")).isEqualTo("bad-sms-secret");

        assertThat(scenario.then().alarm().getString("state")).isEqualTo("raised");
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "unknown-number")).isEqualTo(1.0);
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "bad-sms-secret")).isEqualTo(1.0);
        assertThat(smsbox.accepted()).hasSize(2);
    }

    @Test
    void theSignedLinkShowsTheAlarmAndActsAsItsPersonWithoutAToken() throws Exception {
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.acceptedFor(phone("gw1")).size() == 1);
        String text = smsbox.acceptedFor(phone("gw1")).get(0).text();
        URI link = URI.create(text.substring(text.indexOf("http://")));
        String token = link.getPath().substring("/m/".length());

        HttpResponse<String> page = get(link);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/phone.html#t=" + token);
        HttpResponse<String> view = get(scenario.gateway().uri("/m/" + token + "/alarm"));
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(view.body()).getJsonObject("person").getString("name")).isEqualTo("Person gw1");
        assertThat(new JsonObject(view.body()).getJsonObject("alarm").getLong("id")).isEqualTo(scenario.alarmId());
        assertThat(get(scenario.gateway().uri("/phone.html")).statusCode()).isEqualTo(200);

        HttpResponse<String> acked = post(scenario.gateway().uri("/m/" + token + "/ack"));
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(scenario.then().alarm().getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Person gw1 (link)");

        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(get(scenario.gateway().uri("/m/" + forged + "/alarm")).statusCode()).isEqualTo(404);
        assertThat(post(scenario.gateway().uri("/m/" + forged + "/en-route")).statusCode()).isEqualTo(404);

        scenario.gateway().post("/api/v1/alarms/" + scenario.alarmId() + "/resolve", "{\"cause\":\"false-alarm\"}");
        HttpResponse<String> closed = get(scenario.gateway().uri("/m/" + token + "/alarm"));
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(closed.body()).getString("error")).isEqualTo("alarm-closed");
    }

    @Test
    void aStormOf100AlarmsGivesEachNumberTheFirstAtOnceAndOneSummaryAfterTheWindow() throws Exception {
        scenario.when().tick();
        JsonArray sensors = new JsonArray();
        for (int i = 1; i <= 100; i++) {
            sensors.add(new JsonObject().put("id", "smoke-" + i).put("kind", "smoke").put("zone", "Z" + i));
        }
        assertThat(scenario.gateway().post("/api/v1/devices", new JsonObject().put("tenant", DispatchScenario.TENANT)
                .put("id", "pi-storm").put("password", TestGateway.PASSWORD).put("site", "bldg-7").put("sensors", sensors)
                .encode()).statusCode()).isEqualTo(201);
        try (Mqtt5Device d = Mqtt5Device.connect(scenario.gateway().mqttUri(), "pi-storm@" + DispatchScenario.TENANT,
                TestGateway.PASSWORD)) {
            for (int i = 1; i <= 100; i++) {
                assertThat(d.publish("event", ("{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + i + ",\"sensor\":\"smoke-" + i
                        + "\",\"kind\":\"smoke\",\"state\":\"alarm\"}").getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> scenario.gateway().metric("firegrid_sms_held_total") == 198.0);
        assertThat(smsbox.acceptedFor(phone("gw1"))).hasSize(1);
        assertThat(smsbox.acceptedFor(phone("S-crew"))).hasSize(1);

        scenario.when().secondsPass(59);
        assertThat(smsbox.acceptedFor(phone("gw1"))).hasSize(1);
        scenario.when().secondsPass(2);

        for (String who : List.of("gw1", "S-crew")) {
            List<FakeSmsbox.Message> got = smsbox.acceptedFor(phone(who));
            assertThat(got).as(who).hasSize(2);
            assertThat(got.get(1).text()).contains("另有 99 个报警 / 99 more alarms");
            assertThat(SmsParts.parts(got.get(1).text())).isLessThanOrEqualTo(3);
        }
        // the next minute: at most one message per number (the devices' own trouble alarms may come in)
        scenario.when().secondsPass(61);
        for (String who : List.of("gw1", "S-crew")) {
            assertThat(smsbox.acceptedFor(phone(who))).as(who).hasSizeLessThanOrEqualTo(3);
        }
        // a reply to the summary acknowledges its latest alarm (the device's offline trouble alarm, raised since,
        // goes to the daily digest, not by SMS)
        reply(phone("gw1"), "1");
        long latest = scenario.gateway().alarms("all").stream().filter(a -> "smoke".equals(a.getString("type")))
                .mapToLong(a -> a.getLong("id")).max().orElseThrow();
        assertThat(new JsonObject(scenario.gateway().get("/api/v1/alarms/" + latest).body()).getString("state"))
                .isEqualTo("acknowledged");
    }

    @Test
    void anSmsboxThatIsDownIsRetriedShownInHealthAndLosesNothing() throws Exception {
        smsbox.down(true);
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.all().size() == 2);

        assertThat(scenario.gateway().metric("firegrid_sms_failing")).isEqualTo(1.0);
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "sms", "outcome", "retry")).isEqualTo(2.0);
        JsonObject health = new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms");
        assertThat(health.getString("status")).isEqualTo("failing");
        assertThat(health.getString("lastFailure")).contains("503");

        scenario.when().secondsPass(1);
        assertThat(smsbox.all()).hasSize(4);
        smsbox.down(false);
        scenario.when().secondsPass(2);

        assertThat(smsbox.accepted()).extracting(FakeSmsbox.Message::to)
                .containsExactlyInAnyOrder(phone("S-crew"), phone("gw1"));
        assertThat(scenario.gateway().metric("firegrid_sms_failing")).isEqualTo(0.0);
        assertThat(new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms").getString("status"))
                .isEqualTo("up");
        JsonArray deliveries = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/deliveries").body());
        JsonObject toGw1 = deliveries.stream().map(JsonObject.class::cast)
                .filter(d -> "sms".equals(d.getString("channel")) && phone("gw1").equals(d.getString("target")))
                .findFirst().orElseThrow();
        assertThat(toGw1.getString("state")).isEqualTo("delivered");
        assertThat(toGw1.getJsonArray("attempts")).hasSize(3);
    }

    @Test
    void anSmsboxFailingForHalfAMinuteIsATroubleAlarmUntilItTakesMessagesAgain() throws Exception {
        smsbox.down(true);
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.all().size() == 2);
        scenario.when().secondsPass(29);
        assertThat(troubles()).isEmpty();
        scenario.when().secondsPass(2);

        List<JsonObject> trouble = troubles();
        assertThat(trouble).hasSize(1);
        assertThat(trouble.get(0).getString("class")).isEqualTo("trouble");
        assertThat(trouble.get(0).getString("device")).isEqualTo("gateway");

        smsbox.down(false);
        scenario.when().secondsPass(61);
        assertThat(troubles()).isEmpty();
        assertThat(smsbox.accepted()).extracting(FakeSmsbox.Message::to).contains(phone("S-crew"), phone("gw1"));
    }

    private List<JsonObject> troubles() {
        return scenario.gateway().alarms("open").stream().filter(a -> SmsService.TROUBLE_TYPE.equals(a.getString("type")))
                .toList();
    }

    private String phone(String person) {
        JsonObject p = new JsonObject(scenario.gateway().get("/api/v1/people/" + DispatchScenario.TENANT + "/" + person).body());
        return Phones.e164(p.getString("phone")).orElseThrow();
    }

    private List<JsonObject> phoneLog() {
        HttpResponse<String> r = scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/phone");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    }

    private HttpResponse<String> reply(String from, String text) throws Exception {
        HttpResponse<String> r = get(scenario.gateway().uri("/sms/inbound?secret=" + SECRET + "&from=" + enc(from)
                + "&text=" + enc(text)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
