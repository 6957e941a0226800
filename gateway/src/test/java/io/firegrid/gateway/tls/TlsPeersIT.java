package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The gateway's TLS endpoints with the clients installers and devices use: {@code mosquitto_pub
 * --cafile}, {@code curl --cacert}, {@code openssl s_client}; the gateway runs from its jar as
 * {@code ./firegrid gateway} runs it.
 */
class TlsPeersIT {

    private static final String SMOKE = new String(Bodies.smoke(42, "smoke-1", "alarm"), StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    GatewayProcess gw;
    Path data;
    JsonObject ports;

    @BeforeAll
    static void requireClients() {
        for (String tool : List.of("/usr/bin/mosquitto_pub", "/usr/bin/curl", "/usr/bin/openssl")) {
            assertThat(Files.isExecutable(Path.of(tool))).as(tool + " is missing: run scripts/install-test-deps.sh").isTrue();
        }
    }

    void start(Map<String, String> env) throws IOException {
        data = tmp.resolve("data");
        gw = GatewayProcess.start(data, tmp.resolve("gateway.log"), env);
        ports = new JsonObject(Files.readString(data.resolve("ports.json")));
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void mosquittoPubWithTheCaFileRaisesAnAlarmThatCurlReadsOverHttps() throws Exception {
        start(Map.of());
        register("pi-0042");

        Result pub = run("mosquitto_pub", "-h", "localhost", "-p", port("mqtts"), "--cafile", ca(), "-u", "pi-0042@t1",
                "-P", TestGateway.PASSWORD, "-t", "event", "-q", "1", "-m", SMOKE, "-d");
        Result alarms = run("curl", "-sS", "--cacert", ca(), "-H", "Authorization: Bearer " + TestGateway.ADMIN_TOKEN,
                "https://localhost:" + port("https") + "/api/v1/alarms?state=open");

        assertThat(pub.exitCode()).as(pub.output()).isZero();
        assertThat(pub.output()).contains("received PUBACK");
        assertThat(alarms.exitCode()).as(alarms.output()).isZero();
        JsonArray open = new JsonArray(alarms.output());
        assertThat(open).hasSize(1);
        assertThat(open.getJsonObject(0).getString("device")).isEqualTo("pi-0042");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("server-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(Files.readString(tmp.resolve("gateway.log"))).containsPattern("site CA .*ca\\.pem SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void curlFetchesTheCaWithoutATokenAndItIsTheOneInTheDataDir() throws Exception {
        start(Map.of());
        Path fetched = tmp.resolve("fetched-ca.pem");

        Result r = run("curl", "-sS", "-o", fetched.toString(), "-w", "%{http_code}",
                "http://127.0.0.1:" + gw.httpPort() + "/ca.pem");
        Result again = run("curl", "-sS", "--cacert", fetched.toString(), "https://localhost:" + port("https") + "/ca.pem");

        assertThat(r.output()).isEqualTo("200");
        assertThat(Files.readString(fetched)).isEqualTo(Files.readString(data.resolve("ca.pem")));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).isEqualTo(Files.readString(fetched));
    }

    @Test
    void tls11AndNonAeadSuitesAreRefusedByTheServer() throws Exception {
        start(Map.of());
        for (String p : List.of(port("mqtts"), port("https"))) {
            // SECLEVEL=0: this OpenSSL would not offer TLS 1.1 otherwise, and the refusal must be the server's
            Result tls11 = run("openssl", "s_client", "-connect", "127.0.0.1:" + p, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            Result cbc = run("openssl", "s_client", "-connect", "127.0.0.1:" + p, "-tls1_2", "-cipher", "AES128-SHA");
            Result good = run("openssl", "s_client", "-connect", "127.0.0.1:" + p, "-tls1_2", "-CAfile", ca(),
                    "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");

            assertThat(tls11.output()).contains("alert protocol version");
            assertThat(cbc.output()).contains("alert handshake failure");
            assertThat(good.output()).contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256", "Verify return code: 0 (ok)");
        }
        assertThat(metric("firegrid_refused_total\\{code=\"tls-handshake\",protocol=\"mqtt\"\\}")).isGreaterThanOrEqualTo(2);
        assertThat(metric("firegrid_refused_total\\{code=\"tls-handshake\",protocol=\"http\"\\}")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void foreignAndExpiredClientCertificatesAreRefusedAndOthersUnharmed() throws Exception {
        start(Map.of());
        register("pi-0042");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", tmp.resolve("foreign-key.pem").toString(), "-out", tmp.resolve("foreign.pem").toString(),
                "-subj", "/CN=pi-0042@t1", "-days", "30");
        Instant now = Instant.now();
        String[] expired = SiteCa.open(data, Clock.systemUTC()).issueClient("pi-0042@t1", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        Files.writeString(tmp.resolve("expired.pem"), expired[0]);
        Files.writeString(tmp.resolve("expired-key.pem"), expired[1]);

        Result foreign = pubWithCertificate("foreign");
        Result old = pubWithCertificate("expired");
        Result password = run("mosquitto_pub", "-h", "localhost", "-p", port("mqtts"), "--cafile", ca(), "-u", "pi-0042@t1",
                "-P", TestGateway.PASSWORD, "-t", "event", "-q", "1", "-m", SMOKE, "-d");

        assertThat(foreign.exitCode()).isNotZero();
        // BoringSSL, the gateway's engine here, names the reason (the JDK's TLS says "certificate unknown")
        assertThat(foreign.output()).contains("alert unknown ca");
        assertThat(old.exitCode()).isNotZero();
        assertThat(old.output()).containsPattern("certificate (expired|unknown)");
        assertThat(password.exitCode()).as(password.output()).isZero();
        assertThat(metric("firegrid_refused_total\\{code=\"tls-handshake\",protocol=\"mqtt\"\\}")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void productionProfileHasNoClearTextHttpAndWarnsAboutExplicitPlainMqtt() throws Exception {
        start(Map.of("FIREGRID_PROFILE", "production", "FIREGRID_HTTP_PORT", "", "FIREGRID_MQTT_PORT", "0"));

        assertThat(ports.getInteger("http")).isEqualTo(-1);
        assertThat(ports.getInteger("mqtt")).isPositive();
        String log = Files.readString(tmp.resolve("gateway.log"));
        assertThat(log).contains("WARN").contains("clear-text MQTT is on in the production profile")
                .doesNotContain("clear-text HTTP is on");
        // clear text to the TLS port is refused, not answered
        Result plain = run("curl", "-sS", "http://127.0.0.1:" + port("https") + "/api/v1/alarms");
        assertThat(plain.exitCode()).isNotZero();
        Result secure = run("curl", "-sS", "--cacert", ca(), "-o", "/dev/null", "-w", "%{http_code}",
                "https://localhost:" + port("https") + "/health");
        assertThat(secure.output()).isEqualTo("200");
    }

    private Result pubWithCertificate(String name) throws Exception {
        return run("mosquitto_pub", "-h", "localhost", "-p", port("mqtts"), "--cafile", ca(),
                "--cert", tmp.resolve(name + ".pem").toString(), "--key", tmp.resolve(name + "-key.pem").toString(),
                "-t", "event", "-q", "1", "-m", SMOKE, "-d");
    }

    private void register(String device) throws Exception {
        String body = new JsonObject().put("tenant", "t1").put("id", device).put("password", TestGateway.PASSWORD)
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke"))).encode();
        Result r = run("curl", "-sS", "--cacert", ca(), "-H", "Authorization: Bearer " + TestGateway.ADMIN_TOKEN,
                "-H", "Content-Type: application/json", "-d", body, "-o", "/dev/null", "-w", "%{http_code}",
                "https://localhost:" + port("https") + "/api/v1/devices");
        assertThat(r.output()).isEqualTo("201");
    }

    private double metric(String seriesRegex) throws Exception {
        Result r = run("curl", "-sS", "--cacert", ca(), "https://localhost:" + port("https") + "/metrics");
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + " ([0-9.eE+-]+)$").matcher(r.output());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private String port(String key) {
        return Integer.toString(ports.getInteger(key));
    }

    private String ca() {
        return data.resolve("ca.pem").toString();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
