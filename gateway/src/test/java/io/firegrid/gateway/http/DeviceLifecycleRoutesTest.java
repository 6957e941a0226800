package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A device changed and decommissioned through the API: the change applies to the next message and
 * is in the history; a decommissioned device is listed as such, raises no offline trouble, is
 * refused at login with a reason, and comes back only when asked to explicitly.
 */
class DeviceLifecycleRoutesTest {

    @TempDir
    Path dataDir;

    final MutableClock clock = MutableClock.atNoon();
    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, clock);
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "pi-2");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aChangeOfSiteSensorsAndSilenceLimitIsKeptAndInTheHistory() throws Exception {
        JsonObject changed = ok(put("/api/v1/devices/t1/pi-1", """
                {'site':'site-2','maxSilenceSeconds':600,'sensors':[{'id':'smoke-1','kind':'smoke','zone':'B'},
                 {'id':'hydrant-1','kind':'pressure','limits':{'pressureLowMpa':0.3,'pressureHighMpa':0.6}}]}"""));
        assertThat(changed.getString("site")).isEqualTo("site-2");

        gw.close();
        gw = TestGateway.start(dataDir, clock);
        JsonObject device = new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body());
        assertThat(device.getString("site")).isEqualTo("site-2");
        assertThat(device.getInteger("maxSilenceSeconds")).isEqualTo(600);
        assertThat(device.getJsonArray("sensors").stream().map(o -> ((JsonObject) o).getString("id")))
                .containsExactly("smoke-1", "hydrant-1");
        assertThat(device.getString("registeredAt")).as("the registration time stays").isEqualTo("2026-11-28T12:00:00Z");

        JsonArray history = new JsonArray(gw.get("/api/v1/devices/t1/pi-1/history").body());
        assertThat(history.stream().map(o -> ((JsonObject) o).getString("what"))).containsExactly("registered", "changed");
        JsonObject change = history.getJsonObject(1);
        assertThat(change.getString("by")).isEqualTo("admin");
        assertThat(change.getString("detail")).contains("site site-1 -> site-2", "sensor removed door-1",
                "sensor added hydrant-1", "maxSilenceSeconds null -> 600");

        // the next alarm of the changed detector carries the new site and zone
        try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(d.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        JsonObject alarm = gw.openAlarmFor("pi-1", "smoke-1").orElseThrow();
        assertThat(alarm.getString("site")).isEqualTo("site-2");
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | devices/t1/pi-1      | {'password':'another-password','sensors':[]}  | 400 | bad-field
            PUT    | devices/t1/pi-1      | {'id':'pi-9','sensors':[]}                    | 400 | id-mismatch
            PUT    | devices/t1/pi-1      | {'sensors':[{'id':'s','kind':'laser'}]}        | 400 | unknown-kind
            PUT    | devices/t1/pi-1      | {'maxSilenceSeconds':1}                        | 400 | bad-max-silence
            PUT    | devices/t1/pi-1      | '{'                                            | 400 | malformed-json
            PUT    | devices/t1/nobody    | {'sensors':[]}                                 | 404 | unknown-device
            DELETE | devices/t1/nobody    | ''                                             | 404 | unknown-device
            POST   | devices/t1/pi-1/recommission | {'password':'another-password'}       | 409 | device-in-service
            POST   | devices/t1/pi-1/credentials  | {'graceSeconds':9999999}              | 400 | bad-grace
            """)
    void refusesBadChanges(String method, String path, String body, int status, String error) {
        HttpResponse<String> r = gw.as(TestGateway.ADMIN_TOKEN, method, "/api/v1/" + path,
                body.isEmpty() ? null : body.replace('\'', '"'));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject json = new JsonObject(r.body());
        assertThat(json.getString("error")).as(r.body()).isEqualTo(error);
        assertThat(json.getString("detail")).as("a reason a person can act on").hasSizeGreaterThan(10);
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body()).getString("site")).isEqualTo("site-1");
    }

    @Test
    void onlyAdminsAndInstallersChangeDevices() {
        String crew = gw.issueToken(new JsonObject().put("name", "crew-1").put("role", "crew")).getString("token");
        HttpResponse<String> r = gw.as(crew, "DELETE", "/api/v1/devices/t1/pi-1", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("change, decommission or re-key devices");
        String installer = gw.issueToken(new JsonObject().put("name", "inst-1").put("role", "installer")).getString("token");
        assertThat(gw.as(installer, "PUT", "/api/v1/devices/t1/pi-1", "{\"site\":\"site-3\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aDecommissionedDeviceIsListedRefusedAtLoginAndRaisesNoOfflineTrouble() throws Exception {
        // GIVEN two devices that were connected and went away
        for (String d : List.of("pi-1", "pi-2")) {
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), d + "@t1", TestGateway.PASSWORD)) {
                assertThat(device.publish("event", Bodies.door(1, "closed"), 1).reasonCode()).isZero();
            }
        }
        // WHEN pi-1 is decommissioned
        JsonObject gone = ok(gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/devices/t1/pi-1", "{\"reason\":\"Pi dead\"}"));
        assertThat(gone.getString("state")).isEqualTo("decommissioned");

        // THEN after the offline delay only the device still in service is in trouble
        clock.advance(Duration.ofSeconds(200));
        gw.tick();
        assertThat(gw.openAlarmFor("pi-2", "device")).as("pi-2 is still expected online").isPresent();
        assertThat(gw.openAlarmFor("pi-1", "device")).as("pi-1 is decommissioned").isEmpty();

        // AND it is listed as decommissioned, not among the devices in service, with its history
        JsonArray listed = new JsonArray(gw.get("/api/v1/devices/decommissioned").body());
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.getJsonObject(0).getString("reason")).isEqualTo("Pi dead");
        assertThat(listed.getJsonObject(0).getString("decommissionedBy")).isEqualTo("admin");
        assertThat(new JsonArray(gw.get("/api/v1/devices").body()).stream().map(o -> ((JsonObject) o).getString("id")))
                .containsExactly("pi-2");
        assertThat(new JsonArray(gw.get("/api/v1/devices/t1/pi-1/history").body()).getJsonObject(1).getString("what"))
                .isEqualTo("decommissioned");

        // AND its login is refused with a reason, counted; pi-2 still connects
        RawMqtt.ConnAck refused;
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            refused = s.connect(5, "pi-1@t1", TestGateway.PASSWORD);
        }
        assertThat(refused.code()).isEqualTo(0x87);
        assertThat(refused.reason()).contains("pi-1@t1 was decommissioned", "may no longer connect");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "decommissioned")).isEqualTo(1.0);
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
            assertThat(device.isConnected()).isTrue();
        }

        // AND re-registering the id is refused unless asked for explicitly
        HttpResponse<String> again = gw.post("/api/v1/devices",
                "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"new-password-1\",\"sensors\":[]}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(again.body()).getString("error")).isEqualTo("device-decommissioned");
        assertThat(new JsonObject(again.body()).getString("detail")).contains("/recommission");

        // AND survives a restart
        gw.close();
        gw = TestGateway.start(dataDir, clock);
        clock.advance(Duration.ofSeconds(200));
        gw.tick();
        assertThat(gw.openAlarmFor("pi-1", "device")).isEmpty();
        assertThat(new JsonArray(gw.get("/api/v1/devices/decommissioned").body()).size()).isEqualTo(1);

        JsonObject back = ok(gw.as(TestGateway.ADMIN_TOKEN, "POST", "/api/v1/devices/t1/pi-1/recommission",
                "{\"password\":\"new-password-1\",\"site\":\"site-1\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\"}]}"));
        assertThat(back.getString("state")).isEqualTo("in-service");
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", "new-password-1")) {
            assertThat(device.publish("event", Bodies.smoke(2, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();
    }

    private static JsonObject ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private HttpResponse<String> put(String path, String body) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build());
    }
}
