package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/devices/{tenant}/{device}/readings}: with no InfluxDB configured, a sensor's
 * readings come back downsampled per minute from the embedded history, and its state changes as
 * they came; bad requests get a 4xx saying why.
 */
class ReadingsHistoryTest {

    static final String RANGE = "&from=2026-11-28T12:00:00Z&to=2026-11-28T12:03:00Z";

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
        try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(d.publish("telemetry", pressure(1, "12:00:05", 0.30), 1).accepted()).isTrue();
            assertThat(d.publish("telemetry", pressure(2, "12:00:35", 0.34), 1).accepted()).isTrue();
            assertThat(d.publish("telemetry", pressure(3, "12:01:10", 0.20), 1).accepted()).isTrue();
            assertThat(d.publish("telemetry", pressure(4, "12:05:00", 0.40), 1).accepted()).isTrue();
            assertThat(d.publish("event", event(5, "12:00:50", "door-1", "door", "open"), 1).accepted()).isTrue();
            assertThat(d.publish("event", event(6, "12:02:20", "door-1", "door", "closed"), 1).accepted()).isTrue();
        }
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    static byte[] pressure(long seq, String time, double mpa) {
        return ("{\"ts\":\"2026-11-28T" + time + "Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                + "\"kind\":\"pressure\",\"value\":" + mpa + ",\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] event(long seq, String time, String sensor, String kind, String state) {
        return ("{\"ts\":\"2026-11-28T" + time + "Z\",\"seq\":" + seq + ",\"sensor\":\"" + sensor + "\",\"kind\":\""
                + kind + "\",\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pressureReadingsComeBackAsMinMeanMaxPerMinuteWithinTheRange() {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1" + RANGE);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("kind")).isEqualTo("pressure");
        assertThat(body.getLong("bucketSeconds")).isEqualTo(60L);
        JsonArray readings = body.getJsonArray("readings");
        assertThat(readings).hasSize(2); // 12:05 lies outside the range
        JsonObject first = readings.getJsonObject(0);
        assertThat(first.getString("t")).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(first.getDouble("min")).isEqualTo(0.30);
        assertThat(first.getDouble("max")).isEqualTo(0.34);
        assertThat(first.getDouble("mean")).isCloseTo(0.32, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.getLong("count")).isEqualTo(2L);
        JsonObject second = readings.getJsonObject(1);
        assertThat(second.getString("t")).isEqualTo("2026-11-28T12:01:00Z");
        assertThat(second.getDouble("min")).isEqualTo(0.20);
        assertThat(second.getLong("count")).isEqualTo(1L);
        assertThat(body.getJsonArray("events")).isEmpty();
        assertThat(body.getBoolean("truncated")).isFalse();
    }

    @Test
    void doorStateChangesComeBackInOrderAsTheyCame() {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/pi-1/readings?sensor=door-1" + RANGE);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("kind")).isEqualTo("door");
        assertThat(body.getJsonArray("readings")).isEmpty();
        assertThat(body.getJsonArray("events")).containsExactly(
                new JsonObject().put("t", "2026-11-28T12:00:50Z").put("state", "open"),
                new JsonObject().put("t", "2026-11-28T12:02:20Z").put("state", "closed"));
    }

    @Test
    void everyRoleMayReadAHistoryButNotWithoutAToken() {
        for (String role : new String[] {"crew", "grid-worker", "facility-manager", "installer"}) {
            HttpResponse<String> issued = gw.post("/api/v1/tokens", new JsonObject().put("name", role).put("role", role).encode());
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            String token = new JsonObject(issued.body()).getString("token");
            HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1"
                    + RANGE)).header("Authorization", "Bearer " + token).GET().build());
            assertThat(r.statusCode()).as("%s: %s", role, r.body()).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getJsonArray("readings")).hasSize(2);
        }
        HttpResponse<String> anonymous = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1"))
                .GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /api/v1/devices/t1/pi-1/readings                                             | 400 | bad-parameter  | 'sensor' is required, e.g. ?sensor=hydrant-1; device pi-1@t1 has sensors [smoke-1, smoke-2, door-1]
            /api/v1/devices/t1/pi-1/readings?sensor=a%20b                                 | 400 | bad-parameter  | 'sensor' must be 1 to 64 characters
            /api/v1/devices/t1/pi-1/readings?sensor=hydrant-1&from=yesterday              | 400 | bad-parameter  | 'from' must be an instant such as 2026-11-28T00:00:00Z, not 'yesterday'
            /api/v1/devices/t1/pi-1/readings?sensor=hydrant-1&to=2026-13-01T00:00:00Z     | 400 | bad-parameter  | 'to' must be an instant
            /api/v1/devices/t1/pi-1/readings?sensor=hydrant-1&from=2026-11-28T12:00:00Z&to=2026-11-28T12:00:00Z | 400 | bad-parameter | 'from' must be before 'to'
            /api/v1/devices/t1/pi-1/readings?sensor=hydrant-1&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z | 400 | bad-parameter | at most 400 days
            /api/v1/devices/t1/pi-9/readings?sensor=hydrant-1                             | 404 | unknown-device | no device pi-9@t1 is registered
            """)
    void badRequestsAreRefusedWithTheReason(String path, int status, String error, String detail) {
        HttpResponse<String> r = gw.get(path);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("detail")).contains(detail);
        // the history still answers after the refusals
        assertThat(gw.get("/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1" + RANGE).statusCode()).isEqualTo(200);
    }
}
