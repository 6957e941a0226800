package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.siteca.TestPki;
import io.firegrid.gateway.support.GatewayProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installer's visit over TLS with the real parts: the gateway from its jar in the production
 * profile (plain HTTP and MQTT off), {@code config bundle --gateway https://...} fetching its site
 * CA, {@code config register} over HTTPS, an agent run from the bundle's settings (Pi4J mock
 * platform) publishing over {@code ssl://}, and the alarm read back with {@code curl --cacert}.
 */
class TlsInstallerIT {

    private static final Pattern LOGGED_CA = Pattern.compile("site CA (\\S+) SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final Pattern PRINTED_CA = Pattern.compile("\\n  SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final Map<String, String> PRODUCTION = Map.of("FIREGRID_PROFILE", "production", "FIREGRID_HTTP_PORT", "-1",
            "FIREGRID_MQTT_PORT", "-1", "FIREGRID_ADMIN_TOKEN", "");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private GatewayProcess gw;
    private final List<Agent> agents = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void requireClients() {
        for (String tool : List.of("/usr/bin/curl", "/usr/bin/openssl")) {
            assertThat(Files.isExecutable(Path.of(tool))).as(tool + " is missing: run scripts/install-test-deps.sh").isTrue();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        agents.forEach(Agent::close);
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void bundleRegisterAgentOverSslAndTheAlarmReadWithCurlAgainstAProductionGateway() throws Exception {
        Path data = dir.resolve("gw");
        Path log = dir.resolve("gateway.log");
        gw = GatewayProcess.start(data, log, PRODUCTION);
        JsonObject ports = new JsonObject(Files.readString(data.resolve("ports.json")));
        assertThat(ports.getInteger("http")).as("plain HTTP off").isEqualTo(-1);
        assertThat(ports.getInteger("mqtt")).as("plain MQTT off").isEqualTo(-1);
        int https = ports.getInteger("https");
        int mqtts = ports.getInteger("mqtts");
        String token = Files.readString(data.resolve("admin-token")).strip();
        Matcher logged = LOGGED_CA.matcher(Files.readString(log));
        assertThat(logged.find()).as("the gateway logs its site CA").isTrue();
        assertThat(Path.of(logged.group(1))).isEqualTo(data.resolve("ca.pem"));
        String fingerprint = logged.group(2);
        String gateway = "https://localhost:" + https;

        Path site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
        Path bundles = dir.resolve("bundles");

        // a bundle for an address the gateway's certificate does not name is flagged before anyone flashes it
        Cli unnamed = Cli.run("bundle", site.toString(), "--gateway", gateway, "--mqtt", "ssl://192.0.2.7:" + mqtts,
                "--out", dir.resolve("unnamed").toString());
        assertThat(unnamed.err()).contains("WARNING: the gateway's certificate names localhost, 127.0.0.1")
                .contains("not 192.0.2.7: the agents will refuse to connect to ssl://192.0.2.7:" + mqtts)
                .contains("FIREGRID_TLS_HOSTNAMES");

        // WHEN the installer bundles against the gateway's HTTPS port, checking the fingerprint it logged
        Cli bundle = Cli.run("bundle", site.toString(), "--gateway", gateway, "--mqtts-port", String.valueOf(mqtts),
                "--ca-fingerprint", fingerprint, "--out", bundles.toString());
        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        Matcher printed = PRINTED_CA.matcher(bundle.out());
        assertThat(printed.find()).as(bundle.out()).isTrue();
        assertThat(printed.group(1)).as("the fingerprint bundle prints is the one the gateway logs").isEqualTo(fingerprint)
                .isEqualTo(openssl("x509", "-in", data.resolve("ca.pem").toString(), "-noout", "-fingerprint", "-sha256")
                        .replaceAll("(?s).*=", "").strip());
        assertThat(bundle.out()).contains("MQTT over TLS: ssl://localhost:" + mqtts);
        assertThat(bundle.err()).doesNotContain("WARNING");
        Path pi1 = bundles.resolve("pi-0001");
        Map<String, String> env = Bundler.readEnv(pi1.resolve("firegrid/agent.env"));
        assertThat(env).containsEntry(AgentConfig.MQTT_URI, "ssl://localhost:" + mqtts)
                .containsEntry(AgentConfig.MQTT_CA, "/etc/firegrid/ca.pem");
        assertThat(Files.readString(pi1.resolve("firegrid/ca.pem"))).isEqualTo(Files.readString(data.resolve("ca.pem")));

        // register over HTTPS with the gateway's own ca.pem, and again with the CA bundle kept beside the inventory
        Cli register = Cli.run("register", site.toString(), "--gateway", gateway, "--ca", data.resolve("ca.pem").toString(),
                "--token", token);
        assertThat(register.exit()).as(register.out() + register.err()).isZero();
        assertThat(register.out()).contains("created    device pi-0001");
        Cli again = Cli.run("register", site.toString(), "--gateway", "https://127.0.0.1:" + https, "--token", token);
        assertThat(again.exit()).as(again.out() + again.err()).isZero();

        // THEN the agent of pi-0001, as install.sh sets it up (ca.pem at FIREGRID_MQTT_CA), reports a smoke alarm over ssl://
        Agent agent = runAgent(pi1);
        agent.mockContact("smoke-1").set(true);
        await().atMost(WAIT).until(() -> openAlarms(https, data, token).stream()
                .anyMatch(a -> "pi-0001".equals(((JsonObject) a).getString("device"))
                        && "smoke-1".equals(((JsonObject) a).getString("sensor"))));

        // an agent bundled for another gateway is refused, and its log names what exists: the bundle command, the CA file
        Path otherCa = TestPki.create(dir.resolve("other-ca"), "Another site's CA").caPem();
        Map<String, String> wrongEnv = new HashMap<>(env);
        wrongEnv.put(AgentConfig.MQTT_CA, otherCa.toString());
        Path wrongLog = dir.resolve("wrong-ca.log");
        Process wrong = launchAgent(wrongEnv, dir.resolve("agent-wrong"), wrongLog);
        await().atMost(WAIT).until(() -> Files.readString(wrongLog).contains("the gateway's certificate is not signed by the site CA in "
                + otherCa));
        assertThat(wrong.isAlive()).as("keeps retrying").isTrue();
        // the agent writes fingerprints as the gateway, bundle and openssl do, so one can be searched for in the other's log
        String otherFingerprint = openssl("x509", "-in", otherCa.toString(), "-noout", "-fingerprint", "-sha256")
                .replaceAll("(?s).*=", "").strip();
        assertThat(Files.readString(wrongLog)).contains("trusting only the site CA " + otherCa)
                .contains("SHA-256 " + otherFingerprint + ")").contains("(SHA-256 " + otherFingerprint + "): this device");
        assertThat(Files.readString(wrongLog)).contains("cannot connect to ssl://localhost:" + mqtts)
                .contains("bundle it again ('firegrid config bundle ... --gateway https://GATEWAY:8443') and copy the new ca.pem to "
                        + otherCa);
        // the gateway logs where the agent's certificate names come from ("its start-up log lists them")
        assertThat(Files.readString(log)).containsPattern("site CA \\S+ SHA-256 \\S+, names localhost,127.0.0.1,");
        // and the other device, unharmed, still reads its alarm
        assertThat(openAlarms(https, data, token)).isNotEmpty();
    }

    @Test
    void strictTransportSecurityOnHttpsOnlyAndTheCertificateNamesLoggedOnEveryStart() throws Exception {
        Path data = dir.resolve("gw");
        gw = GatewayProcess.start(data, dir.resolve("first.log"), PRODUCTION);
        gw.close();
        // a later start on the same data dir reuses the certificate; its log still says which names it holds
        Path log = dir.resolve("second.log");
        gw = GatewayProcess.start(data, log, Map.of("FIREGRID_PROFILE", "development", "FIREGRID_ADMIN_TOKEN", ""));
        assertThat(Files.readString(log)).doesNotContain("made a server certificate")
                .containsPattern("site CA \\S+ SHA-256 \\S+, names localhost,127.0.0.1,");
        JsonObject ports = new JsonObject(Files.readString(data.resolve("ports.json")));
        String ca = data.resolve("ca.pem").toString();

        String overHttps = curl("-sS", "-D", "-", "-o", "/dev/null", "--cacert", ca, "https://localhost:" + ports.getInteger("https")
                + "/ca.pem");
        String overHttp = curl("-sS", "-D", "-", "-o", "/dev/null", "http://localhost:" + ports.getInteger("http") + "/ca.pem");

        assertThat(overHttps).startsWith("HTTP/").contains(" 200").containsIgnoringCase("strict-transport-security: max-age=");
        assertThat(overHttp).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("strict-transport-security");
    }

    /** The pi's agent from its bundle: its agent.env, ca.pem where install.sh puts it (here the bundle's copy), mock pins. */
    private Agent runAgent(Path bundle) throws Exception {
        Map<String, String> env = new HashMap<>(Bundler.readEnv(bundle.resolve("firegrid/agent.env")));
        env.put(AgentConfig.MQTT_CA, bundle.resolve("firegrid/ca.pem").toString());
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, dir.resolve("agent-" + bundle.getFileName()).toString());
        AgentConfig c = AgentConfig.fromEnv(env);
        Agent a = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), new MqttUplink(c.uplinkOptions()));
        agents.add(a);
        a.start();
        return a;
    }

    /** {@code firegrid-edge-agent run} in a process of its own, so that its log can be read. */
    private Process launchAgent(Map<String, String> settings, Path data, Path logFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "io.firegrid.agent.app.Main", "run")
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FIREGRID_"));
        env.putAll(settings);
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, data.toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static JsonArray openAlarms(int https, Path data, String token) throws Exception {
        return new JsonArray(curl("-sS", "--fail", "--cacert", data.resolve("ca.pem").toString(), "-H", "Authorization: Bearer " + token,
                "https://localhost:" + https + "/api/v1/alarms?state=open"));
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl"));
        cmd.addAll(List.of(args));
        return run(cmd);
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
