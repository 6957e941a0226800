package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.app.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MQTT limits: documented defaults, each read from its variable, bad values refused naming the variable. */
class MqttLimitsConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        MqttLimits l = GatewayConfig.defaults().mqttLimits();

        assertThat(l).isEqualTo(MqttLimits.DEFAULTS);
        assertThat(l.maxConnections()).isEqualTo(10_000);
        assertThat(l.maxConnectionsPerAddress()).isEqualTo(256);
        assertThat(l.connectRate()).isEqualTo(500); // 10,000 connections back in 20 s
        assertThat(l.connectBurst()).isEqualTo(1000);
        assertThat(l.connectTimeoutSeconds()).isEqualTo(10);
        assertThat(l.maxConnectBytes()).isEqualTo(2048);
        assertThat(l.receiveMaximum()).isEqualTo(128);
        assertThat(l.holdSeconds()).isEqualTo(30);
    }

    @Test
    void theConnectRateFollowsTheConnectionBoundUnlessSet() {
        // a site set for more devices gets the rate that lets them all back in 20 s, burst twice that
        MqttLimits large = GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECTIONS", "10100")).mqttLimits();
        assertThat(large.connectRate()).isEqualTo(505);
        assertThat(large.connectBurst()).isEqualTo(1010);
        // a small one never less than 100/s
        MqttLimits small = GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECTIONS", "500")).mqttLimits();
        assertThat(small.connectRate()).isEqualTo(100);
        assertThat(small.connectBurst()).isEqualTo(200);
        // a rate set is kept; the burst follows it unless set too
        MqttLimits set = GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECTIONS", "10100",
                "FIREGRID_MQTT_CONNECT_RATE", "300")).mqttLimits();
        assertThat(set.connectRate()).isEqualTo(300);
        assertThat(set.connectBurst()).isEqualTo(600);
    }

    @Test
    void readsEveryMqttLimitVariable() {
        GatewayConfig c = GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECTIONS", "50",
                "FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS", "5", "FIREGRID_MQTT_CONNECT_RATE", "7",
                "FIREGRID_MQTT_CONNECT_BURST", "9", "FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS", "2",
                "FIREGRID_MQTT_MAX_CONNECT_BYTES", "1024", "FIREGRID_MQTT_RECEIVE_MAXIMUM", "4",
                "FIREGRID_MQTT_HOLD_SECONDS", "5"));

        assertThat(c.mqttLimits()).isEqualTo(new MqttLimits(50, 5, 7, 9, 2, 1024, 4, 5));
        assertThat(c.toString()).contains("maxConnections=50");
    }

    @Test
    void refusesBadValuesSayingWhichVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECTIONS", "0")))
                .hasMessageContaining("FIREGRID_MQTT_MAX_CONNECTIONS must be at least 1");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_CONNECT_RATE", "fast")))
                .hasMessageContaining("FIREGRID_MQTT_CONNECT_RATE must be a number");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_MAX_CONNECT_BYTES", "100000")))
                .hasMessageContaining("FIREGRID_MQTT_MAX_CONNECT_BYTES must be between 256 and 65536");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_MQTT_RECEIVE_MAXIMUM", "70000")))
                .hasMessageContaining("FIREGRID_MQTT_RECEIVE_MAXIMUM must be between 1 and 65535");
    }
}
