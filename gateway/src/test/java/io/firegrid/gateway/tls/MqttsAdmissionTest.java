package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
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

    private SSLContext ctx() throws Exception {
        return TlsClients.context(Files.readString(dataDir.resolve("ca.pem")), null, null);
    }
}
