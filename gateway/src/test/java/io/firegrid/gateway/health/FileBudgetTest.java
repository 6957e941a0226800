package io.firegrid.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.http.HttpLimits;
import io.firegrid.gateway.mqtt.MqttLimits;
import org.junit.jupiter.api.Test;

/**
 * The open files the connection limits need, and what an operator is told when the process may
 * open fewer.
 */
class FileBudgetTest {

    static final FileBudget DEFAULTS = new FileBudget(MqttLimits.DEFAULT_MAX_CONNECTIONS, HttpLimits.DEFAULT_MAX_CONNECTIONS,
            Gb26875Options.DEFAULT_MAX_CONNECTIONS);

    @Test
    void theDefaultsFitTheReferenceMachinesLimitOf20000Files() {
        assertThat(DEFAULTS.needed()).isEqualTo(10_000 + 2_000 + 64 + FileBudget.RESERVE);
        assertThat(DEFAULTS.shortfall(20_000)).isEmpty();
        assertThat(DEFAULTS.shortfall(DEFAULTS.needed())).isEmpty();
    }

    @Test
    void aLowLimitNamesWhatToRaiseAndWhatToLowerInstead() {
        // a distribution's common default: 4,096 files
        String told = DEFAULTS.shortfall(4_096).orElseThrow();

        assertThat(told).contains("may open 4096 files", "need 13064", "LimitNOFILE=13064", "ulimit -n 13064",
                "FIREGRID_MQTT_MAX_CONNECTIONS to 1032");
        // lowering MQTT to the figure named leaves the budget within the limit
        assertThat(new FileBudget(1032, HttpLimits.DEFAULT_MAX_CONNECTIONS, Gb26875Options.DEFAULT_MAX_CONNECTIONS)
                .shortfall(4_096)).isEmpty();
    }

    @Test
    void theShippedUnitAllowsWhatTheDefaultsNeed() throws Exception {
        // the module's directory is the tests' working directory
        String unit = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/firegrid-gateway.service"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^LimitNOFILE=(\\d+)$").matcher(unit);
        assertThat(m.find()).as("LimitNOFILE in the unit").isTrue();
        assertThat(DEFAULTS.shortfall(Long.parseLong(m.group(1)))).isEmpty();
    }

    @Test
    void anUnknownLimitSaysNothing() {
        assertThat(DEFAULTS.shortfall(-1)).isEmpty();
    }

    @Test
    void thisProcessLimitIsRead() {
        // Linux and macOS JVMs report it; the reference machine allows 20,000
        assertThat(FileBudget.processLimit()).isPositive();
    }
}
