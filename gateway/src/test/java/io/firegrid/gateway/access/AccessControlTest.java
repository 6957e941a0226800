package io.firegrid.gateway.access;

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

/** Tokens with roles: each role reaches what its people need, and a wrong role gets a 403 saying who may. */
class AccessControlTest {

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
    void crewMemberWorksAlarmsUnderTheirOwnNameButCannotRegisterDevices() throws Exception {
        String crew = issue("Li Wei", "crew");
        long id = raiseAlarm();

        HttpResponse<String> ack = as(crew, "POST", "/api/v1/alarms/" + id + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(new JsonObject(ack.body()).getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Li Wei");
        assertThat(as(crew, "GET", "/api/v1/alarms?state=open", null).statusCode()).isEqualTo(200);
        assertThat(as(crew, "GET", "/api/v1/reports/response-times", null).statusCode()).isEqualTo(200);

        assertForbidden(as(crew, "POST", "/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"x-1\",\"password\":\"s3cret-pass\"}"),
                "role crew may not register devices, places and people (needs admin or installer)");
        assertForbidden(as(crew, "POST", "/api/v1/tokens", "{\"name\":\"me\",\"role\":\"admin\"}"), "needs admin");
        assertForbidden(as(crew, "GET", "/api/v1/webhooks", null), "needs admin");
    }

    @Test
    void eachRoleReachesWhatItsPeopleNeed() throws Exception {
        String gridWorker = issue("Chen Jing", "grid-worker");
        String manager = issue("Property Office", "facility-manager");
        String installer = issue("Installer Zhou", "installer");
        long id = raiseAlarm();

        assertThat(as(gridWorker, "POST", "/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
        assertForbidden(as(gridWorker, "GET", "/api/v1/reports/response-times", null), "needs admin or crew or facility-manager");

        assertThat(as(manager, "GET", "/api/v1/reports/response-times?format=csv", null).statusCode()).isEqualTo(200);
        assertThat(as(manager, "GET", "/api/v1/devices", null).statusCode()).isEqualTo(200);
        assertForbidden(as(manager, "POST", "/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"test\"}"), "may not work alarms");

        assertThat(as(installer, "POST", "/api/v1/devices",
                "{\"tenant\":\"t1\",\"id\":\"pi-new\",\"password\":\"s3cret-pass\"}").statusCode()).isEqualTo(201);
        assertForbidden(as(installer, "POST", "/api/v1/alarms/" + id + "/on-scene", "{}"), "may not work alarms");
    }

    @Test
    void liveStreamAcceptsARoleTokenInTheQuery() throws Exception {
        String crew = issue("Li Wei", "crew");
        assertThat(io.firegrid.gateway.support.SseClient.status(gw.uri("/api/v1/alarms/stream?access_token=" + crew)))
                .isEqualTo(200);
    }

    @Test
    void revokedTokenIsRefusedAtOnceAndSecretsAreNeverListed() {
        String crew = issue("Wang Fang", "crew");
        JsonArray listed = new JsonArray(gw.get("/api/v1/tokens").body());
        assertThat(listed).hasSize(1);
        assertThat(listed.encode()).doesNotContain(crew);
        String id = listed.getJsonObject(0).getString("id");

        assertThat(gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/tokens/" + id)).DELETE()
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).build()).statusCode()).isEqualTo(204);

        HttpResponse<String> r = as(crew, "GET", "/api/v1/alarms", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("not valid");
    }

    @Test
    void tokensSurviveARestart() {
        String crew = issue("Li Wei", "crew");
        gw.close();
        gw = TestGateway.start(dataDir);
        assertThat(as(crew, "GET", "/api/v1/alarms", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesBadTokenRequests() {
        assertBad(gw.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"chief\"}"), "bad-role", "not one of admin, crew");
        assertBad(gw.post("/api/v1/tokens", "{\"role\":\"crew\"}"), null, "name");
        assertBad(gw.post("/api/v1/tokens", "{\"name\":\"" + "x".repeat(65) + "\",\"role\":\"crew\"}"), "bad-name", "1 to 64");
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/tokens/tok-nope")).DELETE()
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).build());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    private String issue(String name, String role) {
        HttpResponse<String> r = gw.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("role")).isEqualTo(role);
        return body.getString("token");
    }

    private long raiseAlarm() throws Exception {
        gw.registerDevice("t1", "pi-1");
        try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(d.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        return gw.openAlarms().get(0).getLong("id");
    }

    private HttpResponse<String> as(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return gw.send(b.build());
    }

    private static void assertForbidden(HttpResponse<String> r, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("forbidden");
        assertThat(body.getString("detail")).contains(detail);
    }

    private static void assertBad(HttpResponse<String> r, String code, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        if (code != null) {
            assertThat(body.getString("error")).isEqualTo(code);
        }
        assertThat(body.getString("detail")).contains(detail);
    }
}
