package io.firegrid.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console's reports, device and role-aware pages read from the gateway: the facility
 * reports derived from alarms (doors held open, pressure excursions, offline devices), the
 * effective thresholds in the device JSON, and {@code GET /api/v1/me}.
 */
class ConditionReportsTest {

    @TempDir
    Path dataDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-10T02:00:00Z"));
    TestGateway gw;
    Mqtt5Device pi;
    long seq;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, clock);
        created(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"tower-1\",\"name\":\"Tower 1\",\"building\":\"1\","
                + "\"limits\":{\"pressureLowMpa\":0.35,\"pressureHighMpa\":0.6}}"));
        created(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"tower-1\",\"sensors\":[{\"id\":\"hydrant-1\",\"kind\":\"pressure\",\"zone\":\"F1\"},"
                + "{\"id\":\"hydrant-2\",\"kind\":\"pressure\",\"zone\":\"F9\",\"limits\":{\"pressureLowMpa\":0.3,"
                + "\"pressureHighMpa\":0.45}},{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"F1\"},"
                + "{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"F1\"}]}"));
        pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        pi.close();
        gw.close();
    }

    @Test
    void reportsDoorsHeldOpenPressureExcursionsAndOfflineDevicesWithHowLongEachLasted() throws Exception {
        // GIVEN a door wedged open past its 120 s limit and closed 60 s after the alarm
        event("door-1", "door", "open");
        clock.advance(Duration.ofSeconds(121));
        gw.tick();
        clock.advance(Duration.ofSeconds(60));
        event("door-1", "door", "closed");
        // AND a hydrant below its site's 0.35 MPa for 10 minutes
        reading("hydrant-1", 0.20);
        clock.advance(Duration.ofMinutes(10));
        reading("hydrant-1", 0.40);
        // AND the device reporting itself offline 5 minutes before the report is read (still open)
        event("device", "device", "offline");
        clock.advance(Duration.ofMinutes(5));

        // WHEN each report is read
        JsonObject doors = report("doors-held-open");
        JsonObject pressure = report("pressure-excursions");
        JsonObject offline = report("offline-devices");

        // THEN each lists its condition, and how long it lasted
        assertThat(doors.getInteger("count")).isEqualTo(1);
        JsonObject door = doors.getJsonArray("rows").getJsonObject(0);
        assertThat(door.getString("sensor")).isEqualTo("door-1");
        assertThat(door.getString("type")).isEqualTo("door-held-open");
        assertThat(door.getDouble("durationSeconds")).isEqualTo(60.0);
        assertThat(door.getBoolean("open")).isFalse();
        assertThat(door.getString("cause")).isEqualTo("cleared");

        JsonObject low = pressure.getJsonArray("rows").getJsonObject(0);
        assertThat(pressure.getInteger("count")).isEqualTo(1);
        assertThat(low.getString("type")).isEqualTo("pressure-low");
        assertThat(low.getString("site")).isEqualTo("tower-1");
        assertThat(low.getDouble("durationSeconds")).isEqualTo(600.0);

        JsonObject off = offline.getJsonArray("rows").getJsonObject(0);
        assertThat(offline.getInteger("count")).isEqualTo(1);
        assertThat(offline.getLong("open")).isEqualTo(1);
        assertThat(off.getBoolean("open")).isTrue();
        assertThat(off.getValue("endedAt")).isNull();
        assertThat(off.getDouble("durationSeconds")).isEqualTo(300.0);
    }

    @Test
    void exportsEachConditionReportAsCsv() throws Exception {
        reading("hydrant-2", 0.50);
        clock.advance(Duration.ofSeconds(90));
        reading("hydrant-2", 0.40);

        HttpResponse<String> r = gw.get("/api/v1/reports/pressure-excursions?from=2026-11-01&to=2026-12-01&format=csv");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("pressure-excursions.csv"));
        String[] lines = r.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo(String.join(",", ConditionReport.CSV_HEADER));
        assertThat(lines[1]).matches("\\d+,t1,pi-1,hydrant-2,tower-1,,pressure-high,2026-11-10T02:00:00Z,"
                + "2026-11-10T02:01:30Z,90.0,false,gateway,cleared,false,"
                + "\"Tower 1 1栋 消火栓压力\",\"Tower 1, Bldg 1, hydrant pressure\"");
    }

    @Test
    void refusesBadReportRequestsWithTheReason() {
        assertStatus(gw.get("/api/v1/reports/doors-open"), 404, "unknown-report", "doors-held-open");
        assertStatus(gw.get("/api/v1/reports/offline-devices?from=2026-12-01&to=2026-11-01"), 400, "bad-parameter",
                "'from' must be before 'to'");
        assertStatus(gw.get("/api/v1/reports/offline-devices?from=yesterday"), 400, "bad-parameter", "2026-11-01");
        assertStatus(gw.get("/api/v1/reports/offline-devices?format=xml"), 400, "bad-parameter", "json or csv");
        assertStatus(gw.get("/api/v1/reports/offline-devices?drill=maybe"), 400, null, "drill");
        assertStatus(as(issue("Installer Zhou", "installer", null), "/api/v1/reports/doors-held-open"), 403,
                "forbidden", "needs admin or crew or facility-manager");
        assertStatus(as(issue("Chen Jing", "grid-worker", null), "/api/v1/reports/pressure-excursions"), 403,
                "forbidden", "read reports");
        assertStatus(as(issue("Office t2", "facility-manager", "t2"), "/api/v1/reports/offline-devices?tenant=t1"), 403,
                "other-tenant", "t2");
    }

    @Test
    void tenantScopedManagerSeesOnlyItsTenantsConditions() throws Exception {
        event("device", "device", "offline");
        String t2 = issue("Office t2", "facility-manager", "t2");

        HttpResponse<String> r = as(t2, "/api/v1/reports/offline-devices?from=2026-11-01&to=2026-12-01");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getInteger("count")).isZero();
        assertThat(report("offline-devices").getInteger("count")).isEqualTo(1);
    }

    @Test
    void deviceJsonCarriesTheThresholdsTheRulesApplyAndWhereTheyComeFrom() {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/pi-1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray sensors = new JsonObject(r.body()).getJsonArray("sensors");
        assertThat(thresholds(sensors, "hydrant-1")).isEqualTo(new JsonObject()
                .put("pressureLowMpa", 0.35).put("pressureHighMpa", 0.6).put("source", "site"));
        assertThat(thresholds(sensors, "hydrant-2")).isEqualTo(new JsonObject()
                .put("pressureLowMpa", 0.3).put("pressureHighMpa", 0.45).put("source", "sensor"));
        assertThat(thresholds(sensors, "door-1")).isEqualTo(new JsonObject()
                .put("doorHeldOpenSeconds", 120).put("source", "gateway"));
        assertThat(thresholds(sensors, "smoke-1")).isNull();
    }

    @Test
    void meSaysWhoTheTokenIsAndWhatItsRoleMayDo() {
        JsonObject manager = me(issue("Property Office", "facility-manager", "t1"));
        assertThat(manager.getString("name")).isEqualTo("Property Office");
        assertThat(manager.getString("role")).isEqualTo("facility-manager");
        assertThat(manager.getString("tenant")).isEqualTo("t1");
        assertThat(manager.getJsonObject("may").getBoolean("workAlarms")).isFalse();
        assertThat(manager.getJsonObject("may").getBoolean("reports")).isTrue();

        JsonObject crew = me(issue("Wang Fang", "crew", null));
        assertThat(crew.getString("role")).isEqualTo("crew");
        assertThat(crew.getValue("tenant")).isNull();
        assertThat(crew.getJsonObject("may").getBoolean("workAlarms")).isTrue();
        assertThat(crew.getJsonObject("may").getBoolean("register")).isFalse();
        assertThat(crew.getJsonObject("may").getBoolean("logins")).isFalse();

        JsonObject admin = me(TestGateway.ADMIN_TOKEN);
        assertThat(admin.getString("role")).isEqualTo("admin");
        assertThat(admin.getJsonObject("may").getBoolean("logins")).isTrue();
        assertThat(admin.getJsonObject("may").getMap()).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(true));

        HttpResponse<String> none = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/me")).GET().build());
        assertThat(none.statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject report(String name) {
        HttpResponse<String> r = gw.get("/api/v1/reports/" + name + "?from=2026-11-01&to=2026-12-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("report")).isEqualTo(name);
        return body;
    }

    private static JsonObject thresholds(JsonArray sensors, String id) {
        return sensors.stream().map(JsonObject.class::cast).filter(s -> s.getString("id").equals(id)).findFirst()
                .orElseThrow().getJsonObject("thresholds");
    }

    private JsonObject me(String token) {
        HttpResponse<String> r = as(token, "/api/v1/me");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private String issue(String name, String role, String tenant) {
        HttpResponse<String> r = gw.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role)
                .put("tenant", tenant).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> as(String token, String path) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static void assertStatus(HttpResponse<String> r, int status, String error, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        if (error != null) {
            assertThat(body.getString("error")).isEqualTo(error);
        }
        assertThat(body.getString("detail")).contains(detail);
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void event(String sensor, String kind, String state) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"sensor\":\"" + sensor + "\",\"kind\":\"" + kind + "\",\"state\":\"" + state + "\"}";
        assertThat(pi.publish("event", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private void reading(String sensor, double mpa) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"readings\":[{\"sensor\":\"" + sensor + "\",\"kind\":\"pressure\",\"value\":"
                + mpa + ",\"unit\":\"MPa\"}]}";
        assertThat(pi.publish("telemetry", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

}
