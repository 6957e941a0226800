package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silent-device rule, on a clock the test moves: a device that sends nothing on any protocol
 * for longer than its limit raises trouble {@code offline} once, and its next message restores it.
 * CoAP devices have no connection whose loss could tell; they are judged by the gateway's default
 * unless registered with {@code maxSilenceSeconds}. MQTT devices keep the connection rule.
 */
class SilentDeviceRuleTest {

    @TempDir
    Path dataDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    TestGateway gw;
    CoapDevice coap;
    long seq;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        if (coap != null) {
            coap.close();
        }
        gw.close();
    }

    @Test
    void coapDeviceSilentPastTheDefaultLimitIsOfflineOnceAndItsNextMessageRestoresIt() throws Exception {
        register("nb-1", null);
        coap = CoapDevice.dtls(gw.coapsUri(), "nb-1@t1", TestGateway.PSK);
        send();

        after(AlarmRules.DEFAULT_SILENT_AFTER.minusSeconds(1));
        assertThat(openOffline("nb-1")).as("within the limit").isEmpty();
        after(Duration.ofSeconds(1));
        JsonObject offline = openOffline("nb-1").orElseThrow();
        assertThat(offline.getString("class")).isEqualTo("trouble");
        assertThat(offline.getString("sensor")).isEqualTo("device");
        assertThat(offline.getString("site")).isEqualTo("site-1");

        after(Duration.ofMinutes(30));
        assertThat(offlineAlarms("nb-1")).as("a silence that goes on raises no second alarm").hasSize(1);

        send();
        assertThat(openOffline("nb-1")).isEmpty();
        JsonObject restored = offlineAlarms("nb-1").get(0);
        assertThat(restored.getString("state")).isEqualTo("resolved");
        assertThat(restored.getString("cause")).isEqualTo("cleared");

        after(AlarmRules.DEFAULT_SILENT_AFTER.minusSeconds(1));
        assertThat(openOffline("nb-1")).as("the message started the timer afresh").isEmpty();
    }

    @Test
    void deviceThatReportsHourlyIsNotOfflineAfterTenMinutesButIsAfterSixtyOne() throws Exception {
        register("nb-hourly", 3600);
        coap = CoapDevice.dtls(gw.coapsUri(), "nb-hourly@t1", TestGateway.PSK);
        send();

        after(Duration.ofMinutes(10));
        assertThat(openOffline("nb-hourly")).as("far beyond the CoAP default, within its own limit").isEmpty();
        after(Duration.ofMinutes(49).plusSeconds(59));
        assertThat(openOffline("nb-hourly")).isEmpty();
        after(Duration.ofMinutes(1));
        assertThat(openOffline("nb-hourly")).isPresent();
        assertThat(offlineAlarms("nb-hourly")).hasSize(1);
    }

    @Test
    void silenceTimerSurvivesAGatewayRestart() throws Exception {
        register("nb-hourly", 3600);
        coap = CoapDevice.dtls(gw.coapsUri(), "nb-hourly@t1", TestGateway.PSK);
        send();
        after(Duration.ofMinutes(30));
        coap.close();
        coap = null;
        gw.close();

        gw = TestGateway.start(dataDir, clock);
        after(AlarmRules.DEFAULT_OFFLINE_AFTER.plusSeconds(1));
        assertThat(openOffline("nb-hourly")).as("a CoAP device had no connection to lose in the restart").isEmpty();
        after(Duration.ofSeconds(3599 - 1800).minus(AlarmRules.DEFAULT_OFFLINE_AFTER.plusSeconds(1)));
        assertThat(openOffline("nb-hourly")).as("59:59 since its message").isEmpty();
        after(Duration.ofSeconds(1));
        assertThat(openOffline("nb-hourly")).as("an hour since its message, restart included").isPresent();

        coap = CoapDevice.dtls(gw.coapsUri(), "nb-hourly@t1", TestGateway.PSK);
        send();
        assertThat(openOffline("nb-hourly")).isEmpty();
    }

    @Test
    void mqttDeviceWithoutALimitIsJudgedByItsConnectionNotItsSilence() throws Exception {
        register("pi-1", null);
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", Bodies.smoke(++seq, "smoke-1", "normal"), 1).reasonCode()).isZero();
            after(Duration.ofHours(2));
            assertThat(openOffline("pi-1")).as("connected, merely quiet").isEmpty();
        }
    }

    @Test
    void mqttDeviceWithALimitIsOfflineWhenSilentEvenIfConnected() throws Exception {
        register("pi-2", 600);
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", Bodies.smoke(++seq, "smoke-1", "normal"), 1).reasonCode()).isZero();
            after(Duration.ofSeconds(599));
            assertThat(openOffline("pi-2")).isEmpty();
            after(Duration.ofSeconds(1));
            assertThat(openOffline("pi-2")).as("a hung agent keeps its connection but sends nothing").isPresent();

            assertThat(pi.publish("event", Bodies.smoke(++seq, "smoke-1", "normal"), 1).reasonCode()).isZero();
            assertThat(openOffline("pi-2")).isEmpty();
        }
    }

    @Test
    void registeredLimitIsStoredAndShownWithTheDevice() {
        register("nb-daily", 90_000);
        register("plain", null);

        assertThat(device("nb-daily").getInteger("maxSilenceSeconds")).isEqualTo(90_000);
        assertThat(device("plain").containsKey("maxSilenceSeconds")).isTrue();
        assertThat(device("plain").getValue("maxSilenceSeconds")).isNull();

        gw.close();
        gw = TestGateway.start(dataDir, clock);
        assertThat(device("nb-daily").getInteger("maxSilenceSeconds")).as("after a restart").isEqualTo(90_000);
    }

    @Test
    void badLimitsAreRefusedWithTheReasonAndRegisterNothing() {
        for (Object bad : List.of(0, 9, -60, 604_801, 4_294_967_296L, "3600", 3600.5, true, new JsonObject())) {
            HttpResponse<String> r = gw.post("/api/v1/devices", body("nb-bad", bad).encode());
            assertThat(r.statusCode()).as("maxSilenceSeconds %s", bad).isEqualTo(400);
            JsonObject error = new JsonObject(r.body());
            assertThat(error.getString("error")).isEqualTo("bad-max-silence");
            assertThat(error.getString("detail")).as("says what fits").contains("10 to 604800");
        }
        assertThat(gw.get("/api/v1/devices/t1/nb-bad").statusCode()).isEqualTo(404);

        register("nb-bad", 604_800);
        assertThat(device("nb-bad").getInteger("maxSilenceSeconds")).as("the largest value fits").isEqualTo(604_800);
    }

    private void register(String device, Integer maxSilenceSeconds) {
        HttpResponse<String> r = gw.post("/api/v1/devices", body(device, maxSilenceSeconds).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static JsonObject body(String device, Object maxSilenceSeconds) {
        JsonObject b = new JsonObject().put("tenant", "t1").put("id", device).put("password", TestGateway.PASSWORD)
                .put("psk", TestGateway.PSK).put("site", "site-1")
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "A")));
        if (maxSilenceSeconds != null) {
            b.put("maxSilenceSeconds", maxSilenceSeconds);
        }
        return b;
    }

    private JsonObject device(String device) {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/" + device);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private void send() throws Exception {
        CoapResponse r = coap.post("/event", Bodies.smoke(++seq, "smoke-1", "normal"));
        assertThat(r).as("an answer").isNotNull();
        assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
    }

    private void after(Duration d) {
        clock.advance(d);
        gw.tick();
    }

    private List<JsonObject> offlineAlarms(String device) {
        return gw.alarms("all").stream()
                .filter(a -> a.getString("type").equals("offline") && a.getString("device").equals(device)).toList();
    }

    private Optional<JsonObject> openOffline(String device) {
        return gw.openAlarms().stream()
                .filter(a -> a.getString("type").equals("offline") && a.getString("device").equals(device)).findFirst();
    }
}
