package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent CoAP client works: libcoap's {@code coap-client-openssl} (Debian libcoap3-bin),
 * used as the README shows, posts an event over DTLS with a PSK and the alarm is raised; with a
 * wrong PSK the handshake fails and nothing is stored; with the right PSK but another device's
 * path it gets 4.03 and the reason. {@code ./firegrid test} installs libcoap3-bin when missing.
 */
class CoapClientsIT {

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
        gw.registerDeviceWithPsk("t1", "pi-0043");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void coapClientPostsAnEventOverDtlsAndTheAlarmIsRaised() throws Exception {
        Result r = coapClient("pi-0042@t1", TestGateway.PSK, "/event", Bodies.smoke(42, "smoke-1", "alarm"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("4.").doesNotContain("5.");
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).singleElement().satisfies(a -> {
            assertThat(a.getString("device")).isEqualTo("pi-0042");
            assertThat(a.getLong("seq")).isEqualTo(42L);
            assertThat(a.getString("class")).isEqualTo("fire");
        });
    }

    @Test
    void coapClientWithAWrongPskFailsTheHandshakeAndNothingIsStored() throws Exception {
        Result r = coapClient("pi-0042@t1", "this-is-not-the-psk-of-pi-42", "/event", Bodies.smoke(1, "smoke-1", "alarm"));

        assertThat(r.output()).doesNotContain("2.04");
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap")).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gw.metric("firegrid_refused_total", "protocol", "coap", "code", "dtls-mac-error")).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void coapClientWithTheRightPskPostingForAnotherDeviceGetsForbidden() throws Exception {
        Result r = coapClient("pi-0042@t1", TestGateway.PSK, "/event/t1/pi-0043", Bodies.smoke(1, "smoke-1", "alarm"));

        assertThat(r.output()).contains("4.03").contains("only for itself");
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "not-this-device")).isEqualTo(1.0);
    }

    private record Result(int exitCode, String output) {
    }

    private Result coapClient(String identity, String psk, String path, byte[] body) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(COAP_CLIENT, "-u", identity, "-k", psk, "-m", "post", "-t", "application/json",
                "-B", "5", "-e", new String(body, StandardCharsets.UTF_8), gw.coapsUri() + path));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("coap-client-openssl did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
