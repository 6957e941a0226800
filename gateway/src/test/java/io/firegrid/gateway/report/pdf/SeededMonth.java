package io.firegrid.gateway.report.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * November 2026 at one community site, made through the gateway's own doors (MQTT events from a
 * device, the alarm lifecycle, isolation and drill through the API), with the figures a monthly
 * report must show:
 * <ul>
 * <li>two real fire alarms: one acknowledged after 45 s, en route at 105 s, on scene at 150 s,
 *     resolved as a false alarm; one acknowledged after 75 s, on scene at 200 s: so 1 of 2 within
 *     60 s, 1 of 2 within 180 s, acknowledgement median 60 s, worst 75 s;</li>
 * <li>a fire door held open past its 120 s limit, on the 12th;</li>
 * <li>the first detector isolated for sanding in the corridor ({@link #ISOLATION_REASON});</li>
 * <li>one drill alarm, with the site in drill, acknowledged after 30 s.</li>
 * </ul>
 */
final class SeededMonth {

    static final Instant START = Instant.parse("2026-11-10T02:00:00Z");
    static final String SITE_NAME = "幸福里小区";
    static final String ISOLATION_REASON = "走廊装修打磨，防止误报";

    final MutableClock clock = new MutableClock(START);
    private TestGateway gw;
    private long seq;

    /** The Chinese location text of the first fire alarm, as the gateway wrote it. */
    String firstLocationZh;
    String firstLocationEn;
    long firstAlarm;

    /** Seeds {@code gw} (started with {@link #clock}). */
    void seed(TestGateway gateway) throws Exception {
        this.gw = gateway;
        created(gw.post("/api/v1/sites", new JsonObject().put("tenant", "t1").put("id", "xfl").put("name", SITE_NAME)
                .put("building", "3").put("floors", 18).encode()));
        created(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-7\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"xfl\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"F5\"},"
                + "{\"id\":\"smoke-2\",\"kind\":\"smoke\",\"zone\":\"F9\"},{\"id\":\"smoke-3\",\"kind\":\"smoke\",\"zone\":\"F12\"},"
                + "{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"F5\"}]}"));
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-7@t1", TestGateway.PASSWORD)) {
            firstAlarm = fire(pi, "smoke-1");
            clock.advance(Duration.ofSeconds(45));
            step(firstAlarm, "ack", "{}");
            clock.advance(Duration.ofSeconds(60));
            step(firstAlarm, "en-route", "{}");
            clock.advance(Duration.ofSeconds(45));
            step(firstAlarm, "on-scene", "{}");
            step(firstAlarm, "resolve", "{\"cause\":\"false-alarm\"}");
            JsonObject first = new JsonObject(gw.get("/api/v1/alarms/" + firstAlarm).body());
            firstLocationZh = first.getJsonObject("locationText").getString("zh");
            firstLocationEn = first.getJsonObject("locationText").getString("en");

            clock.advance(Duration.ofHours(20));
            long second = fire(pi, "smoke-2");
            clock.advance(Duration.ofSeconds(75));
            step(second, "ack", "{}");
            clock.advance(Duration.ofSeconds(125));
            step(second, "on-scene", "{}");
            step(second, "resolve", "{\"cause\":\"fire\"}");

            clock.advance(Duration.ofDays(1));
            event(pi, "door-1", "door", "open");
            clock.advance(Duration.ofSeconds(121));
            gw.tick();
            clock.advance(Duration.ofSeconds(60));
            event(pi, "door-1", "door", "closed");

            HttpResponse<String> isolated = gw.post("/api/v1/isolations", new JsonObject().put("tenant", "t1")
                    .put("device", "pi-7").put("sensor", "smoke-1").put("reason", ISOLATION_REASON)
                    .put("minutes", 240).encode());
            assertThat(isolated.statusCode()).as(isolated.body()).isEqualTo(201);

            clock.advance(Duration.ofDays(1));
            assertThat(gw.post("/api/v1/sites/t1/xfl/drill", "{\"on\":true}").statusCode()).isEqualTo(200);
            long drill = fire(pi, "smoke-3");
            clock.advance(Duration.ofSeconds(30));
            step(drill, "ack", "{}");
            step(drill, "resolve", "{\"cause\":\"drill\"}");
            assertThat(gw.post("/api/v1/sites/t1/xfl/drill", "{\"on\":false}").statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofDays(30));
    }

    private long fire(Mqtt5Device pi, String sensor) throws Exception {
        assertThat(pi.publish("event", Bodies.smoke(++seq, sensor, "alarm"), 1).reasonCode()).isZero();
        return gw.openAlarmFor("pi-7", sensor).orElseThrow().getLong("id");
    }

    private void event(Mqtt5Device pi, String sensor, String kind, String state) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"sensor\":\"" + sensor + "\",\"kind\":\"" + kind + "\",\"state\":\"" + state + "\"}";
        assertThat(pi.publish("event", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private void step(long id, String action, String body) {
        HttpResponse<String> r = gw.post("/api/v1/alarms/" + id + "/" + action, body);
        assertThat(r.statusCode()).as("%s %s: %s", action, id, r.body()).isEqualTo(200);
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
