package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PSK rotation seen by libcoap's {@code coap-client-openssl}, an independent DTLS client: within
 * the grace period the old key (identity {@code pi-0042@t1}) and the new one (under the identity
 * the rotation answered, {@code pi-0042@t1~2}) both work; the first request with the new key
 * revokes the old one, whose handshake is then refused and counted.
 */
class PskRotationIT {

    private static final String COAP_CLIENT = "/usr/bin/coap-client-openssl";

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeAll
    static void requireLibcoap() {
        assertThat(Files.isExecutable(Path.of(COAP_CLIENT)))
                .as("coap-client-openssl is missing: install Debian's libcoap3-bin (./firegrid test does it)")
                .isTrue();
    }

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDeviceWithPsk("t1", "pi-0042");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void bothKeysWorkWithinTheGraceAndTheOldOneIsRefusedOnceTheNewOneWasUsed() throws Exception {
        // GIVEN a rotation of the device's PSK with an hour of grace, not sent to the device
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/credentials", "{\"psk\":true,\"send\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject rotation = new JsonObject(r.body());
        String identity = rotation.getString("pskIdentity");
        assertThat(identity).isEqualTo("pi-0042@t1~2");

        // THEN the old key still works
        Result old = coapClient("pi-0042@t1", TestGateway.PSK, Bodies.smoke(1, "smoke-1", "alarm"));
        assertThat(old.exitCode()).as(old.output()).isZero();
        assertThat(old.output()).doesNotContain("4.").doesNotContain("5.");

        // WHEN the device uses its new key
        Result fresh = coapClient(identity, rotation.getString("psk"), Bodies.smoke(2, "smoke-1", "normal"));
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        assertThat(fresh.output()).doesNotContain("4.").doesNotContain("5.");
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(2.0);

        // THEN the old key is revoked: its handshake fails, is counted, and nothing is stored
        await().atMost(Duration.ofSeconds(5)).until(() -> new JsonArray(gw.get("/api/v1/devices/t1/pi-0042/history").body())
                .stream().anyMatch(o -> "old-psk-revoked".equals(((JsonObject) o).getString("what"))));
        Result refused = coapClient("pi-0042@t1", TestGateway.PSK, Bodies.smoke(3, "smoke-1", "alarm"));
        assertThat(refused.output()).doesNotContain("2.04");
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(2.0);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                gw.metric("firegrid_refused_total", "protocol", "coap", "code", "revoked-psk-identity") >= 1.0);
    }

    private record Result(int exitCode, String output) {
    }

    private Result coapClient(String identity, String psk, byte[] body) throws IOException, InterruptedException {
        List<String> cmd = List.of(COAP_CLIENT, "-u", identity, "-k", psk, "-m", "post", "-t", "application/json",
                "-B", "5", "-e", new String(body, StandardCharsets.UTF_8), gw.coapsUri() + "/event");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("coap-client-openssl did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
