package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.app.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginLimitsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        assertThat(LoginLimits.fromEnv(Map.of())).isEqualTo(LoginLimits.DEFAULTS);
        assertThat(GatewayConfig.fromEnv(Map.of()).logins()).isEqualTo(LoginLimits.DEFAULTS);
    }

    @Test
    void eachVariableSetsItsLimit() {
        LoginLimits l = GatewayConfig.fromEnv(Map.of("FIREGRID_LOGIN_DELAY_AFTER", "3", "FIREGRID_LOGIN_BLOCK_AFTER", "9",
                "FIREGRID_LOGIN_ADDRESS_DELAY_AFTER", "30", "FIREGRID_LOGIN_ADDRESS_BLOCK_AFTER", "300",
                "FIREGRID_LOGIN_DELAY_MS", "100", "FIREGRID_LOGIN_MAX_DELAY_MS", "1000", "FIREGRID_LOGIN_BLOCK_SECONDS", "60",
                "FIREGRID_LOGIN_MAX_KEYS", "500")).logins();

        assertThat(l).isEqualTo(new LoginLimits(3, 9, 30, 300, 100, 1_000, 60, 500));
    }

    @Test
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LoginLimits.fromEnv(Map.of("FIREGRID_LOGIN_BLOCK_SECONDS", "soon")))
                .hasMessageContaining("FIREGRID_LOGIN_BLOCK_SECONDS must be a number");
        assertThatThrownBy(() -> LoginLimits.fromEnv(Map.of("FIREGRID_LOGIN_MAX_DELAY_MS", "10")))
                .hasMessageContaining("FIREGRID_LOGIN_MAX_DELAY_MS must be at least 250");
        assertThatThrownBy(() -> LoginLimits.fromEnv(Map.of("FIREGRID_LOGIN_MAX_KEYS", "0")))
                .hasMessageContaining("FIREGRID_LOGIN_MAX_KEYS must be at least 1");
    }
}
