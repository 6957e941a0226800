package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.config.bundle.Bundler;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole installer visit against a real gateway: init, edit, validate, bundle, register, then each
 * Pi runs the edge agent from its bundle's agent.env (Pi4J mock platform instead of gpiod, the only
 * change), and verify passes; and verify's FAIL lines when a device is not right.
 */
class InstallerVisitTest {

    @TempDir
    Path dir;

    private TestGateway gw;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
    }

    @AfterEach
    void stop() {
        agents.forEach(Agent::close);
        gw.close();
    }

    @Test
    void initEditValidateBundleRegisterRunAgentsAndVerifyPasses() throws Exception {
        Path site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "jinqiao", site.toString()).exit()).isZero();
        // the installer's edits: the real location, and the hydrant limits of this low-rise building
        Files.writeString(site, Files.readString(site).replace("Basement pump room", "Basement pump room, north wall")
                .replace("{pressureLowMpa: 0.35, pressureHighMpa: 0.50}", "{pressureLowMpa: 0.25, pressureHighMpa: 0.50}"));
        Cli validate = Cli.run("validate", site.toString());
        assertThat(validate.exit()).as(validate.out()).isZero();

        Path bundles = dir.resolve("bundles");
        Cli bundle = Cli.run("bundle", site.toString(), "--mqtt", gw.mqttUri(), "--out", bundles.toString());
        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        Cli register = Cli.run("register", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
        assertThat(register.exit()).as(register.out()).isZero();

        runAgent(bundles.resolve("pi-0001"), a -> a.mockContact("door-1").set(false)); // the fire door shut
        runAgent(bundles.resolve("pi-0002"), a -> a.mockTransmitter("hydrant-1").mpa(0.38));

        Cli verify = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "30", "--boot-wait", "30", "--interval-ms", "100");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("PASS  pi-0001 smoke-1 (smoke): saw normal, expected normal",
                "PASS  pi-0001 door-1 (door): saw closed, expected closed", "PASS  pi-0002 smoke-1 (smoke): saw normal, expected normal",
                "PASS  pi-0002 hydrant-1 (pressure): saw 0.380 MPa, expected 0.25-0.5 MPa")
                .contains("PASSED: 4 passed, 0 failed, 0 not checked");
    }

    @Test
    void verifyFailsOnALowHydrantAndADeviceThatNeverCameOnlineSayingWhatToCheck() throws Exception {
        Path site = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", site.toString());
        Path bundles = dir.resolve("bundles");
        assertThat(Cli.run("bundle", site.toString(), "--mqtt", gw.mqttUri(), "--out", bundles.toString()).exit()).isZero();
        assertThat(Cli.run("register", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN)
                .exit()).isZero();
        runAgent(bundles.resolve("pi-0002"), a -> a.mockTransmitter("hydrant-1").mpa(0.20));

        Cli verify = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "3", "--boot-wait", "3", "--interval-ms", "100");

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("pi-0001: never seen")
                .contains("DOWN  pi-0001: never seen by the gateway")
                .contains("SKIP  pi-0001 smoke-1 (smoke): not checked: device never seen")
                .contains("PASS  pi-0002 smoke-1 (smoke): saw normal, expected normal")
                .contains("FAIL  pi-0002 hydrant-1 (pressure): saw 0.200 MPa, expected 0.35-0.5 MPa: below the band")
                .contains("FAILED: 1 passed, 1 failed, 2 not checked, 1 device down");
    }

    @Test
    void verifySaysWhenTheTokenIsRefusedOrTheDeviceUnknown() throws Exception {
        Path site = dir.resolve("site.yaml");
        Cli.run("init", site.toString());

        Cli badToken = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", "wrong", "--timeout", "1");
        Cli unknown = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "1");

        assertThat(badToken.exit()).isEqualTo(3);
        assertThat(badToken.err()).contains("the gateway refused the token (HTTP 401)");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).contains("DOWN  pi-0001: not registered with the gateway; run 'register' first");
    }

    @Test
    void verifyOfAGatewayWithoutSchemeIsOneLineNamingTheUrlToWrite() throws Exception {
        Path site = dir.resolve("site.yaml");
        Cli.run("init", site.toString());
        String bare = "127.0.0.1:" + gw.uri("").getPort();

        Cli v = Cli.run("verify", site.toString(), "--gateway", bare, "--token", TestGateway.ADMIN_TOKEN, "--timeout", "1");

        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err().lines()).hasSize(1);
        assertThat(v.err()).startsWith("verify: Invalid value for option '--gateway': " + bare + " has no scheme: write http://"
                + bare).doesNotContain("Usage:");
    }

    /** Starts the agent a Pi would start from this bundle, on the mock platform. */
    private void runAgent(Path bundle, Consumer<Agent> inputs) throws Exception {
        Map<String, String> env = new HashMap<>(Bundler.readEnv(bundle.resolve("firegrid/agent.env")));
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, dir.resolve("agent-" + bundle.getFileName()).toString());
        AgentConfig c = AgentConfig.fromEnv(env);
        Agent a = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), new MqttUplink(c.uplinkOptions()));
        agents.add(a);
        a.start(inputs);
    }
}
