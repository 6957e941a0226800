package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {

    @TempDir
    Path dir;

    @Test
    void bundlesEveryDeviceAndSaysWhatToDoNext() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--out", out.toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("bundled    pi-0001 -> " + out.resolve("pi-0001") + " (new credentials)")
                .contains("bundled 2, refused 0; network Ethernet (DHCP); secrets in " + f + ".credentials")
                .contains("next: register the devices, so the gateway knows the passwords these bundles hold: "
                        + "firegrid config register " + f + " --gateway http://10.0.0.2:8080 (safe to repeat)")
                .contains("then: flash DEVICE --bundles " + out)
                .doesNotContain("note: the agents will connect to");
        assertThat(Files.readString(out.resolve("pi-0002/firegrid/agent.env"))).contains("FIREGRID_MQTT_URI=tcp://10.0.0.2:1883");
    }

    @Test
    void anAddressOfThisMachineIsRightForARehearsalAndSaidToBeWrongForAPi() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());

        Cli local = Cli.run("bundle", f.toString(), "--mqtt", "tcp://localhost:1883", "--plain", "--out",
                dir.resolve("b").toString());
        Cli loop = Cli.run("bundle", f.toString(), "--mqtt", "tcp://127.0.0.1:1883", "--plain", "--out",
                dir.resolve("c").toString());

        assertThat(local.exit()).as(local.out() + local.err()).isZero();
        assertThat(local.out()).contains("note: the agents will connect to localhost, which on a Pi is the Pi itself: "
                + "right for agents run on this machine (a rehearsal); for the site, bundle again with the gateway's "
                + "address on the site's network");
        assertThat(loop.out()).contains("note: the agents will connect to 127.0.0.1, which on a Pi is the Pi itself");
        assertThat(BundleCommand.loopback("[::1]")).isTrue();
        assertThat(BundleCommand.loopback("192.168.1.10")).isFalse();
        assertThat(BundleCommand.loopback("gateway.local")).isFalse();
    }

    @Test
    void inAGitCheckoutTheBundlesIgnoreThemselvesAndUnignoredSecretsAreNamed() throws Exception {
        Path repo = dir.resolve("site-repo");
        Files.createDirectories(repo);
        assertThat(git(repo, "init", "-q")).isEmpty();
        Path f = repo.resolve("site.yaml");
        Cli.run("init", f.toString());

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--plain", "--out",
                repo.resolve("bundles").toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.err()).contains("WARNING: " + f + ".credentials holds the device passwords and DTLS keys and is "
                + "inside the git checkout " + repo + ", which does not ignore it: keep it out of the repository with "
                + "echo '/site.yaml.credentials' >> " + repo.resolve(".gitignore"));
        assertThat(git(repo, "status", "--porcelain", "--untracked-files=all").lines().toList())
                .as("nothing of the bundles is offered for a commit")
                .containsExactlyInAnyOrder("?? site.yaml", "?? site.yaml.credentials");

        Files.writeString(repo.resolve(".gitignore"), "/site.yaml.credentials\n");
        Cli again = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--plain", "--out",
                repo.resolve("bundles").toString());
        assertThat(again.err()).doesNotContain("git checkout");
    }

    private static String git(Path repo, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", repo.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void refusesADeviceTheAgentCannotRunAndStillBundlesTheOthers() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        Files.writeString(f, Files.readString(f).replaceFirst("id: hydrant-1", "id: door-1"));
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--out", out.toString());

        assertThat(b.exit()).isEqualTo(1);
        assertThat(b.out()).contains("REFUSED    device pi-0002: the edge agent keeps the id 'door-1' for its door "
                + "contact, this pressure sensor needs another id").contains("bundled 1, refused 1");
        assertThat(out.resolve("pi-0002")).doesNotExist();
        assertThat(out.resolve("pi-0001/firegrid/agent.env")).exists();
    }

    @Test
    void refusesAnUnusableMqttAddressOrWifiWithoutPassphraseBeforeWritingAnything() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());

        Cli bad = Cli.run("bundle", f.toString(), "--mqtt", "http://10.0.0.2:8080", "--out", dir.resolve("b").toString());
        Cli noPort = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2", "--out", dir.resolve("b").toString());
        Cli unknown = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--device", "pi-7",
                "--out", dir.resolve("b").toString());
        Cli wifi = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--wifi-ssid", "Net",
                "--out", dir.resolve("b").toString());

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--mqtt must be tcp://HOST:PORT");
        assertThat(noPort.exit()).isEqualTo(2);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("device 'pi-7' is not in the inventory");
        assertThat(wifi.exit()).isEqualTo(2);
        assertThat(wifi.err()).contains("FIREGRID_WIFI_PASSPHRASE");
        assertThat(dir.resolve("b")).doesNotExist();
        assertThat(dir.resolve("site.yaml.credentials")).doesNotExist();
    }

    @Test
    void registerGivesTheGatewayThePasswordAndThePskTheBundleHolds() throws Exception {
        // the shared file is the link: bundle first, then register reads the same secrets
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--out", dir.resolve("b").toString());
        var env = io.firegrid.config.bundle.Bundler.readEnv(dir.resolve("b/pi-0001/firegrid/agent.env"));
        String bundled = env.get("FIREGRID_AGENT_PASSWORD");
        try (var gw = io.firegrid.gateway.support.TestGateway.start(dir.resolve("gw"))) {
            Cli r = Cli.run("register", f.toString(), "--gateway", gw.uri("").toString(), "--token",
                    io.firegrid.gateway.support.TestGateway.ADMIN_TOKEN);
            assertThat(r.exit()).as(r.out()).isZero();
            gw.connect("pi-0001@t1", bundled).disconnect();
            try (var coap = io.firegrid.gateway.support.CoapDevice.dtls(gw.coapsUri(), "pi-0001@t1",
                    env.get("FIREGRID_AGENT_PSK"))) {
                var answer = coap.post("/event", io.firegrid.gateway.support.Bodies.smoke(1, "smoke-1", "normal"));
                assertThat(answer.getCode()).as("the bundle's PSK opens DTLS to the gateway")
                        .isEqualTo(org.eclipse.californium.core.coap.CoAP.ResponseCode.CHANGED);
            }
        }
    }
}
