package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.config.bundle.Bundler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bundle for the docs' example of supervised loops, a CoAP device and a secondary gateway
 * (docs/examples/dual-path-and-loops.yaml): each agent.env read back, and read by the agent itself.
 */
class BundlePathsTest {

    @TempDir
    Path dir;

    private static AgentConfig agentReads(Map<String, String> written) {
        Map<String, String> env = new HashMap<>(written);
        env.put("FIREGRID_AGENT_PLATFORM", "mock");
        return AgentConfig.fromEnv(env);
    }

    @Test
    void eachDeviceGetsItsLoopsItsTransportAndItsSecondaryPath() throws Exception {
        Path f = dir.resolve("site.yaml");
        Files.copy(Path.of("../docs/examples/dual-path-and-loops.yaml"), f);
        Path out = dir.resolve("bundles");

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://192.168.1.10:1883", "--plain", "--out", out.toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("CoAP over DTLS: coaps://192.168.1.10:5684 for pi-0003 (each with its pre-shared key; "
                        + "identity DEVICE@jinqiao)")
                .contains("bundled    pi-0001 -> " + out.resolve("pi-0001") + " (new credentials, secondary ssl://10.20.0.5:8883)")
                .contains("bundled    pi-0003 -> " + out.resolve("pi-0003") + " (new credentials, CoAP coaps://192.168.1.10:5684)");
        Map<String, String> pi1 = Bundler.readEnv(out.resolve("pi-0001/firegrid/agent.env"));
        Map<String, String> pi2 = Bundler.readEnv(out.resolve("pi-0002/firegrid/agent.env"));
        Map<String, String> pi3 = Bundler.readEnv(out.resolve("pi-0003/firegrid/agent.env"));
        assertThat(pi1).containsEntry("FIREGRID_SECONDARY_MQTT_URI", "ssl://10.20.0.5:8883")
                .containsEntry("FIREGRID_MQTT_URI", "tcp://192.168.1.10:1883").doesNotContainKey("FIREGRID_AGENT_EOL_LOOPS");
        assertThat(pi2).containsEntry("FIREGRID_AGENT_EOL_LOOPS",
                        "smoke-1:smoke:1:NO,smoke-2:smoke:2:NO:eol=2200:alarm=1000,door-2:door:3:NC")
                .containsEntry("FIREGRID_AGENT_SMOKE_PIN", "none")
                .containsEntry("FIREGRID_SECONDARY_MQTT_URI", "ssl://10.20.0.5:8883");
        assertThat(pi3).containsEntry("FIREGRID_COAP_URI", "coaps://192.168.1.10:5684")
                .containsEntry("FIREGRID_AGENT_PSK", Files.readString(dir.resolve("site.yaml.credentials")).lines()
                        .filter(l -> l.startsWith("psk.pi-0003@jinqiao=")).findFirst().orElseThrow().split("=", 2)[1])
                .doesNotContainKeys("FIREGRID_MQTT_URI", "FIREGRID_SECONDARY_MQTT_URI");

        AgentConfig two = agentReads(pi2);
        assertThat(two.hardware().loops()).extracting(LoopSpec::sensor, LoopSpec::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("smoke-1", "i2c-1/0x48/AIN1"),
                org.assertj.core.groups.Tuple.tuple("smoke-2", "i2c-1/0x48/AIN2"),
                org.assertj.core.groups.Tuple.tuple("door-2", "i2c-1/0x48/AIN3"));
        assertThat(two.hardware().loops().get(1).wiring().eolOhms()).isEqualTo(2200);
        assertThat(two.hardware().loops().get(1).wiring().alarmOhms()).isEqualTo(1000);
        assertThat(two.dualPath()).isPresent();
        assertThat(agentReads(pi1).dualPath().orElseThrow().secondaryUri()).hasToString("ssl://10.20.0.5:8883");
        assertThat(agentReads(pi3).coapUplinkOptions().toString()).contains("5684");
    }

    @Test
    void aCoapAddressOfTheInstallersChoiceIsTakenAndABadOneRefused() throws Exception {
        Path f = dir.resolve("site.yaml");
        Files.copy(Path.of("../docs/examples/dual-path-and-loops.yaml"), f);

        Cli ok = Cli.run("bundle", f.toString(), "--mqtt", "tcp://192.168.1.10:1883", "--plain", "--coap", "coaps://10.0.0.9:15684",
                "--out", dir.resolve("b").toString());
        Cli bad = Cli.run("bundle", f.toString(), "--mqtt", "tcp://192.168.1.10:1883", "--plain", "--coap", "http://10.0.0.9",
                "--out", dir.resolve("c").toString());

        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(Bundler.readEnv(dir.resolve("b/pi-0003/firegrid/agent.env")))
                .containsEntry("FIREGRID_COAP_URI", "coaps://10.0.0.9:15684");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bundle: --coap must be coaps://HOST:5684");
    }
}
