package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warning for a clear-text port left on in the production profile. */
class ClearTextWarningTest {

    private static final TlsOptions PRODUCTION = TlsOptions.fromEnv(Map.of("FIREGRID_PROFILE", "production"));

    @Test
    void productionWithHttpAndMqttOnWarnsOfEachWithTheSettingThatSwitchesItOff() {
        assertThat(ClearTextWarning.of(PRODUCTION, 8080, 1883)).containsExactly(
                "clear-text HTTP is on in the production profile [port: 8080]: bearer tokens cross the network "
                        + "unencrypted; set FIREGRID_HTTP_PORT=-1 to switch it off",
                "clear-text MQTT is on in the production profile [port: 1883]: device passwords cross the network "
                        + "unencrypted; set FIREGRID_MQTT_PORT=-1 to switch it off");
    }

    @Test
    void productionWithTheClearTextPortsOffSaysNothing() {
        assertThat(ClearTextWarning.of(PRODUCTION, -1, -1)).isEmpty();
    }

    @Test
    void onlyThePortThatIsOnIsNamed() {
        assertThat(ClearTextWarning.of(PRODUCTION, -1, 1883)).singleElement().asString().startsWith("clear-text MQTT");
    }

    @Test
    void otherProfilesSayNothing() {
        assertThat(ClearTextWarning.of(TlsOptions.DEFAULTS, 8080, 1883)).isEmpty();
    }
}
