package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** Which answers of the gateway keep the agent away for longer. */
class RefusalTest {

    @Test
    void aGatewayThatCannotStoreNowIsTreatedAsBusy() {
        assertThat(Refusal.ofConnect(new MqttException(0x88))).isEqualTo(Refusal.SERVER_BUSY);
        assertThat(Refusal.ofConnect(new MqttException(3))).as("MQTT 3.1.1 server unavailable").isEqualTo(Refusal.SERVER_BUSY);
        assertThat(Refusal.ofConnect(new MqttException(0x89)).isBusy()).isTrue();
        assertThat(Refusal.ofConnect(new MqttException(0x9F)).isBusy()).isTrue();
    }

    @Test
    void refusedCredentialsAndLostLinksAreNotBusy() {
        assertThat(Refusal.ofConnect(new MqttException(0x86))).isEqualTo(Refusal.BAD_CREDENTIALS);
        assertThat(Refusal.ofConnect(new MqttException(4))).isEqualTo(Refusal.BAD_CREDENTIALS);
        assertThat(Refusal.ofConnect(new IOException("connection refused"))).isEqualTo(Refusal.NONE);
        assertThat(Refusal.ofDisconnect(0x97)).as("too many unregistered sensors is no reason to stay away")
                .isEqualTo(Refusal.NONE);
    }
}
