package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail names the token's holder: a {@code "by"} in a request body naming someone else
 * is refused with the reason, and nothing is recorded under that name.
 */
class StepsRecordTheTokenHolderTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    String gridWorker;
    String manager;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gridWorker = gw.issueToken(new JsonObject().put("name", "Chen Jing").put("role", "grid-worker")).getString("token");
        manager = gw.issueToken(new JsonObject().put("name", "Property Office").put("role", "facility-manager")
                .put("tenant", "t1")).getString("token");
        assertThat(gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"S\","
                + "\"location\":{\"lat\":31.2,\"lon\":121.4}}").statusCode()).isEqualTo(201);
        assertThat(gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"c3\",\"station\":\"S\"}").statusCode()).isEqualTo(201);
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"b7\",\"name\":\"B7\",\"cell\":\"c3\","
                + "\"building\":\"7\"}").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aGridWorkerCannotAcknowledgeInAnotherName() throws Exception {
        long id = raiseSmokeAlarm();

        HttpResponse<String> forged = gw.as(gridWorker, "POST", "/api/v1/alarms/" + id + "/ack",
                "{\"by\":\"Chief Inspector Wang\"}");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        JsonObject refusal = new JsonObject(forged.body());
        assertThat(refusal.getString("error")).isEqualTo("by-is-the-token");
        assertThat(refusal.getString("detail")).contains("(Chen Jing)", "leave out 'by'");
        assertThat(new JsonObject(gw.get("/api/v1/alarms/" + id).body()).getString("state")).as("nothing happened")
                .isEqualTo("raised");

        HttpResponse<String> ack = gw.as(gridWorker, "POST", "/api/v1/alarms/" + id + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        JsonObject alarm = new JsonObject(gw.get("/api/v1/alarms/" + id).body());
        assertThat(alarm.getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Chen Jing");
        assertThat(alarm.encode()).doesNotContain("Chief Inspector Wang");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "by-is-the-token")).isEqualTo(1.0);
    }

    @Test
    void namingOneselfInByIsAcceptedAsOlderConsolesDo() throws Exception {
        long id = raiseSmokeAlarm();
        HttpResponse<String> ack = gw.as(gridWorker, "POST", "/api/v1/alarms/" + id + "/ack", "{\"by\":\"Chen Jing\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(new JsonObject(ack.body()).getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Chen Jing");
    }

    @Test
    void everyAlarmStepRefusesAForgedBy() throws Exception {
        long id = raiseSmokeAlarm();
        for (String step : new String[] {"ack", "en-route", "on-scene", "resolve"}) {
            HttpResponse<String> r = gw.post("/api/v1/alarms/" + id + "/" + step,
                    "{\"by\":\"Chief Inspector Wang\",\"cause\":\"false-alarm\"}");
            assertThat(r.statusCode()).as(step + ": " + r.body()).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("by-is-the-token");
            assertThat(gw.post("/api/v1/alarms/" + id + "/" + step, "{\"cause\":\"false-alarm\"}").statusCode()).isEqualTo(200);
        }
        JsonObject alarm = new JsonObject(gw.get("/api/v1/alarms/" + id).body());
        assertThat(alarm.getJsonArray("steps").stream().skip(1).map(s -> ((JsonObject) s).getString("by")))
                .containsOnly("admin");
    }

    @Test
    void aDrillIsRecordedUnderTheTokenHolder() {
        HttpResponse<String> forged = gw.as(manager, "POST", "/api/v1/sites/t1/b7/drill",
                "{\"on\":true,\"by\":\"Chief Inspector Wang\"}");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        assertThat(new JsonObject(forged.body()).getString("error")).isEqualTo("by-is-the-token");
        assertThat(new JsonObject(gw.get("/api/v1/sites/t1/b7").body()).getBoolean("drill")).isFalse();

        HttpResponse<String> on = gw.as(manager, "POST", "/api/v1/sites/t1/b7/drill", "{\"on\":true}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(new JsonObject(on.body()).getString("drillBy")).isEqualTo("Property Office");
    }

    private long raiseSmokeAlarm() throws Exception {
        gw.registerDevice("t1", "pi-1");
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        return gw.openAlarms().get(0).getLong("id");
    }
}
