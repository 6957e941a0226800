package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.app.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code FIREGRID_HTTP_*}: defaults, overrides, and refusals that name the variable. */
class HttpLimitsConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        HttpLimits l = GatewayConfig.fromEnv(Map.of()).http();

        assertThat(l).isEqualTo(HttpLimits.DEFAULTS);
        assertThat(l.headerTimeoutSeconds()).isEqualTo(10);
        assertThat(l.idleTimeoutSeconds()).isEqualTo(60);
        assertThat(l.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(l.maxConnections()).isEqualTo(2000);
    }

    @Test
    void eachVariableOverridesItsBound() {
        HttpLimits l = GatewayConfig.fromEnv(Map.of("FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS", "5",
                "FIREGRID_HTTP_IDLE_TIMEOUT_SECONDS", "30", "FIREGRID_HTTP_MAX_BODY_BYTES", "1048576",
                "FIREGRID_HTTP_MAX_CONNECTIONS", " 500 ")).http();

        assertThat(l).isEqualTo(new HttpLimits(5, 30, 1048576, 500));
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> HttpLimits.fromEnv(Map.of("FIREGRID_HTTP_MAX_CONNECTIONS", "many")))
                .hasMessageContaining("FIREGRID_HTTP_MAX_CONNECTIONS must be a number");
        assertThatThrownBy(() -> HttpLimits.fromEnv(Map.of("FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS", "0")))
                .hasMessageContaining("FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS must be at least 1");
        assertThatThrownBy(() -> HttpLimits.fromEnv(Map.of("FIREGRID_HTTP_MAX_BODY_BYTES", "10")))
                .hasMessageContaining("FIREGRID_HTTP_MAX_BODY_BYTES must be at least 1024");
    }
}
