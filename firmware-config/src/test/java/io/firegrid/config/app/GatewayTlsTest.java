package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.siteca.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's commands against a gateway over HTTPS: a small Vert.x HTTPS server (certificate
 * signed by a test site CA made with openssl) standing in for the gateway's HTTPS port. It serves
 * the site CA at {@code GET /ca.pem} and answers every API {@code POST} with 201, recording it.
 */
class GatewayTlsTest {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private TestPki site;
    private Path inventory;

    @BeforeEach
    void siteCaAndInventory() throws Exception {
        site = TestPki.create(dir.resolve("site-ca"), "FireGrid test site CA");
        inventory = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", inventory.toString()).exit()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** An HTTPS "gateway" presenting {@code server}'s certificate and serving {@code caPem} at /ca.pem. */
    private String gateway(TestPki.Issued server, Path caPem) throws Exception {
        String ca = Files.readString(caPem);
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(server.certPem().toString())
                        .setKeyPath(server.keyPem().toString())))
                .requestHandler(req -> {
                    if (req.path().equals("/ca.pem")) {
                        req.response().putHeader("Content-Type", "application/x-pem-file").end(ca);
                    } else if (req.method().name().equals("POST") && req.path().startsWith("/api/v1/")) {
                        posted.add(req.path() + " " + req.getHeader("Authorization"));
                        req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("{}");
                    } else if (req.method().name().equals("GET")
                            && List.of("/api/v1/devices", "/api/v1/people", "/api/v1/stations", "/api/v1/cells").contains(req.path())) {
                        // register lists the registered devices, people, stations and cells (for their rosters) to name
                        // those the inventory no longer has
                        req.response().putHeader("Content-Type", "application/json").end("[]");
                    } else {
                        req.response().setStatusCode(404).end("{\"error\":\"not-found\"}");
                    }
                });
        s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "https://127.0.0.1:" + s.actualPort();
    }

    @Test
    void registerOverHttpsWithTheSiteCaGivenByCa() throws Exception {
        String url = gateway(site.issue("gateway", "IP:127.0.0.1"), site.caPem());

        Cli r = Cli.run("register", inventory.toString(), "--gateway", url, "--ca", site.caPem().toString(), "--token", "tok");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("created    device pi-0002").contains("created 10, updated 0, unchanged 0, failed 0");
        assertThat(posted).contains("/api/v1/devices Bearer tok");
    }

    @Test
    void registerOverHttpsWithoutTheCaFailsSayingWhatToDo() throws Exception {
        String url = gateway(site.issue("gateway", "IP:127.0.0.1"), site.caPem());

        Cli r = Cli.run("register", inventory.toString(), "--gateway", url, "--token", "tok");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("register: the gateway's certificate at " + url + " is not signed by a CA this "
                + "computer trusts: give the site CA with --ca FILE").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(posted).isEmpty();
    }

    @Test
    void registerWithAnotherSitesCaSaysTheCertificateIsNotSignedByIt() throws Exception {
        String url = gateway(site.issue("gateway", "IP:127.0.0.1"), site.caPem());
        Path other = TestPki.create(dir.resolve("other-ca"), "Another site's CA").caPem();

        Cli r = Cli.run("register", inventory.toString(), "--gateway", url, "--ca", other.toString(), "--token", "tok");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("the gateway's certificate at " + url + " is not signed by the CA you gave (" + other
                + ", SHA-256 " + TestPki.fingerprint(other) + "): fetch it again with 'firegrid config bundle site.yaml "
                + "--gateway " + url + "'").doesNotContain("Exception");
        assertThat(posted).isEmpty();
    }

    @Test
    void verifyOverHttpsToACertificateForAnotherNameSaysSo() throws Exception {
        String url = gateway(site.issue("gateway", "DNS:gateway.elsewhere.example"), site.caPem());

        Cli v = Cli.run("verify", inventory.toString(), "--gateway", url, "--ca", site.caPem().toString(), "--token", "tok",
                "--timeout", "1");

        assertThat(v.exit()).isEqualTo(3);
        assertThat(v.err()).contains("verify: the gateway's certificate does not name 127.0.0.1");
    }

    @Test
    void bundleFetchesTheCaFromTheGatewayPrintsItsFingerprintAndBundlesItWithAnSslUri() throws Exception {
        String url = gateway(site.issue("gateway", "IP:127.0.0.1"), site.caPem());
        String fingerprint = TestPki.fingerprint(site.caPem());
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", inventory.toString(), "--gateway", url, "--out", out.toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("site CA: CN=FireGrid test site CA from " + url + "/ca.pem")
                .contains("SHA-256 " + fingerprint)
                .contains("compare it with the fingerprint the gateway logs at start-up");
        assertThat(b.err()).doesNotContain("WARNING");
        Path bundle = out.resolve("pi-0001/firegrid");
        assertThat(bundle.resolve("ca.pem")).hasSameTextualContentAs(site.caPem());
        assertThat(Files.getPosixFilePermissions(bundle.resolve("ca.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> env = Bundler.readEnv(bundle.resolve("agent.env"));
        assertThat(env).containsEntry("FIREGRID_MQTT_URI", "ssl://127.0.0.1:8883")
                .containsEntry("FIREGRID_MQTT_CA", "/etc/firegrid/ca.pem");
        assertThat(Files.readString(out.resolve("pi-0001/README.txt"))).contains("firegrid/ca.pem").contains(fingerprint);

        // kept beside the inventory: register over HTTPS needs no --ca now
        assertThat(Path.of(inventory + ".ca.pem")).hasSameTextualContentAs(site.caPem());
        Cli r = Cli.run("register", inventory.toString(), "--gateway", url, "--token", "tok");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void bundleRefusesACaWhoseFingerprintIsNotTheOneGivenAndWritesNothing() throws Exception {
        String url = gateway(site.issue("gateway", "IP:127.0.0.1"), site.caPem());
        String expected = TestPki.fingerprint(TestPki.create(dir.resolve("other-ca"), "Another site's CA").caPem());
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", inventory.toString(), "--gateway", url, "--ca-fingerprint", expected, "--out", out.toString());

        assertThat(b.exit()).isEqualTo(1);
        assertThat(b.err()).contains("bundle: the site CA from " + url + "/ca.pem has the SHA-256 fingerprint "
                + TestPki.fingerprint(site.caPem()) + ", not the " + expected + " you gave; nothing bundled");
        assertThat(out).doesNotExist();
        assertThat(Path.of(inventory + ".credentials")).doesNotExist();
        assertThat(Path.of(inventory + ".ca.pem")).doesNotExist();
        Cli ok = Cli.run("bundle", inventory.toString(), "--gateway", url, "--out", dir.resolve("ok").toString(),
                "--ca-fingerprint", TestPki.fingerprint(site.caPem()).replace(":", "").toLowerCase());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("(matches --ca-fingerprint)");
    }

    @Test
    void bundleRefusesAGatewayWhoseCertificateTheCaItServesDidNotSign() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other-ca"), "Another site's CA");
        String url = gateway(other.issue("impostor", "IP:127.0.0.1"), site.caPem());

        Cli b = Cli.run("bundle", inventory.toString(), "--gateway", url, "--out", dir.resolve("b").toString());

        assertThat(b.exit()).isEqualTo(3);
        assertThat(b.err()).contains("presented a certificate that the CA it serves (SHA-256 " + TestPki.fingerprint(site.caPem())
                + ") did not sign");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void aCaFileMakesTcpSslAndPlainKeepsTcpWithAWarningAndNoCa() throws Exception {
        Path out = dir.resolve("b");

        Cli tls = Cli.run("bundle", inventory.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--ca", site.caPem().toString(),
                "--mqtts-port", "18883", "--out", out.toString());
        assertThat(tls.exit()).as(tls.out() + tls.err()).isZero();
        assertThat(tls.out()).contains("MQTT over TLS: ssl://10.0.0.2:18883");
        assertThat(Bundler.readEnv(out.resolve("pi-0002/firegrid/agent.env"))).containsEntry("FIREGRID_MQTT_URI", "ssl://10.0.0.2:18883");

        Cli plain = Cli.run("bundle", inventory.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--plain", "--out", out.toString());

        assertThat(plain.exit()).as(plain.out() + plain.err()).isZero();
        assertThat(plain.err()).contains("WARNING: plain MQTT (tcp://10.0.0.2:1883): device passwords and alarms cross the "
                + "network unencrypted; asked for with --plain");
        assertThat(Bundler.readEnv(out.resolve("pi-0002/firegrid/agent.env"))).containsEntry("FIREGRID_MQTT_URI", "tcp://10.0.0.2:1883")
                .doesNotContainKey("FIREGRID_MQTT_CA");
        assertThat(out.resolve("pi-0002/firegrid/ca.pem")).doesNotExist();
    }

    @Test
    void aFileThatIsNotACertificateIsRefusedAsCa() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello\n");

        Cli b = Cli.run("bundle", inventory.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--ca", notPem.toString(),
                "--out", dir.resolve("b").toString());

        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains("bundle: " + notPem + " is not a PEM certificate").contains("-----BEGIN CERTIFICATE-----");
    }
}
