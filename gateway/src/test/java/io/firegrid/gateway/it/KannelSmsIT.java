package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.sms.SmsOptions;
import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.Kannel;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.voice.PhoneOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms to phones through a real Kannel (bearerbox, smsbox, fakesmsc as the SMS center) started
 * by the test on loopback: a smoke alarm reaches the phones of the crew and grid worker on duty by
 * the station's and the cell's rosters, not those off duty; a reply "1" from the grid worker's
 * phone acknowledges it as that person; Kannel stopped mid-alarm loses nothing; a storm of 100
 * alarms gives each phone at most two messages. The gateway runs on the scenario's clock, Kannel
 * on real time.
 *
 * <p>{@code -Dfiregrid.bench.sms=N} also measures event -> SMS at the SMS center for N alarms
 * (bench/README.md; {@code bench/sms-latency.sh}).
 */
class KannelSmsIT {

    static final String SECRET = "kannel-it-shared-secret";

    @TempDir
    Path dir;

    Kannel kannel;
    DispatchScenario scenario;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Kannel.installed(), "kannel and kannel-extras are not installed (scripts/install-test-deps.sh)");
        kannel = Kannel.prepare(dir.resolve("kannel"));
        scenario = DispatchScenario.start(dir.resolve("gw"));
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600).withPhones(PhoneOptions.OFF.withSms(
                SmsOptions.OFF.kannel(kannel.sendsmsUrl(), Kannel.USER, Kannel.PASSWORD).withInboundSecret(SECRET))));
        kannel.start("http://127.0.0.1:" + scenario.gateway().gateway().httpPort() + "/sms/inbound?secret=" + SECRET);
        // 20:00 local (Asia/Shanghai) on the scenario's clock: gw1 and S-crew are on duty, gw-off and S-off are not
        var site = scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S").withGridWorker("gw1").withGridWorker("gw-off");
        site.cellRoster().shift("mon-sun", "14:00", "02:00", "gw1").shift("mon-sun", "02:00", "14:00", "gw-off");
        scenario.given().station("S").withCrew("S-off").roster()
                .shift("mon-sun", "14:00", "02:00", "S-crew").shift("mon-sun", "02:00", "14:00", "S-off");
    }

    @AfterEach
    void stop() {
        if (scenario != null) {
            scenario.close();
        }
        if (kannel != null) {
            kannel.close();
        }
    }

    @Test
    void smokeReachesThePhonesAndAReplyOfOneAcknowledgesAsTheGridWorker() throws Exception {
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(15)).until(() -> kannel.received().size() == 2);
        assertThat(kannel.received()).extracting(Kannel.Sms::to).containsExactlyInAnyOrder(phone("S-crew"), phone("gw1"));
        Kannel.Sms sms = kannel.receivedBy(phone("gw1")).get(0);
        assertThat(sms.text()).contains("烟感 火警").contains("#" + scenario.alarmId()).contains("/m/");
        assertThat(sms.parts()).isBetween(1, 3);
        assertOffDutyGotNothing();
        // Kannel reports the SMS center's acceptance back to the gateway
        await().atMost(Duration.ofSeconds(15)).until(() -> phoneLog().stream().anyMatch(e -> "alarm".equals(e.getString("kind"))
                && !e.getJsonArray("reports").isEmpty()));

        kannel.reply(phone("gw1"), "1");

        await().atMost(Duration.ofSeconds(15)).until(() -> "acknowledged".equals(scenario.then().alarm().getString("state")));
        JsonObject alarm = scenario.then().alarm();
        assertThat(alarm.getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Person gw1 (SMS)");
        assertThat(phoneLog()).filteredOn(e -> "reply".equals(e.getString("kind")))
                .extracting(e -> e.getString("text"), e -> e.getString("state")).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "acknowledged"));

        kannel.reply(phone("gw1"), "出发");
        await().atMost(Duration.ofSeconds(15)).until(() -> "en-route".equals(scenario.then().alarm().getString("state")));
    }

    @Test
    void kannelStoppedMidAlarmIsRetriedAndDeliversEverythingAfterItsRestart() throws Exception {
        kannel.stop();
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(15)).until(() -> scenario.gateway()
                .metric("firegrid_deliveries_total", "channel", "sms", "outcome", "retry") >= 2.0);
        assertThat(new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms").getString("status"))
                .isEqualTo("failing");
        scenario.when().secondsPass(3);

        kannel.start("http://127.0.0.1:" + scenario.gateway().gateway().httpPort() + "/sms/inbound?secret=" + SECRET);
        scenario.when().secondsPass(8);

        await().atMost(Duration.ofSeconds(15)).until(() -> kannel.received().size() == 2);
        assertThat(kannel.received()).extracting(Kannel.Sms::to).containsExactlyInAnyOrder(phone("S-crew"), phone("gw1"));
        assertOffDutyGotNothing();
        JsonArray deliveries = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/deliveries").body());
        assertThat(deliveries.stream().map(JsonObject.class::cast).filter(d -> "sms".equals(d.getString("channel")))
                .map(d -> d.getString("state"))).containsExactly("delivered", "delivered");
        assertThat(new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms").getString("status"))
                .isEqualTo("up");
    }

    @Test
    void aStormOf100AlarmsGivesEachPhoneAtMostTwoMessages() throws Exception {
        int n = 100;
        List<Long> sent = raise(n);
        await().atMost(Duration.ofSeconds(30)).until(() -> scenario.gateway().metric("firegrid_sms_held_total") == 2.0 * (n - 1));
        scenario.when().secondsPass(61);

        await().atMost(Duration.ofSeconds(15)).until(() -> kannel.received().size() == 4);
        for (String who : List.of("gw1", "S-crew")) {
            List<Kannel.Sms> got = kannel.receivedBy(phone(who));
            assertThat(got).as(who).hasSize(2);
            assertThat(got.get(1).text()).contains("另有 " + (n - 1) + " 个报警");
            assertThat(got.get(1).parts()).isLessThanOrEqualTo(3);
        }
        assertThat(kannel.receivedBy(phone("gw-off"))).isEmpty();
        assertThat(kannel.receivedBy(phone("S-off"))).isEmpty();
        assertThat(sent).hasSize(n);
    }

    @Test
    void benchEventToSmsAtTheSmsCenter() throws Exception {
        int n = Integer.getInteger("firegrid.bench.sms", 0);
        Assumptions.assumeTrue(n > 0, "a benchmark: -Dfiregrid.bench.sms=N");
        List<Long> latencies = new ArrayList<>();
        scenario.when().tick();
        registerStormDevice(n);
        try (Mqtt5Device d = Mqtt5Device.connect(scenario.gateway().mqttUri(), "pi-storm@" + DispatchScenario.TENANT,
                TestGateway.PASSWORD)) {
            for (int i = 1; i <= n; i++) {
                int before = kannel.receivedBy(phone("gw1")).size();
                long t0 = System.nanoTime();
                assertThat(d.publish("event", event(i), 1).accepted()).isTrue();
                await().atMost(Duration.ofSeconds(15)).until(() -> kannel.receivedBy(phone("gw1")).size() > before);
                latencies.add(kannel.receivedBy(phone("gw1")).get(before).receivedNanos() - t0);
                // the number's summary window ends before the next alarm, so each goes at once
                scenario.when().timeJumps(Duration.ofSeconds(61));
            }
        }
        print("event -> SMS at the SMS center", latencies);
        // baseline in the same run: the same text handed to the smsbox directly, to the SMS center
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String text = kannel.receivedBy(phone("gw1")).get(0).text();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int before = kannel.receivedBy("+8613900000000").size();
            long t0 = System.nanoTime();
            String q = "?username=" + Kannel.USER + "&password=" + Kannel.PASSWORD + "&to=%2B8613900000000&charset=UTF-8&coding=2"
                    + "&dlr-mask=31&text=" + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(kannel.sendsmsUrl() + q)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(15)).until(() -> kannel.receivedBy("+8613900000000").size() > before);
            direct.add(kannel.receivedBy("+8613900000000").get(before).receivedNanos() - t0);
        }
        print("baseline: sendsms -> SMS at the SMS center", direct);
    }

    /**
     * The people off duty by the rosters were not told and were sent nothing: the alarm's notifications
     * name the on-duty crew and grid worker only, its phone log has messages to them only, and the SMS
     * center has nothing for the off-duty numbers.
     */
    private void assertOffDutyGotNothing() {
        List<JsonObject> told = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/notifications")
                .body()).stream().map(JsonObject.class::cast).map(n -> n.getJsonObject("recipient")).toList();
        assertThat(told).extracting(r -> r.getString("id")).containsExactlyInAnyOrder("S", "gw1");
        JsonObject station = told.stream().filter(r -> "station".equals(r.getString("kind"))).findFirst().orElseThrow();
        assertThat(station.getJsonArray("people").stream().map(JsonObject.class::cast).map(p -> p.getString("id")))
                .containsExactly("S-crew");
        assertThat(phoneLog()).filteredOn(e -> "out".equals(e.getString("direction")))
                .extracting(e -> e.getString("person")).containsOnly("S-crew", "gw1");
        assertThat(kannel.receivedBy(phone("gw-off"))).isEmpty();
        assertThat(kannel.receivedBy(phone("S-off"))).isEmpty();
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> l = new ArrayList<>(nanos);
        l.sort(Long::compare);
        int n = l.size();
        System.out.printf("%s, %d messages: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, n, l.get(n / 2) / 1e6,
                l.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)) / 1e6, l.get(n - 1) / 1e6);
    }

    private List<Long> raise(int n) throws Exception {
        scenario.when().tick();
        registerStormDevice(n);
        List<Long> ids = new ArrayList<>();
        try (Mqtt5Device d = Mqtt5Device.connect(scenario.gateway().mqttUri(), "pi-storm@" + DispatchScenario.TENANT,
                TestGateway.PASSWORD)) {
            for (int i = 1; i <= n; i++) {
                assertThat(d.publish("event", event(i), 1).accepted()).isTrue();
                ids.add((long) i);
            }
        }
        return ids;
    }

    private void registerStormDevice(int sensors) {
        JsonArray list = new JsonArray();
        for (int i = 1; i <= sensors; i++) {
            list.add(new JsonObject().put("id", "smoke-" + i).put("kind", "smoke").put("zone", "Z" + i));
        }
        assertThat(scenario.gateway().post("/api/v1/devices", new JsonObject().put("tenant", DispatchScenario.TENANT)
                .put("id", "pi-storm").put("password", TestGateway.PASSWORD).put("site", "bldg-7").put("sensors", list)
                .encode()).statusCode()).isEqualTo(201);
    }

    private static byte[] event(int i) {
        return ("{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + i + ",\"sensor\":\"smoke-" + i
                + "\",\"kind\":\"smoke\",\"state\":\"alarm\"}").getBytes(StandardCharsets.UTF_8);
    }

    private String phone(String person) {
        JsonObject p = new JsonObject(scenario.gateway().get("/api/v1/people/" + DispatchScenario.TENANT + "/" + person).body());
        return Phones.e164(p.getString("phone")).orElseThrow();
    }

    private List<JsonObject> phoneLog() {
        return new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/phone").body()).stream()
                .map(JsonObject.class::cast).toList();
    }
}
