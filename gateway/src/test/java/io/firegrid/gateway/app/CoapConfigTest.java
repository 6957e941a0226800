package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CoAP and secret-key settings: read from the environment, checked, never printed, and honoured when off. */
class CoapConfigTest {

    @TempDir
    Path dataDir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        CoapOptions c = GatewayConfig.defaults().coap();

        assertThat(c.port()).isEqualTo(5683);
        assertThat(c.securePort()).isEqualTo(5684);
        assertThat(c.allowUnauthenticated()).isFalse();
        assertThat(c.maxInFlight()).isEqualTo(2048);
        assertThat(GatewayConfig.defaults().secretKey()).isNull();
    }

    @Test
    void readsEveryCoapVariable() {
        GatewayConfig c = GatewayConfig.fromEnv(Map.of("FIREGRID_COAP_PORT", "0", "FIREGRID_COAPS_PORT", "-1",
                "FIREGRID_COAP_UNAUTHENTICATED", "true", "FIREGRID_COAP_MAX_IN_FLIGHT", "10",
                "FIREGRID_SECRET_KEY", "ab".repeat(32)));

        assertThat(c.coap()).isEqualTo(new CoapOptions(0, -1, true, 10, CoapOptions.DEFAULT_MAX_TTD_SECONDS));
        assertThat(c.secretKey()).isEqualTo("ab".repeat(32));
        assertThat(c.toString()).doesNotContain("abab").contains("secretKey=set");
    }

    @Test
    void refusesBadValuesSayingWhichVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_COAPS_PORT", "70000")))
                .hasMessageContaining("FIREGRID_COAPS_PORT must be between 0 and 65535");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_COAP_UNAUTHENTICATED", "yes")))
                .hasMessageContaining("FIREGRID_COAP_UNAUTHENTICATED must be true or false");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_COAP_MAX_IN_FLIGHT", "0")))
                .hasMessageContaining("FIREGRID_COAP_MAX_IN_FLIGHT must be at least 1");
    }

    @Test
    void aSecretKeyThatIsNot64HexDigitsStopsTheGatewayWithWhatToDo() {
        assertThatThrownBy(() -> Gateway.start(TestGateway.config(dataDir).withSecretKey("too-short")))
                .hasMessageContaining("FIREGRID_SECRET_KEY must hold 64 hex digits").hasMessageContaining("openssl rand -hex 32");
    }

    @Test
    void bothCoapPortsOffOpenNoCoapEndpoint() throws Exception {
        try (Gateway gw = Gateway.start(TestGateway.config(dataDir).withCoap(CoapOptions.DEFAULTS.withPorts(-1, -1)))) {
            assertThat(gw.coapPort()).isEqualTo(-1);
            assertThat(gw.coapsPort()).isEqualTo(-1);
            JsonObject ports = new JsonObject(Files.readString(dataDir.resolve("ports.json")));
            assertThat(ports.getInteger("coap")).isEqualTo(-1);
            assertThat(ports.getInteger("coaps")).isEqualTo(-1);
            assertThat(ports.getInteger("mqtt")).isPositive();
        }
    }

    @Test
    void aTakenCoapPortStopsTheGatewayNamingThePortAndItsVariable() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Gateway.start(TestGateway.config(dataDir)
                    .withCoap(CoapOptions.DEFAULTS.withPorts(0, taken.getLocalPort()))))
                    .hasMessageContaining("cannot open the CoAP port").hasMessageContaining(":" + taken.getLocalPort())
                    .hasMessageContaining("FIREGRID_COAPS_PORT");
        }
    }
}
