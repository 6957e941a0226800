package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sensor registered with limits of its own is judged by them, not by the gateway's defaults. */
class SensorLimitsTest {

    @TempDir
    Path dataDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    TestGateway gw;
    long seq;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void highRiseHydrantIsLowBelowItsOwnThresholdAndLoadingBayDoorMayStayOpenLonger() throws Exception {
        HttpResponse<String> r = gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-roof","password":"s3cret-pass","site":"tower-1","sensors":[
                  {"id":"hydrant-1","kind":"pressure","limits":{"pressureLowMpa":0.35,"pressureHighMpa":0.50}},
                  {"id":"door-bay","kind":"door","limits":{"doorHeldOpenSeconds":600}},
                  {"id":"door-1","kind":"door"}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(new JsonObject(r.body()).getJsonArray("sensors").getJsonObject(0).getJsonObject("limits")
                .getDouble("pressureLowMpa")).isEqualTo(0.35);

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-roof@t1", "s3cret-pass")) {
            // 0.30 MPa is fine by the default 0.25 but low for a high-rise outlet
            publish(pi, "telemetry", "{\"seq\":" + (++seq) + ",\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.30}]}");
            assertThat(open("pressure-low", "hydrant-1")).isPresent();

            publish(pi, "event", "{\"seq\":" + (++seq) + ",\"sensor\":\"door-bay\",\"kind\":\"door\",\"state\":\"open\"}");
            publish(pi, "event", "{\"seq\":" + (++seq) + ",\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"open\"}");
            clock.advance(Duration.ofSeconds(300));
            gw.tick();
            assertThat(open("door-held-open", "door-1")).isPresent();
            assertThat(open("door-held-open", "door-bay")).isEmpty();
            clock.advance(Duration.ofSeconds(300));
            gw.tick();
            assertThat(open("door-held-open", "door-bay")).isPresent();
        }
    }

    @Test
    void siteLimitsApplyToItsSensorsAndASensorsOwnLimitsWin() throws Exception {
        HttpResponse<String> site = gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"tower-9\",\"name\":\"Tower 9\","
                + "\"building\":\"9\",\"limits\":{\"pressureLowMpa\":0.35,\"pressureHighMpa\":0.50}}");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        assertThat(new JsonObject(gw.get("/api/v1/sites/t1/tower-9").body()).getJsonObject("limits").getDouble("pressureLowMpa"))
                .isEqualTo(0.35);
        assertThat(gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-tower","password":"s3cret-pass","site":"tower-9","sensors":[
                  {"id":"hydrant-1","kind":"pressure"},
                  {"id":"hydrant-podium","kind":"pressure","limits":{"pressureLowMpa":0.25,"pressureHighMpa":0.50}}]}""")
                .statusCode()).isEqualTo(201);

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-tower@t1", "s3cret-pass")) {
            publish(pi, "telemetry", "{\"seq\":" + (++seq) + ",\"readings\":["
                    + "{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.30},"
                    + "{\"sensor\":\"hydrant-podium\",\"kind\":\"pressure\",\"value\":0.30}]}");
        }
        assertThat(open("pressure-low", "hydrant-1")).as("the site's high-rise threshold").isPresent();
        assertThat(open("pressure-low", "hydrant-podium")).as("the sensor's own threshold").isEmpty();
        assertThat(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"bad\",\"name\":\"Bad\",\"building\":\"1\","
                + "\"limits\":{\"pressureLowMpa\":0.5}}").statusCode()).isEqualTo(400);
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertRefused("{\"pressureLowMpa\":0.35}", "both");
        assertRefused("{\"pressureLowMpa\":0.5,\"pressureHighMpa\":0.35}", "0 <= pressureLowMpa < pressureHighMpa");
        assertRefused("{\"pressureLowMpa\":0.30,\"pressureHighMpa\":0.32}", "at least 0.05 MPa wide");
        assertRefused("{\"pressureLowMpa\":0.3,\"pressureHighMpa\":5}", "1.6");
        assertRefused("{\"doorHeldOpenSeconds\":0}", "between 1 and 86400");
        assertRefused("{\"doorHeldOpenSeconds\":\"long\"}", "must be a number");
        assertRefused("{\"doorHeldOpenMinutes\":5}", "unknown limit 'doorHeldOpenMinutes'");
        assertRefused("[1]", "must be an object");
    }

    private void assertRefused(String limits, String detail) {
        HttpResponse<String> r = gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-x\",\"password\":\"s3cret-pass\","
                + "\"sensors\":[{\"id\":\"s-1\",\"kind\":\"pressure\",\"limits\":" + limits + "}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("bad-limits");
        assertThat(body.getString("detail")).contains(detail);
    }

    private static void publish(Mqtt5Device pi, String topic, String body) throws Exception {
        assertThat(pi.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private Optional<JsonObject> open(String type, String sensor) {
        return gw.openAlarms().stream().filter(a -> a.getString("type").equals(type) && a.getString("sensor").equals(sensor))
                .findFirst();
    }
}
