package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.settings.Setting;
import io.firegrid.protocol.settings.SourceCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the agent's declared settings, the configuration it really applies, its help and the
 * README in step, and the environment read only through the declarations.
 */
class AgentSettingsTest {

    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Path README = Path.of("../README.md");

    @Test
    void theReadmeTableIsTheOneTheDeclarationsGive() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(AgentSettings.CATALOGUE.renderInto(readme))
                .as("README.md's agent settings table differs from the declarations; regenerate it with "
                        + "'./firegrid settings-readme' (runs io.firegrid.agent.app.AgentSettings README.md) and commit it")
                .isEqualTo(readme);
    }

    @Test
    void everyDeclaredSettingIsInTheCatalogue() {
        assertThat(AgentSettings.CATALOGUE.names())
                .as("each Setting declared in edge-agent/src/main must be listed in AgentSettings, and only those")
                .containsExactlyInAnyOrderElementsOf(SourceCheck.declaredNames(MAIN_SOURCES));
    }

    @Test
    void noVariableNameIsWrittenOutsideItsDeclaration() {
        assertThat(SourceCheck.strayLiterals(MAIN_SOURCES))
                .as("read settings through their declaration in AgentSettings, not by a \"FIREGRID_...\" literal")
                .isEmpty();
    }

    @Test
    void everyVariableMentionedInMessagesAndDocsIsDeclared() {
        assertThat(SourceCheck.unknownMentions(MAIN_SOURCES, AgentSettings.CATALOGUE)).isEmpty();
    }

    @Test
    void theDeclaredDefaultsAreTheOnesTheAgentApplies() {
        AgentConfig c = AgentConfig.fromEnv(Map.of(AgentConfig.TENANT, "t1", AgentConfig.DEVICE, "pi-0042",
                AgentConfig.PASSWORD, "s3cret", AgentConfig.PLATFORM, "mock"));
        assertThat(c.mqttUri()).hasToString(MqttUplinkOptions.URI_SETTING.defaultValue());
        assertThat(c.dataDir()).isEqualTo(AgentSettings.DATA_DIR.defaultValue());
        assertThat(c.smokePin()).isEqualTo(AgentSettings.SMOKE_PIN.defaultValue());
        assertThat(c.doorPin()).isEqualTo(AgentSettings.DOOR_PIN.defaultValue());
        assertThat(c.sirenPin()).isEqualTo(AgentSettings.SIREN_PIN.defaultValue());
        assertThat(c.smokeContact().name()).isEqualTo(AgentSettings.SMOKE_CONTACT.defaultValue());
        assertThat(c.doorContact().name()).isEqualTo(AgentSettings.DOOR_CONTACT.defaultValue());
        assertThat(AgentConfig.DEFAULT_TAMPER_CONTACT.name()).isEqualTo(AgentSettings.TAMPER_CONTACT.defaultValue());
        assertThat(c.debounce().toMillis()).isEqualTo((long) AgentSettings.DEBOUNCE_MS.defaultValue());
        assertThat(c.heartbeat().toSeconds()).isEqualTo((long) AgentSettings.HEARTBEAT_SECONDS.defaultValue());
        assertThat(c.coapCommandWaitSeconds()).isEqualTo(AgentSettings.COAP_COMMAND_WAIT.defaultValue());
        assertThat(c.tamper()).isEmpty();
        assertThat(c.pressure()).isEmpty();

        AgentConfig withPressure = AgentConfig.fromEnv(Map.of(AgentConfig.TENANT, "t1", AgentConfig.DEVICE, "pi-0042",
                AgentConfig.PASSWORD, "s3cret", AgentConfig.PLATFORM, "mock", AgentConfig.PRESSURE_SENSOR, "hydrant-1"));
        var p = withPressure.pressure().orElseThrow();
        assertThat(p.bus()).isEqualTo(AgentSettings.PRESSURE_I2C_BUS.defaultValue());
        assertThat(p.address()).isEqualTo(AgentSettings.PRESSURE_I2C_ADDRESS.defaultValue());
        assertThat(p.channel()).isEqualTo(AgentSettings.PRESSURE_ADC_CHANNEL.defaultValue());
        assertThat(p.period()).isEqualTo(AgentSettings.PRESSURE_PERIOD_SECONDS.defaultValue());
        assertThat(p.transmitter().shuntOhms()).isEqualTo(Double.parseDouble(AgentSettings.PRESSURE_SHUNT_OHMS.defaultValue()));
        assertThat(p.transmitter().rangeMinMpa() + ".." + p.transmitter().rangeMaxMpa())
                .isEqualTo(AgentSettings.PRESSURE_RANGE_MPA.defaultValue().replace("0..", "0.0.."));
    }

    @Test
    void runHelpListsEverySettingWithItsDefault() {
        String help = String.join("\n", RunCommand.ENVIRONMENT).replaceAll("\\s+", " ");
        for (Setting<?> s : AgentSettings.CATALOGUE.settings()) {
            assertThat(help).contains(" " + s.name() + " ").contains("[" + s.defaultText() + "]");
        }
    }
}
