package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no certificate configured the gateway makes a site CA and a server certificate, serves
 * MQTT over TLS and HTTPS with them, hands the CA out at {@code GET /ca.pem}, keeps the keys
 * private and reuses all of it on the next start.
 */
class SiteCaEndpointsTest {

    @TempDir
    Path tmp;

    TestGateway gw;

    Path dataDir() {
        return tmp.resolve("gateway");
    }

    TestGateway start() {
        gw = TestGateway.start(dataDir(), c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0)));
        return gw;
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void pahoTrustingTheSiteCaPublishesAnEventThatRaisesAnAlarmReadOverHttps() throws Exception {
        start().registerDevice("t1", "pi-0042");
        SSLContext ctx = TlsClients.trusting(dataDir().resolve("ca.pem"));

        MqttClient client = TlsClients.connect(gw.gateway().mqttsPort(), ctx, "pi-0042@t1", TestGateway.PASSWORD);
        client.publish("event", Bodies.smoke(7, "smoke-1", "alarm"), 1, false);
        client.disconnect();
        client.close();

        HttpResponse<String> alarms = TlsClients.get(gw.gateway().httpsPort(), ctx, "/api/v1/alarms?state=open", true);
        assertThat(alarms.statusCode()).isEqualTo(200);
        JsonArray open = new JsonArray(alarms.body());
        assertThat(open).hasSize(1);
        assertThat(open.getJsonObject(0).getString("device")).isEqualTo("pi-0042");
        assertThat(open.getJsonObject(0).getLong("seq")).isEqualTo(7L);
    }

    @Test
    void serverCertificateIsSignedByTheSiteCaAndNamesTheLocalHost() throws Exception {
        start();
        X509Certificate ca = Pem.certificates(Files.readString(dataDir().resolve("ca.pem"))).get(0);
        X509Certificate server = TlsClients.serverCertificate(gw.gateway().mqttsPort(),
                TlsClients.trusting(dataDir().resolve("ca.pem")));

        server.verify(ca.getPublicKey());
        List<String> names = server.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1", SiteCa.hostName());
        assertThat(names).anyMatch(n -> n.startsWith("0:0:0:0:0:0:0:1") || n.equals("::1"));
    }

    @Test
    void caPemIsServedWithoutATokenOnHttpAndHttps() throws Exception {
        start();
        String file = Files.readString(dataDir().resolve("ca.pem"), StandardCharsets.UTF_8);

        HttpResponse<String> plain = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/ca.pem")).GET().build());
        HttpResponse<String> secure = TlsClients.get(gw.gateway().httpsPort(),
                TlsClients.trusting(dataDir().resolve("ca.pem")), "/ca.pem", false);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
        assertThat(Pem.certificates(plain.body())).isEqualTo(Pem.certificates(file));
        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.body()).isEqualTo(plain.body());
    }

    @Test
    void keysAreOwnerOnlyAndTheDataDirToo() throws Exception {
        start();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().resolve("server-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir()))).isEqualTo("rwx------");
        assertThat(Files.readString(dataDir().resolve("ca.pem"))).doesNotContain("PRIVATE KEY");
    }

    @Test
    void siteCaAndServerCertificateAreReusedOnTheNextStart() throws Exception {
        start();
        String ca = Files.readString(dataDir().resolve("ca.pem"));
        String server = Files.readString(dataDir().resolve("server.pem"));
        gw.close();

        start();

        assertThat(Files.readString(dataDir().resolve("ca.pem"))).isEqualTo(ca);
        assertThat(Files.readString(dataDir().resolve("server.pem"))).isEqualTo(server);
        TlsClients.serverCertificate(gw.gateway().mqttsPort(), TlsClients.context(ca, null, null));
    }

    @Test
    void boundPortsAreWrittenToPortsJson() throws Exception {
        start();
        JsonObject ports = new JsonObject(Files.readString(dataDir().resolve("ports.json")));
        assertThat(ports.getInteger("mqtts")).isEqualTo(gw.gateway().mqttsPort()).isPositive();
        assertThat(ports.getInteger("https")).isEqualTo(gw.gateway().httpsPort()).isPositive();
    }

    @Test
    void aClientNotTrustingTheSiteCaIsNotFooled() throws Exception {
        start();
        SSLContext other = TlsClients.context(Pem.encode(SiteCa.open(tmp.resolve("elsewhere"), java.time.Clock.systemUTC())
                .certificate()), null, null);

        assertThatThrownBy(() -> TlsClients.serverCertificate(gw.gateway().mqttsPort(), other))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void tlsEndpointsOffWithMinusOne() {
        gw = TestGateway.start(dataDir(), c -> c.withTls(TlsOptions.DEFAULTS.withPorts(-1, -1)));
        assertThat(gw.gateway().mqttsPort()).isEqualTo(-1);
        assertThat(gw.gateway().httpsPort()).isEqualTo(-1);
        assertThat(Files.exists(dataDir().resolve("ca.pem"))).isFalse();
        assertThat(gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/ca.pem")).GET().build()).statusCode())
                .isEqualTo(404);
    }
}
