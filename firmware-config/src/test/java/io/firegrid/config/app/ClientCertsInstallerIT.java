package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.bundle.ClientCertificate;
import io.firegrid.gateway.support.GatewayProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config bundle --client-certs} against the gateway's jar in the production profile: refused
 * with "register first" before the devices are registered, then one certificate per device from the
 * site CA, which {@code mosquitto_pub} presents on the MQTTS port without any password to raise an
 * alarm, and with which the agent run from the bundle gets in although its password is wrong.
 */
class ClientCertsInstallerIT {

    private static final Map<String, String> PRODUCTION = Map.of("FIREGRID_PROFILE", "production", "FIREGRID_HTTP_PORT", "-1",
            "FIREGRID_MQTT_PORT", "-1", "FIREGRID_ADMIN_TOKEN", "");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SMOKE = "{\"seq\":7,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}";

    @TempDir
    Path dir;

    private GatewayProcess gw;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeAll
    static void requireClients() {
        for (String tool : List.of("/usr/bin/curl", "/usr/bin/mosquitto_pub")) {
            assertThat(Files.isExecutable(Path.of(tool))).as(tool + " is missing: run scripts/install-test-deps.sh").isTrue();
        }
    }

    @AfterEach
    void stop() {
        agents.forEach(Agent::close);
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void registeredDevicesGetCertificatesThatLogInWithoutAPasswordUnregisteredOnesAreToldToRegisterFirst() throws Exception {
        Path data = dir.resolve("gw");
        gw = GatewayProcess.start(data, dir.resolve("gateway.log"), PRODUCTION);
        JsonObject ports = new JsonObject(Files.readString(data.resolve("ports.json")));
        int https = ports.getInteger("https");
        int mqtts = ports.getInteger("mqtts");
        String token = Files.readString(data.resolve("admin-token")).strip();
        String gateway = "https://localhost:" + https;
        Path site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
        Path bundles = dir.resolve("bundles");

        // keys are never fetched over plain HTTP
        Cli clear = Cli.run("bundle", site.toString(), "--gateway", "http://localhost:" + https, "--client-certs", "--token", token,
                "--out", bundles.toString());
        assertThat(clear.exit()).isEqualTo(2);
        assertThat(clear.err()).contains("--client-certs needs --gateway https://HOST:8443");

        // GIVEN devices the gateway does not know yet: each is refused with what to run first, nothing bundled
        Cli early = Cli.run("bundle", site.toString(), "--gateway", gateway, "--mqtts-port", String.valueOf(mqtts),
                "--client-certs", "--token", token, "--out", bundles.toString());
        assertThat(early.exit()).as(early.out() + early.err()).isEqualTo(1);
        assertThat(early.out()).contains("REFUSED    pi-0001: the gateway at " + gateway + " does not know pi-0001@t1")
                .contains("register first: firegrid config register " + site + " --gateway " + gateway)
                .contains("client certificates: 0 issued, 2 refused (not registered); register first: ")
                .doesNotContain("bundled    ");
        assertThat(bundles.resolve("pi-0001")).doesNotExist();

        // WHEN they are registered and bundled again with --client-certs
        Cli register = Cli.run("register", site.toString(), "--gateway", gateway, "--token", token);
        assertThat(register.exit()).as(register.out() + register.err()).isZero();
        Cli bundle = Cli.run("bundle", site.toString(), "--gateway", gateway, "--mqtts-port", String.valueOf(mqtts),
                "--client-certs", "--token", token, "--out", bundles.toString());

        // THEN each bundle holds its own certificate from the site CA, the key for the owner only
        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        assertThat(bundle.out()).containsPattern("certificate pi-0001@t1 issued \\(1 of 2\\), valid until 20\\d\\d-")
                .containsPattern("certificate pi-0002@t1 issued \\(2 of 2\\), valid until 20\\d\\d-")
                .contains("bundled    pi-0001 -> " + bundles.resolve("pi-0001") + " (credentials kept, client certificate)")
                .contains("client certificates: 2 issued; the keys leave the card on first boot");
        Path pi1 = bundles.resolve("pi-0001/firegrid");
        assertThat(Files.getPosixFilePermissions(pi1.resolve("client.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(openssl("x509", "-in", pi1.resolve("client.pem").toString(), "-noout", "-subject"))
                .contains("CN = pi-0001@t1");
        assertThat(openssl("verify", "-CAfile", pi1.resolve("ca.pem").toString(), pi1.resolve("client.pem").toString()))
                .contains(": OK");
        Map<String, String> env = Bundler.readEnv(pi1.resolve("agent.env"));
        assertThat(env).containsEntry(AgentConfig.MQTT_URI, "ssl://localhost:" + mqtts)
                .containsEntry(AgentConfig.MQTT_CLIENT_CERT, ClientCertificate.DEVICE_CERT)
                .containsEntry(AgentConfig.MQTT_CLIENT_KEY, ClientCertificate.DEVICE_KEY);

        // mosquitto_pub with pi-0001's certificate and key, no username, no password, raises its alarm
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "localhost", "-p", String.valueOf(mqtts),
                "--cafile", pi1.resolve("ca.pem").toString(), "--cert", pi1.resolve("client.pem").toString(),
                "--key", pi1.resolve("client.key").toString(), "-q", "1", "-t", "event", "-m", SMOKE)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String pubOut = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pub.exitValue()).as(pubOut).isZero();
        await().atMost(WAIT).until(() -> hasOpenAlarm(https, data, token, "pi-0001"));

        // and pi-0002's agent, as install.sh and firstrun.sh set it up, gets in by its certificate with a wrong password
        Path pi2 = bundles.resolve("pi-0002/firegrid");
        Map<String, String> env2 = new HashMap<>(Bundler.readEnv(pi2.resolve("agent.env")));
        env2.put(AgentConfig.PASSWORD, "not-the-registered-password");
        env2.put(AgentConfig.MQTT_CA, pi2.resolve("ca.pem").toString());
        env2.put(AgentConfig.MQTT_CLIENT_CERT, pi2.resolve("client.pem").toString());
        env2.put(AgentConfig.MQTT_CLIENT_KEY, pi2.resolve("client.key").toString());
        env2.put(AgentConfig.PLATFORM, "mock");
        env2.put(AgentConfig.DATA_DIR, dir.resolve("agent-pi-0002").toString());
        AgentConfig c = AgentConfig.fromEnv(env2);
        Agent agent = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), new MqttUplink(c.uplinkOptions()));
        agents.add(agent);
        agent.start();
        agent.mockContact("smoke-1").set(true);
        await().atMost(WAIT).until(() -> hasOpenAlarm(https, data, token, "pi-0002"));
        // pi-0001's alarm is still there, unharmed
        assertThat(hasOpenAlarm(https, data, token, "pi-0001")).isTrue();
    }

    @Test
    void aGatewayWithItsOwnConfiguredCertificateIssuesNoneAndTheInstallerIsToldToUseThatPki() throws Exception {
        io.firegrid.config.siteca.TestPki pki = io.firegrid.config.siteca.TestPki.create(dir.resolve("pki"), "Company CA");
        io.firegrid.config.siteca.TestPki.Issued server = pki.issue("gateway", "DNS:localhost", "IP:127.0.0.1");
        Path chain = dir.resolve("gateway-chain.pem");
        Files.writeString(chain, Files.readString(server.certPem()) + Files.readString(pki.caPem()));
        Map<String, String> env = new HashMap<>(PRODUCTION);
        env.put("FIREGRID_TLS_CERT", chain.toString());
        env.put("FIREGRID_TLS_KEY", server.keyPem().toString());
        Path data = dir.resolve("gw");
        gw = GatewayProcess.start(data, dir.resolve("gateway.log"), env);
        JsonObject ports = new JsonObject(Files.readString(data.resolve("ports.json")));
        String token = Files.readString(data.resolve("admin-token")).strip();
        String gateway = "https://localhost:" + ports.getInteger("https");
        Path site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
        Cli register = Cli.run("register", site.toString(), "--gateway", gateway, "--ca", pki.caPem().toString(), "--token", token);
        assertThat(register.exit()).as(register.out() + register.err()).isZero();

        Cli bundle = Cli.run("bundle", site.toString(), "--gateway", gateway, "--mqtts-port", String.valueOf(ports.getInteger("mqtts")),
                "--client-certs", "--token", token, "--out", dir.resolve("bundles").toString());

        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isEqualTo(1);
        assertThat(bundle.err()).contains("uses its own configured certificate (FIREGRID_TLS_CERT)")
                .contains("client certificates must come from that PKI, the CA in FIREGRID_TLS_CA");
        assertThat(bundle.out()).contains("stopped: 0 client certificate(s) issued").doesNotContain("bundled    ");
        assertThat(dir.resolve("bundles/pi-0001/firegrid/client.key")).doesNotExist();
    }

    private static boolean hasOpenAlarm(int https, Path data, String token, String device) throws Exception {
        JsonArray alarms = new JsonArray(run(List.of("curl", "-sS", "--fail", "--cacert", data.resolve("ca.pem").toString(),
                "-H", "Authorization: Bearer " + token, "https://localhost:" + https + "/api/v1/alarms?state=open")));
        return alarms.stream().anyMatch(a -> device.equals(((JsonObject) a).getString("device"))
                && "smoke-1".equals(((JsonObject) a).getString("sensor")));
    }

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
