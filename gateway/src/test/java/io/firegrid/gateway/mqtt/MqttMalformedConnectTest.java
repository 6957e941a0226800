package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CONNECT that MQTT's decoder cannot read (found by the network fuzz run, docs/fuzzing.md) is
 * refused like any other bad packet before CONNECT: the socket is closed and the refusal counted
 * as {@code bad-packet}, where before it was left uncounted and written to the log at ERROR, one
 * line per packet, by anyone who could open a socket. A connected device is not disturbed.
 */
class MqttMalformedConnectTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
        bystander.close();
        gw.close();
    }

    @Test
    void connectWithReservedFlagsSetIsClosedAndCountedAsBadPacket() throws Exception {
        // GIVEN a well-formed CONNECT whose fixed header has reserved flag bits set (0x12, not 0x10)
        byte[] connect = RawMqtt.connect(4, "pi-1@t1", TestGateway.PASSWORD, "pi-1");
        connect[0] = 0x12;

        // WHEN three sockets send it
        for (int i = 0; i < 3; i++) {
            try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                s.send(connect);
                // THEN each is closed without a CONNACK
                assertThat(s.closedByGatewayWithin(Duration.ofSeconds(5))).isTrue();
            }
        }

        // AND each refusal is counted with its code
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "bad-packet")).isEqualTo(3.0));
    }
}
