package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token lives no longer than it should: revoked, it is refused at once and its open live streams
 * end; expired, it is refused saying when, and its streams end at that moment; a token in the URL
 * works on the live stream only.
 */
class TokenLifetimeTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void revokingATokenEndsItsOpenStreamAtOnceAndOthersStayOpen() throws Exception {
        JsonObject issued = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew"));
        String crew = issued.getString("token");
        try (SseClient revoked = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + crew));
             SseClient other = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN))) {
            assertThat(revoked.next(Duration.ofSeconds(10)).event()).isEqualTo("snapshot");
            assertThat(other.next(Duration.ofSeconds(10)).event()).isEqualTo("snapshot");

            HttpResponse<String> delete = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/tokens/" + issued.getString("id")))
                    .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).DELETE().build());
            assertThat(delete.statusCode()).isEqualTo(204);

            SseClient.Frame last = revoked.next(Duration.ofSeconds(10));
            assertThat(last.event()).isEqualTo("closed");
            assertThat(new JsonObject(last.data()).getString("reason")).isEqualTo("token-revoked");
            assertThat(revoked.ends(Duration.ofSeconds(10))).as("the server ended the stream").isTrue();

            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            }
            assertThat(other.next(Duration.ofSeconds(10)).event()).as("the admin's stream goes on").isEqualTo("alarm");
        }
        assertThat(SseClient.status(gw.uri("/api/v1/alarms/stream?access_token=" + crew))).isEqualTo(401);
        assertThat(gw.as(crew, "GET", "/api/v1/alarms", null).statusCode()).isEqualTo(401);
        assertThat(gw.metric("firegrid_streams_closed_total", "reason", "token-revoked")).isEqualTo(1.0);
    }

    @Test
    void anExpiredTokenIsRefusedSayingWhenAndItsStreamEndsWhenItExpires() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(2);
        JsonObject issued = gw.issueToken(new JsonObject().put("name", "Temp Crew").put("role", "crew")
                .put("expiresAt", expiresAt.toString()));
        assertThat(issued.getString("expiresAt")).isEqualTo(expiresAt.toString());
        String crew = issued.getString("token");
        assertThat(gw.as(crew, "GET", "/api/v1/alarms", null).statusCode()).as("valid until then").isEqualTo(200);

        try (SseClient stream = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + crew))) {
            assertThat(stream.next(Duration.ofSeconds(10)).event()).isEqualTo("snapshot");
            SseClient.Frame last = stream.next(Duration.ofSeconds(15));
            assertThat(last.event()).isEqualTo("closed");
            assertThat(new JsonObject(last.data()).getString("reason")).isEqualTo("token-expired");
            assertThat(stream.ends(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(Instant.now()).as("not before its time").isAfterOrEqualTo(expiresAt);

        HttpResponse<String> r = gw.as(crew, "GET", "/api/v1/alarms", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("token-expired");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("expired at " + expiresAt);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "token-expired")).isEqualTo(1.0);

        JsonObject listed = new JsonArray(gw.get("/api/v1/tokens").body()).stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("id").equals(issued.getString("id"))).findFirst().orElseThrow();
        assertThat(listed.getString("expiresAt")).isEqualTo(expiresAt.toString());
        assertThat(listed.getBoolean("expired")).isTrue();
    }

    @Test
    void expiresInIsCountedFromNowAndTokensWithoutItNeverExpire() {
        Instant before = Instant.now();
        JsonObject issued = gw.issueToken(new JsonObject().put("name", "Night Shift").put("role", "crew")
                .put("expiresIn", 8 * 3600));
        assertThat(Instant.parse(issued.getString("expiresAt"))).isBetween(before.plusSeconds(8 * 3600),
                Instant.now().plusSeconds(8 * 3600));
        JsonObject forever = gw.issueToken(new JsonObject().put("name", "Panel").put("role", "crew"));
        assertThat(forever.getValue("expiresAt")).isNull();
        assertThat(forever.getBoolean("expired")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"expiresIn\":0}", "{\"expiresIn\":-5}", "{\"expiresIn\":1.5}", "{\"expiresIn\":\"1h\"}",
            "{\"expiresIn\":40000000}", "{\"expiresAt\":\"tomorrow\"}", "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
            "{\"expiresIn\":60,\"expiresAt\":\"2099-01-01T00:00:00Z\"}"})
    void refusesAnExpiryThatIsNotAFutureTime(String expiry) {
        JsonObject body = new JsonObject(expiry).put("name", "X").put("role", "crew");
        HttpResponse<String> r = gw.post("/api/v1/tokens", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("bad-expiry");
        assertThat(new JsonArray(gw.get("/api/v1/tokens").body())).isEmpty();
    }

    @Test
    void aTokenInTheUrlIsRefusedEverywhereButTheLiveStream() throws Exception {
        String crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew")).getString("token");
        for (String path : new String[] {"/api/v1/alarms", "/api/v1/me", "/api/v1/devices", "/api/v1/alarms/stream/x"}) {
            Curl answer = curl(gw.uri(path + "?access_token=" + crew).toString());
            assertThat(answer.status()).as(path).isEqualTo(401);
            JsonObject body = new JsonObject(answer.body());
            assertThat(body.getString("error")).isEqualTo("token-in-query");
            assertThat(body.getString("detail")).contains("Authorization: Bearer");
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "token-in-query")).isEqualTo(4.0);
        assertThat(gw.as(crew, "GET", "/api/v1/alarms", null).statusCode()).as("the header still works").isEqualTo(200);
        assertThat(SseClient.status(gw.uri("/api/v1/alarms/stream?access_token=" + crew))).isEqualTo(200);
    }

    private record Curl(int status, String body) {
    }

    /** GET with curl, an independent client: the status and the body. */
    private static Curl curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", url).redirectErrorStream(true).start();
        String out;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = in.lines().collect(Collectors.joining("\n"));
        }
        assertThat(p.waitFor()).isZero();
        int nl = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
    }
}
