package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS goes through the same admission, limits and password check as plain MQTT: one
 * connection count for both ports, the same refusals and counters.
 */
class MqttsAdmissionTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void plainAndTlsConnectionsShareTheConnectionLimit() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0))
                .withMqttLimits(MqttLimits.DEFAULTS.withMaxConnections(1)));
        gw.registerDevice("t1", "pi-0001");
        gw.registerDevice("t1", "pi-0002");
        MqttClient plain = gw.connect("pi-0001@t1");

        Throwable refused = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(), ctx(), "pi-0002@t1",
                TestGateway.PASSWORD));

        assertThat(refused).isInstanceOf(MqttException.class);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "too-many-connections")).isEqualTo(1.0);
        assertThat(plain.isConnected()).isTrue();
        plain.disconnect();
        plain.close();
    }

    @Test
    void wrongPasswordOverTlsIsRefusedLikeOverPlainMqtt() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0)));
        gw.registerDevice("t1", "pi-0001");

        Throwable refused = catchThrowable(() -> TlsClients.connect(gw.gateway().mqttsPort(), ctx(), "pi-0001@t1",
                "not-the-password"));

        assertThat(refused).isInstanceOf(MqttException.class);
        assertThat(((MqttException) refused).getReasonCode()).isEqualTo(0x86);
    }

    /**
     * Sockets that never start a handshake count against the bounds as plain ones do: a flood of
     * half-open TLS connections cannot hold the gateway's handshake work or its sockets past them,
     * and a socket beyond them is closed before the gateway does any handshake work for it.
     */
    @Test
    void socketsBeyondTheBoundsAreRefusedBeforeAnyHandshake() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0))
                .withMqttLimits(MqttLimits.DEFAULTS.withMaxConnections(2)));
        gw.registerDevice("t1", "pi-0001");
        int port = gw.gateway().mqttsPort();
        try (Socket silent1 = new Socket("127.0.0.1", port);
             Socket silent2 = new Socket("127.0.0.1", port)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gw.metric("firegrid_mqtt_connections") >= 2 || refusedTooMany() > 0);

            Throwable refused = catchThrowable(() -> {
                try (SSLSocket s = (SSLSocket) ctx().getSocketFactory().createSocket("127.0.0.1", port)) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                }
            });

            assertThat(refused).as("no handshake for a socket beyond the bound").isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> refusedTooMany() == 1.0);
            assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "tls-handshake")).isZero();
        }
        // the silent sockets gone, a device gets in over TLS
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            MqttClient device = TlsClients.connect(port, ctx(), "pi-0001@t1", TestGateway.PASSWORD);
            device.disconnect();
            device.close();
        });
    }

    private double refusedTooMany() {
        return gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "too-many-connections");
    }

    private SSLContext ctx() throws Exception {
        return TlsClients.context(Files.readString(dataDir.resolve("ca.pem")), null, null);
    }
}
