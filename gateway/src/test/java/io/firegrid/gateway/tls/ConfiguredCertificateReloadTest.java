package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code FIREGRID_TLS_CERT} and {@code FIREGRID_TLS_KEY} the gateway serves that certificate
 * and picks up a new one when the files change on disk: new handshakes get it, connections open
 * before keep going; a broken new file is counted and the old certificate stays.
 */
class ConfiguredCertificateReloadTest {

    @TempDir
    Path tmp;

    TestGateway gw;
    SiteCa issuer;
    Path cert;
    Path key;
    SSLContext trustIssuer;

    @BeforeEach
    void start() throws Exception {
        issuer = SiteCa.open(tmp.resolve("company-ca"), Clock.systemUTC());
        cert = tmp.resolve("etc/gateway.pem");
        key = tmp.resolve("etc/gateway-key.pem");
        Files.createDirectories(cert.getParent());
        install(tmp.resolve("first"));
        gw = TestGateway.start(tmp.resolve("gateway"), c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0)
                .withFiles(cert, key, null).withReloadSeconds(1)));
        trustIssuer = TlsClients.context(Pem.encode(issuer.certificate()), null, null);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void servesTheConfiguredCertificateAndMakesNoSiteCa() throws Exception {
        X509Certificate served = TlsClients.serverCertificate(gw.gateway().mqttsPort(), trustIssuer);

        assertThat(served).isEqualTo(Pem.certificates(Files.readString(cert)).get(0));
        assertThat(Files.exists(tmp.resolve("gateway/ca.pem"))).isFalse();
        assertThat(Files.exists(tmp.resolve("gateway/ca-key.pem"))).isFalse();
        // the file holds leaf and issuer: the issuer is what devices should trust
        assertThat(gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/ca.pem")).GET().build()).body())
                .isEqualTo(Pem.encode(issuer.certificate()));
    }

    @Test
    void swappedPemIsUsedByTheNextConnectionWhileOpenOnesGoOn() throws Exception {
        gw.registerDevice("t1", "pi-0042");
        X509Certificate before = TlsClients.serverCertificate(gw.gateway().mqttsPort(), trustIssuer);
        MqttClient open = TlsClients.connect(gw.gateway().mqttsPort(), trustIssuer, "pi-0042@t1", TestGateway.PASSWORD);

        X509Certificate next = install(tmp.resolve("second"));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                TlsClients.serverCertificate(gw.gateway().mqttsPort(), trustIssuer).equals(next));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                TlsClients.serverCertificate(gw.gateway().httpsPort(), trustIssuer).equals(next));
        assertThat(next).isNotEqualTo(before);
        open.publish("event", Bodies.smoke(5, "smoke-1", "alarm"), 1, false);
        assertThat(open.isConnected()).isTrue();
        assertThat(gw.openAlarmFor("pi-0042", "smoke-1")).isPresent();
        open.disconnect();
        open.close();
        assertThat(gw.metric("firegrid_tls_reloads_total", "result", "ok")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void brokenNewFileIsCountedAndTheOldCertificateStays() throws Exception {
        X509Certificate before = TlsClients.serverCertificate(gw.gateway().mqttsPort(), trustIssuer);

        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(5)));

        await().atMost(Duration.ofSeconds(15)).until(() -> gw.metric("firegrid_tls_reloads_total", "result", "failed") >= 1);
        assertThat(TlsClients.serverCertificate(gw.gateway().mqttsPort(), trustIssuer)).isEqualTo(before);
        assertThat(TlsClients.serverCertificate(gw.gateway().httpsPort(), trustIssuer)).isEqualTo(before);
    }

    /** A server certificate for localhost from {@link #issuer}, moved over the configured files; returns it. */
    private X509Certificate install(Path scratch) throws Exception {
        Files.createDirectories(scratch);
        Files.copy(issuer.file(), scratch.resolve(SiteCa.CA_FILE));
        Files.copy(tmp.resolve("company-ca").resolve(SiteCa.CA_KEY_FILE), scratch.resolve(SiteCa.CA_KEY_FILE));
        Path[] made = SiteCa.open(scratch, Clock.systemUTC()).serverCertificate(List.of());
        Instant later = Instant.now().plusSeconds(Files.exists(cert) ? 10 : 0);
        Files.move(made[1], key, StandardCopyOption.REPLACE_EXISTING);
        Files.move(made[0], cert, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(key, FileTime.from(later));
        Files.setLastModifiedTime(cert, FileTime.from(later));
        return Pem.certificates(Files.readString(cert)).get(0);
    }
}
