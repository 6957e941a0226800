package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.tls.TlsOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsConfigTest {

    @Test
    void defaultsAreDevelopmentWithPlainAndTlsPortsOn() {
        GatewayConfig c = GatewayConfig.fromEnv(Map.of());
        assertThat(c.tls().profile()).isEqualTo(TlsOptions.Profile.DEVELOPMENT);
        assertThat(c.tls().mqttsPort()).isEqualTo(8883);
        assertThat(c.tls().httpsPort()).isEqualTo(8443);
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.tls().siteCa()).isTrue();
    }

    @Test
    void productionSwitchesPlainPortsOffUnlessSetExplicitly() {
        GatewayConfig off = GatewayConfig.fromEnv(Map.of("FIREGRID_PROFILE", "production"));
        assertThat(off.mqttPort()).isEqualTo(-1);
        assertThat(off.httpPort()).isEqualTo(-1);
        assertThat(off.tls().mqttsPort()).isEqualTo(8883);

        GatewayConfig on = GatewayConfig.fromEnv(Map.of("FIREGRID_PROFILE", "production", "FIREGRID_HTTP_PORT", "8080"));
        assertThat(on.httpPort()).isEqualTo(8080);
        assertThat(on.mqttPort()).isEqualTo(-1);
    }

    @Test
    void tlsVariablesAreRead() {
        TlsOptions t = GatewayConfig.fromEnv(Map.of("FIREGRID_MQTTS_PORT", "0", "FIREGRID_HTTPS_PORT", "-1",
                "FIREGRID_TLS_CERT", "/etc/fg/cert.pem", "FIREGRID_TLS_KEY", "/etc/fg/key.pem", "FIREGRID_TLS_CA",
                "/etc/fg/devices-ca.pem", "FIREGRID_TLS_HOSTNAMES", "gw.example.org, 10.0.0.5,", "FIREGRID_TLS_RELOAD_SECONDS",
                "30")).tls();
        assertThat(t.mqttsPort()).isZero();
        assertThat(t.httpsPort()).isEqualTo(-1);
        assertThat(t.certFile()).isEqualTo(Path.of("/etc/fg/cert.pem"));
        assertThat(t.keyFile()).isEqualTo(Path.of("/etc/fg/key.pem"));
        assertThat(t.clientCaFile()).isEqualTo(Path.of("/etc/fg/devices-ca.pem"));
        assertThat(t.hostnames()).isEqualTo(List.of("gw.example.org", "10.0.0.5"));
        assertThat(t.reloadSeconds()).isEqualTo(30);
        assertThat(t.siteCa()).isFalse();
    }

    @Test
    void badTlsSettingsAreRefusedWithTheVariableNamed() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_MQTTS_PORT", "70000")))
                .hasMessageContaining("FIREGRID_MQTTS_PORT");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_TLS_CERT", "/etc/fg/cert.pem")))
                .hasMessageContaining("FIREGRID_TLS_KEY");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_PROFILE", "staging")))
                .hasMessageContaining("FIREGRID_PROFILE");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_HTTP_PORT", "-2")))
                .hasMessageContaining("FIREGRID_HTTP_PORT");
    }
}
