package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device may authenticate on MQTTS with a client certificate {@code CN={device}@{tenant}} signed
 * by the site CA, without a password; foreign and expired certificates are refused at the
 * handshake and counted, a certificate naming an unregistered device or contradicting the username
 * gets CONNACK 0x87, and a device connected meanwhile stays connected.
 */
class ClientCertificateTest {

    @TempDir
    Path tmp;

    TestGateway gw;
    String caPem;
    MqttClient bystander;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(tmp.resolve("gateway"), c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0)));
        gw.registerDevice("t1", "pi-0042");
        gw.registerDevice("t1", "pi-0001");
        caPem = Files.readString(tmp.resolve("gateway/ca.pem"));
        bystander = TlsClients.connect(gw.gateway().mqttsPort(), TlsClients.context(caPem, null, null), "pi-0001@t1",
                TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        if (bystander.isConnected()) {
            bystander.disconnect();
        }
        bystander.close();
        gw.close();
    }

    @Test
    void issuedCertificateAuthenticatesWithoutAPassword() throws Exception {
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/certificate", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject issued = new JsonObject(r.body());
        assertThat(issued.getString("device")).isEqualTo("pi-0042@t1");
        assertThat(Pem.certificates(issued.getString("certificate")).get(0).getSubjectX500Principal().getName())
                .contains("CN=pi-0042@t1");

        MqttClient device = TlsClients.connect(gw.gateway().mqttsPort(),
                TlsClients.context(issued.getString("ca"), issued.getString("certificate"), issued.getString("key")), null, null);
        device.publish("event", Bodies.smoke(3, "smoke-1", "alarm"), 1, false);
        device.disconnect();
        device.close();

        assertThat(gw.openAlarmFor("pi-0042", "smoke-1")).isPresent();
    }

    @Test
    void certificateEndpointIsForAdminsAndRegisteredDevicesOnly() {
        HttpResponse<String> unknown = gw.post("/api/v1/devices/t1/pi-9999/certificate", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown-device");

        HttpResponse<String> noToken = gw.send(java.net.http.HttpRequest.newBuilder(
                gw.uri("/api/v1/devices/t1/pi-0042/certificate")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void foreignCertificateIsRefusedAtTheHandshake() throws Exception {
        SiteCa foreign = SiteCa.open(tmp.resolve("foreign"), Clock.systemUTC());
        String[] cert = foreign.issueClient("pi-0042@t1");
        double before = refusedHandshakes();

        Throwable t = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(),
                TlsClients.context(caPem, cert[0], cert[1]), null, null));

        assertThat(t).isInstanceOf(MqttException.class);
        assertThat(gw.openAlarms()).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refusedHandshakes() > before);
        assertThat(bystander.isConnected()).isTrue();
    }

    @Test
    void expiredCertificateIsRefusedAtTheHandshake() throws Exception {
        SiteCa ca = gw.gateway().tls().orElseThrow().siteCa().orElseThrow();
        Instant now = Instant.now();
        String[] cert = ca.issueClient("pi-0042@t1", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        double before = refusedHandshakes();

        Throwable t = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(),
                TlsClients.context(caPem, cert[0], cert[1]), null, null));

        assertThat(t).isInstanceOf(MqttException.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refusedHandshakes() > before);
        assertThat(bystander.isConnected()).isTrue();
    }

    @Test
    void certificateOfAnUnregisteredDeviceGetsNotAuthorized() throws Exception {
        String[] cert = gw.gateway().tls().orElseThrow().siteCa().orElseThrow().issueClient("pi-0999@t1");

        Throwable t = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(),
                TlsClients.context(caPem, cert[0], cert[1]), null, null));

        assertThat(t).isInstanceOf(MqttException.class);
        assertThat(((MqttException) t).getReasonCode()).isEqualTo(0x87);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "certificate-not-registered")).isEqualTo(1.0);
    }

    @Test
    void certificateContradictingTheUsernameGetsNotAuthorized() throws Exception {
        String[] cert = gw.gateway().tls().orElseThrow().siteCa().orElseThrow().issueClient("pi-0042@t1");
        SSLContext ctx = TlsClients.context(caPem, cert[0], cert[1]);

        Throwable t = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(), ctx, "pi-0001@t1", "whatever"));

        assertThat(t).isInstanceOf(MqttException.class);
        assertThat(((MqttException) t).getReasonCode()).isEqualTo(0x87);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "certificate-mismatch")).isEqualTo(1.0);
    }

    private double refusedHandshakes() {
        return gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "tls-handshake");
    }
}
