package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API: devices, alarms and their lifecycle, auth, and JSON errors with reasons. */
class HttpApiTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void healthNeedsNoTokenButTheApiDoes() {
        assertThat(gw.send(HttpRequest.newBuilder(gw.uri("/health")).build()).statusCode()).isEqualTo(200);

        HttpResponse<String> none = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices")).build());
        HttpResponse<String> wrong = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices"))
                .header("Authorization", "Bearer nope-nope-nope").build());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(none.body()).getString("error")).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(wrong.body()).getString("detail")).contains("not valid");
    }

    @Test
    void registersDeviceAndShowsItWithoutItsPassword() {
        HttpResponse<String> r = gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-0042","password":"s3cret-pass","site":"bldg-7",
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"F3"}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/devices/t1/pi-0042");
        JsonObject one = new JsonObject(gw.get("/api/v1/devices/t1/pi-0042").body());
        assertThat(one.getString("site")).isEqualTo("bldg-7");
        assertThat(one.getJsonArray("sensors").getJsonObject(0).getString("zone")).isEqualTo("F3");
        assertThat(one.getBoolean("connected")).isFalse();
        assertThat(one.encode()).doesNotContain("s3cret-pass").doesNotContain("password");
        JsonArray all = new JsonArray(gw.get("/api/v1/devices").body());
        assertThat(all).hasSize(1);
    }

    @Test
    void deviceWithoutSiteIsAccepted() {
        HttpResponse<String> r = gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"s3cret-pass\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(r.body()).getValue("site")).isNull();
    }

    @Test
    void refusesBadRegistrationsWithReasons() {
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi 1\",\"password\":\"s3cret-pass\"}"),
                400, "bad-id", "device id 'pi 1' is invalid");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"short\"}"),
                400, "bad-password", "8 to 256 characters");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\"}"),
                400, "missing-field", "'password'");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"s3cret-pass\","
                + "\"sensors\":[{\"id\":\"x\",\"kind\":\"heat\"}]}"), 400, "unknown-kind", "unknown kind 'heat'");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"s3cret-pass\","
                + "\"sensors\":[{\"id\":\"s\",\"kind\":\"smoke\"},{\"id\":\"s\",\"kind\":\"door\"}]}"),
                400, "duplicate-sensor", "appears twice");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":"), 400, "malformed-json", "not valid JSON");
        assertError(gw.post("/api/v1/devices", "[1,2]"), 400, "malformed-json", "JSON object");
        assertThat(new JsonArray(gw.get("/api/v1/devices").body())).isEmpty();
    }

    @Test
    void refusesSecondRegistrationOfTheSameDevice() {
        gw.registerDevice("t1", "pi-1");
        assertError(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"another-pass\"}"),
                409, "device-exists", "already registered");
    }

    @Test
    void unknownThingsAre404WithJson() {
        assertError(gw.get("/api/v1/devices/t1/nobody"), 404, "unknown-device", "not registered");
        assertError(gw.get("/api/v1/alarms/999"), 404, "unknown-alarm", "no alarm 999");
        assertError(gw.get("/api/v1/nothing-here"), 404, "not-found", "/api/v1/nothing-here");
        assertError(gw.post("/api/v1/alarms/999/ack", "{}"), 404, "unknown-alarm", "no alarm 999");
    }

    @Test
    void alarmGoesThroughItsLifecycleRecordingWhoAndWhen() throws Exception {
        long id = raiseSmokeAlarm();

        JsonObject acked = new JsonObject(gw.post("/api/v1/alarms/" + id + "/ack", "{}").body());
        assertThat(acked.getString("state")).isEqualTo("acknowledged");
        assertThat(acked.getDouble("ackSeconds")).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(acked.getJsonArray("steps").getJsonObject(1).getString("by")).as("the token's holder").isEqualTo("admin");

        assertThat(new JsonObject(gw.post("/api/v1/alarms/" + id + "/en-route", "").body()).getString("state"))
                .isEqualTo("en-route");
        JsonObject onScene = new JsonObject(gw.post("/api/v1/alarms/" + id + "/on-scene", "{}").body());
        assertThat(onScene.getString("state")).isEqualTo("on-scene");
        assertThat(onScene.getDouble("onSceneSeconds")).isNotNull();

        assertError(gw.post("/api/v1/alarms/" + id + "/resolve", "{}"), 400, "bad-cause", "cause");
        assertError(gw.post("/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"aliens\"}"), 400, "bad-cause", "aliens");
        JsonObject resolved = new JsonObject(gw.post("/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"false-alarm\"}").body());
        assertThat(resolved.getString("state")).isEqualTo("resolved");
        assertThat(resolved.getString("cause")).isEqualTo("false-alarm");
        assertThat(resolved.getBoolean("open")).isFalse();

        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.alarms("closed")).extracting(a -> a.getLong("id")).containsExactly(id);
        assertThat(new JsonObject(gw.get("/api/v1/alarms/" + id).body()).getJsonArray("steps")).hasSize(5);
    }

    @Test
    void secondAcknowledgementIsAConflictThatSaysWhoWasFirst() throws Exception {
        long id = raiseSmokeAlarm();
        assertThat(gw.post("/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);

        assertError(gw.post("/api/v1/alarms/" + id + "/ack", "{}"), 409, "wrong-state",
                "already acknowledged (by admin");
    }

    @Test
    void resolvedFireAlarmAllowsANewAlarmFromTheSameDetector() throws Exception {
        long first = raiseSmokeAlarm();
        gw.post("/api/v1/alarms/" + first + "/resolve", "{\"cause\":\"test\"}");
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            device.publish("event", Bodies.smoke(2, "smoke-1", "alarm"), 1);
        }
        assertThat(gw.openAlarms()).extracting(a -> a.getLong("id")).containsExactly(first + 1);
    }

    @Test
    void refusesUnknownStateFilter() {
        assertError(gw.get("/api/v1/alarms?state=burning"), 400, "bad-parameter", "open, closed or all");
    }

    private long raiseSmokeAlarm() throws Exception {
        gw.registerDevice("t1", "pi-1");
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        return gw.openAlarms().get(0).getLong("id");
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String detailContains) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("detail")).contains(detailContains);
    }
}
