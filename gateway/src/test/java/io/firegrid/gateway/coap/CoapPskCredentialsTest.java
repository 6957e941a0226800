package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's DTLS pre-shared key: accepted at registration, stored sealed with the gateway's key
 * (a mode-600 file, or FIREGRID_SECRET_KEY), never returned by the API, and usable after a restart
 * only with the same key.
 */
class CoapPskCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void pskIsStoredEncryptedNeverReturnedAndWorksAfterARestart() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            gw.registerDeviceWithPsk("t1", "pi-1");

            HttpResponse<String> one = gw.get("/api/v1/devices/t1/pi-1");
            HttpResponse<String> all = gw.get("/api/v1/devices");
            assertThat(one.body()).doesNotContain(TestGateway.PSK).doesNotContainIgnoringCase("psk");
            assertThat(all.body()).doesNotContain(TestGateway.PSK);
        }

        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secret.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("firegrid.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT psk_sealed FROM device_psks WHERE device='pi-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotBlank().doesNotContain(TestGateway.PSK);
        }
        assertThat(new String(Files.readAllBytes(dataDir.resolve("firegrid.db")), StandardCharsets.ISO_8859_1))
                .doesNotContain(TestGateway.PSK);

        try (TestGateway gw = TestGateway.start(dataDir);
             CoapDevice device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK)) {
            assertThat(device.post("/event", Bodies.smoke(1, "smoke-1", "alarm")).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
    }

    @Test
    void aGatewayWithAnotherSecretKeyCannotUseTheStoredPsk() throws Exception {
        String keyA = "11".repeat(32);
        String keyB = "22".repeat(32);
        try (TestGateway gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withSecretKey(keyA)))) {
            gw.registerDeviceWithPsk("t1", "pi-1");
        }
        assertThat(dataDir.resolve("secret.key")).doesNotExist();

        try (TestGateway gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withSecretKey(keyB)));
             CoapDevice device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK)) {
            assertThatThrownBy(() -> device.post("/event", Bodies.smoke(1, "smoke-1", "alarm"))).isInstanceOf(Exception.class);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    gw.metric("firegrid_refused_total", "protocol", "coap", "code", "secret-unreadable")).isGreaterThanOrEqualTo(1.0));
            assertThat(gw.openAlarms()).isEmpty();
        }
    }

    @Test
    void pskOfTheWrongLengthOrTypeIsRefusedAndNothingIsRegistered() {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            HttpResponse<String> tooShort = gw.post("/api/v1/devices", new JsonObject().put("tenant", "t1").put("id", "pi-1")
                    .put("password", TestGateway.PASSWORD).put("psk", "short").encode());
            HttpResponse<String> notText = gw.post("/api/v1/devices", new JsonObject().put("tenant", "t1").put("id", "pi-1")
                    .put("password", TestGateway.PASSWORD).put("psk", 1234).encode());

            assertThat(tooShort.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(tooShort.body()).getString("error")).isEqualTo("bad-psk");
            assertThat(tooShort.body()).doesNotContain("short\"");
            assertThat(notText.statusCode()).isEqualTo(400);
            assertThat(gw.get("/api/v1/devices/t1/pi-1").statusCode()).isEqualTo(404);
        }
    }
}
