package io.firegrid.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A facility manager's response-time report: counts, median and worst times, share within the targets. */
class ResponseTimesReportTest {

    @TempDir
    Path dataDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-10T02:00:00Z"));
    TestGateway gw;
    Mqtt5Device pi;
    long seq;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, clock);
        gw.registerDevice("t1", "pi-1");
        pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        pi.close();
        gw.close();
    }

    @Test
    void reportsFireResponseTimesAgainstTheTargetsPerMonth() throws Exception {
        // GIVEN three fire alarms in November: acknowledged after 30 s and 90 s, one never; one reached on scene in 150 s
        long a = fire("smoke-1");
        clock.advance(Duration.ofSeconds(30));
        step(a, "ack");
        clock.advance(Duration.ofSeconds(120));
        step(a, "on-scene");
        step(a, "resolve", "{\"cause\":\"false-alarm\"}");
        long b = fire("smoke-2");
        clock.advance(Duration.ofSeconds(90));
        step(b, "ack");
        fire("smoke-3");
        // and a door held open: counted, but not in the fire response times
        event("door-1", "door", "open");
        clock.advance(Duration.ofMinutes(3));
        gw.tick();

        HttpResponse<String> r = gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&group=month");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject row = new JsonObject(r.body()).getJsonArray("rows").getJsonObject(0);
        assertThat(row.getString("group")).isEqualTo("2026-11");
        assertThat(row.getInteger("alarms")).isEqualTo(4);
        assertThat(row.getInteger("fire")).isEqualTo(3);
        assertThat(row.getInteger("supervisory")).isEqualTo(1);
        assertThat(row.getDouble("ackMedianSeconds")).isEqualTo(60.0);
        assertThat(row.getDouble("ackWorstSeconds")).isEqualTo(90.0);
        assertThat(row.getDouble("ackWithinTargetShare")).isEqualTo(1.0 / 3);
        assertThat(row.getDouble("onSceneMedianSeconds")).isEqualTo(150.0);
        assertThat(row.getDouble("onSceneWithinTargetShare")).isEqualTo(1.0 / 3);
    }

    @Test
    void exportsCsvAndGroupsByClass() throws Exception {
        long a = fire("smoke-1");
        clock.advance(Duration.ofSeconds(45));
        step(a, "ack");

        HttpResponse<String> r = gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&group=class&format=csv");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", ResponseReport.CSV_HEADER));
        assertThat(lines[1]).startsWith("fire,1,1,0,0,45.000,45.000,1.000,,,0.000");
    }

    @Test
    void drillsAreLeftOutByDefaultAndReportedApartOnRequest() throws Exception {
        // GIVEN a real fire acknowledged in 30 s
        long real = fire("smoke-1");
        clock.advance(Duration.ofSeconds(30));
        step(real, "ack");
        // and, with the site in drill, a drill fire acknowledged in 200 s
        HttpResponse<String> site = gw.post("/api/v1/sites",
                "{\"tenant\":\"t1\",\"id\":\"site-1\",\"name\":\"Site 1\",\"building\":\"1\"}");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        assertThat(gw.post("/api/v1/sites/t1/site-1/drill", "{\"on\":true}").statusCode()).isEqualTo(200);
        long drill = fire("smoke-2");
        clock.advance(Duration.ofSeconds(200));
        step(drill, "ack");

        JsonObject byDefault = report("");
        JsonObject only = report("&drill=only");
        JsonObject both = report("&drill=include");

        assertThat(byDefault.getString("drill")).isEqualTo("exclude");
        JsonObject realRow = byDefault.getJsonArray("rows").getJsonObject(0);
        assertThat(realRow.getInteger("alarms")).isEqualTo(1);
        assertThat(realRow.getInteger("drills")).isZero();
        assertThat(realRow.getDouble("ackWorstSeconds")).isEqualTo(30.0);
        assertThat(realRow.getDouble("ackWithinTargetShare")).isEqualTo(1.0);
        JsonObject drillRow = only.getJsonArray("rows").getJsonObject(0);
        assertThat(drillRow.getInteger("alarms")).isEqualTo(1);
        assertThat(drillRow.getInteger("drills")).isEqualTo(1);
        assertThat(drillRow.getDouble("ackMedianSeconds")).isEqualTo(200.0);
        JsonObject mixed = both.getJsonArray("rows").getJsonObject(0);
        assertThat(mixed.getInteger("alarms")).isEqualTo(2);
        assertThat(mixed.getInteger("drills")).isEqualTo(1);
        assertThat(mixed.getDouble("ackWorstSeconds")).isEqualTo(200.0);
        String csv = gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&drill=only&format=csv").body();
        assertThat(csv.split("\r\n")[1]).startsWith("2026-11,1,1,0,0,200.000").endsWith(",1");
    }

    private JsonObject report(String query) {
        HttpResponse<String> r = gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    @Test
    void groupsByResponsibleStationAndListsEachAlarm() throws Exception {
        assertThat(gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"Station S\","
                + "\"location\":{\"lat\":31.2,\"lon\":121.4}}").statusCode()).isEqualTo(201);
        assertThat(gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"c1\",\"station\":\"S\"}").statusCode()).isEqualTo(201);
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"site-1\",\"name\":\"Site\",\"cell\":\"c1\","
                + "\"building\":\"1\"}").statusCode()).isEqualTo(201);
        long a = fire("smoke-1");
        clock.advance(Duration.ofSeconds(20));
        step(a, "ack");
        fire("smoke-2");

        JsonObject byStation = new JsonObject(gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&group=station").body());
        assertThat(byStation.getJsonArray("rows")).hasSize(1);
        assertThat(byStation.getJsonArray("rows").getJsonObject(0).getString("group")).isEqualTo("S");
        assertThat(byStation.getJsonArray("rows").getJsonObject(0).getInteger("fire")).isEqualTo(2);

        JsonObject perAlarm = new JsonObject(gw.get("/api/v1/reports/response-times?from=2026-11-01&to=2026-12-01&group=alarm").body());
        assertThat(perAlarm.getJsonArray("rows")).extracting(r -> ((JsonObject) r).getString("group"))
                .containsExactly(Long.toString(a), Long.toString(a + 1));
        assertThat(perAlarm.getJsonArray("rows").getJsonObject(0).getDouble("ackMedianSeconds")).isEqualTo(20.0);
    }

    @Test
    void refusesBadParametersWithReasons() {
        assertRefused("?from=yesterday", "'from' must be a date");
        assertRefused("?from=2026-12-01&to=2026-11-01", "'from' must be before 'to'");
        assertRefused("?group=floor", "month, site, station, class or alarm");
        assertRefused("?format=xlsx", "json or csv");
        assertRefused("?tz=Mars/Olympus", "time zone");
        assertRefused("?drill=yes", "exclude");
    }

    private void assertRefused(String query, String detail) {
        HttpResponse<String> r = gw.get("/api/v1/reports/response-times" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    private long fire(String sensor) throws Exception {
        assertThat(pi.publish("event", Bodies.smoke(++seq, sensor, "alarm"), 1).reasonCode()).isZero();
        return gw.openAlarmFor("pi-1", sensor).orElseThrow().getLong("id");
    }

    private void event(String sensor, String kind, String state) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"sensor\":\"" + sensor + "\",\"kind\":\"" + kind + "\",\"state\":\"" + state + "\"}";
        assertThat(pi.publish("event", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private void step(long id, String action) {
        step(id, action, "{}");
    }

    private void step(long id, String action, String body) {
        HttpResponse<String> r = gw.post("/api/v1/alarms/" + id + "/" + action, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
