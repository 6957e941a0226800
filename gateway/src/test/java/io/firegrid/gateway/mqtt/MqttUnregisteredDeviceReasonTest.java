package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device refused over MQTT is told why in the words of the device's world: no HTTP route, which
 * a device cannot call, in its reason string.
 */
class MqttUnregisteredDeviceReasonTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void refusedUnregisteredIdentityGetsAReasonWithoutApiRoutes() throws Exception {
        // GIVEN a device that was never registered, connecting with Paho over MQTT 5
        MqttAsyncClient ghost = new MqttAsyncClient(gw.mqttUri(), "ghost", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("ghost@t1");
        options.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        options.setAutomaticReconnect(false);

        // WHEN it connects
        IMqttToken token = ghost.connect(options);
        assertThatThrownBy(() -> token.waitForCompletion(10_000))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));

        // THEN the CONNACK's reason says what is wrong without naming an API route, and it is counted
        MqttWireMessage connack = token.getResponse();
        assertThat(connack).isNotNull();
        String reason = connack.getProperties().getReasonString();
        assertThat(reason).contains("unknown device or wrong password", "registered").doesNotContain("/api/");
        assertThat(gw.metric("firegrid_refused_total", "code", "unknown-device")).isEqualTo(1.0);
        ghost.close(true);

        // AND a registered device still connects
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.isConnected()).isTrue();
        }
    }
}
