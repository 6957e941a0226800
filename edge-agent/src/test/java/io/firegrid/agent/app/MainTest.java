package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runWithoutConfigurationExitsWith2AndSaysWhichVariablesToSet() {
        int code = run(Map.of(), "run");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("FIREGRID_AGENT_TENANT is not set", "FIREGRID_AGENT_DEVICE is not set",
                "FIREGRID_AGENT_PASSWORD is not set", "run --help");
    }

    @Test
    void helpExplainsBothModes() {
        int code = run(Map.of(), "--help");

        assertThat(code).isZero();
        assertThat(out()).contains("run ", "simulate ", "Ctrl-C");
    }

    @Test
    void runHelpListsEveryEnvironmentVariable() {
        run(Map.of(), "run", "--help");

        assertThat(out()).contains("FIREGRID_AGENT_TENANT", "FIREGRID_AGENT_DEVICE", "FIREGRID_AGENT_PASSWORD",
                "FIREGRID_MQTT_URI", "FIREGRID_AGENT_DATA_DIR", "FIREGRID_AGENT_PLATFORM", "FIREGRID_AGENT_SMOKE_PIN",
                "FIREGRID_AGENT_DOOR_PIN", "FIREGRID_AGENT_SIREN_PIN", "FIREGRID_AGENT_SMOKE_CONTACT",
                "FIREGRID_AGENT_DOOR_CONTACT", "FIREGRID_AGENT_DEBOUNCE_MS", "FIREGRID_AGENT_PRESSURE_SENSOR",
                "FIREGRID_AGENT_PRESSURE_I2C_BUS", "FIREGRID_AGENT_PRESSURE_I2C_ADDRESS",
                "FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", "FIREGRID_AGENT_PRESSURE_SHUNT_OHMS",
                "FIREGRID_AGENT_PRESSURE_RANGE_MPA", "FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS");
    }

    @Test
    void simulateWithoutAdminTokenExitsWith2AndSaysHowToPassIt() {
        int code = run(Map.of(), "simulate");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("pass --token or set FIREGRID_ADMIN_TOKEN");
    }

    @Test
    void simulateRefusesAnMqttUriWithoutScheme() {
        int code = run(Map.of("FIREGRID_ADMIN_TOKEN", "t"), "simulate", "--mqtt", "localhost:1883");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("--mqtt 'localhost:1883' should look like tcp://localhost:1883");
    }

    @Test
    void simulateRefusesABadScenarioFileNamingEachBadLineBeforeContactingTheGateway(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("drill.txt"), "# drill\nat 0s pi-a1 smoke-1 alarm\nat 5q pi-a2 smoke-1 alarm\n"
                + "at 9s pi-c1 smoke-1 alarm\n");

        int code = run(Map.of("FIREGRID_ADMIN_TOKEN", "t"), "simulate", "--gateway-http", "http://127.0.0.1:9",
                "--scenario", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(file + ":3: bad time '5q'", file + ":4: unknown device 'pi-c1'")
                .doesNotContain("cannot reach the gateway");
    }

    @Test
    void simulateRefusesAnUnknownScenarioListingTheBuiltInOnes() {
        int code = run(Map.of("FIREGRID_ADMIN_TOKEN", "t"), "simulate", "--scenario", "earthquake");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("no scenario 'earthquake': give one of fire-in-zone-a, slow-hydrant-leak");
    }

    @Test
    void simulateRefusesASpeedWithoutAScenario() {
        int code = run(Map.of("FIREGRID_ADMIN_TOKEN", "t"), "simulate", "--speed", "10");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("--speed only applies to --scenario");
    }

    @Test
    void simulateHelpListsTheBuiltInScenarios() {
        run(Map.of(), "simulate", "--help");

        assertThat(out()).contains("--scenario", "--speed", "fire-in-zone-a", "power-cut");
    }

    @Test
    void noModeExitsWith2() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err()).contains("say which mode: run, simulate or rehearse");
    }
}
