package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.settings.Setting;
import io.firegrid.protocol.settings.SourceCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the gateway's settings, its {@code --help}, the README and the code that reads the
 * environment from drifting apart: every setting is declared once and listed in
 * {@link GatewaySettings#CATALOGUE}, from which the help and the README's table are written.
 */
class GatewaySettingsTest {

    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Path README = Path.of("../README.md");

    @Test
    void theReadmeTableIsTheOneTheDeclarationsGive() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(GatewaySettings.CATALOGUE.renderInto(readme))
                .as("README.md's gateway settings table differs from the declarations; regenerate it with "
                        + "'./firegrid settings-readme' (runs io.firegrid.gateway.app.GatewaySettings README.md) and commit it")
                .isEqualTo(readme);
    }

    @Test
    void everyDeclaredSettingIsInTheCatalogue() {
        assertThat(GatewaySettings.CATALOGUE.names())
                .as("each Setting declared in gateway/src/main must be listed in GatewaySettings, and only those")
                .containsExactlyInAnyOrderElementsOf(SourceCheck.declaredNames(MAIN_SOURCES));
    }

    @Test
    void noVariableNameIsWrittenOutsideItsDeclaration() {
        assertThat(SourceCheck.strayLiterals(MAIN_SOURCES))
                .as("read settings through their Setting declaration (SETTING.read(env), SETTING.name()), "
                        + "not by a \"FIREGRID_...\" literal")
                .isEmpty();
    }

    @Test
    void everyVariableMentionedInMessagesAndDocsIsDeclared() {
        assertThat(SourceCheck.unknownMentions(MAIN_SOURCES, GatewaySettings.CATALOGUE))
                .as("a FIREGRID_* name in a message or comment that no setting declares")
                .isEmpty();
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        String unwrapped = Main.HELP.replaceAll("\\s+", " ");
        for (Setting<?> s : GatewaySettings.CATALOGUE.settings()) {
            assertThat(unwrapped).contains(" " + s.name() + " ").contains("[" + s.defaultText() + "]");
        }
        // read but once missing from the hand-written help
        assertThat(Main.HELP).contains("FIREGRID_EXIT_BLOCKED_SECONDS", "FIREGRID_HONO_HOST", "FIREGRID_HONO_PORT")
                .startsWith("Usage: firegrid gateway\n").contains("$FIREGRID_DATA_DIR/ports.json");
    }

    @Test
    void everyDefaultIsTheOneTheConfigUses() {
        GatewayConfig fromNothing = GatewayConfig.fromEnv(java.util.Map.of());
        assertThat(fromNothing.dataDir()).isEqualTo(GatewayConfig.DATA_DIR.defaultValue());
        assertThat(fromNothing.httpPort()).isEqualTo(GatewayConfig.HTTP_PORT.defaultValue());
        assertThat(fromNothing.mqttLimits()).isEqualTo(io.firegrid.gateway.mqtt.MqttLimits.DEFAULTS);
        assertThat(fromNothing.http()).isEqualTo(io.firegrid.gateway.http.HttpLimits.DEFAULTS);
        assertThat(fromNothing.logins()).isEqualTo(io.firegrid.gateway.device.LoginLimits.DEFAULTS);
        assertThat(fromNothing.coap()).isEqualTo(io.firegrid.gateway.coap.CoapOptions.DEFAULTS);
        assertThat(fromNothing.store()).isEqualTo(io.firegrid.gateway.storage.StoreOptions.DEFAULTS);
        assertThat(fromNothing.tls()).isEqualTo(io.firegrid.gateway.tls.TlsOptions.DEFAULTS);
        assertThat(fromNothing.telemetry()).isEqualTo(io.firegrid.gateway.telemetry.TelemetryConfig.defaults());
        assertThat(fromNothing.hono()).isEqualTo(io.firegrid.gateway.hono.HonoConfig.OFF);
        assertThat(fromNothing.alarmRules()).isEqualTo(io.firegrid.gateway.alarm.AlarmRules.DEFAULTS);
        assertThat(fromNothing.clock()).isEqualTo(java.time.Clock.systemUTC());
    }
}
