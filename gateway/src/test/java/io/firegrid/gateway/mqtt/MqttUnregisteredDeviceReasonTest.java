package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.common.MqttException;
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
        // GIVEN a device that was never registered
        // WHEN it connects with Paho over MQTT 5
        assertThatThrownBy(() -> Mqtt5Device.connect(gw.mqttUri(), "ghost@t1", TestGateway.PASSWORD))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        // and again on a raw socket, since Paho drops the properties of a refusing CONNACK
        RawMqtt.ConnAck refused;
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            refused = s.connect(5, "ghost@t1", TestGateway.PASSWORD);
        }

        // THEN the reason says what is wrong and what the device needs, without an API route; both are counted
        assertThat(refused.code()).isEqualTo(0x86);
        assertThat(refused.reason()).contains("unknown device or wrong password", "registered", "{device}@{tenant}")
                .doesNotContain("/api/");
        assertThat(gw.metric("firegrid_refused_total", "code", "unknown-device")).isEqualTo(2.0);

        // AND a registered device still connects
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.isConnected()).isTrue();
        }
    }
}
