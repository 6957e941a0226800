package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONNECTs beyond the connection rate are refused with a reason the client can act on (MQTT 5
 * 0x9F connection rate exceeded, 3.1.1 server unavailable), counted, and cost connected devices
 * nothing; once the rate allows, devices connect again.
 */
class MqttConnectRateTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;

    @BeforeEach
    void start() throws Exception {
        // 2 CONNECTs per second, 3 at once
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withConnectRate(2, 3)));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        bystander.close();
        gw.close();
    }

    @Test
    void connectsBeyondTheRateAreRefusedWithConnectionRateExceeded() throws Exception {
        // WHEN a device connects 12 times in a row, as fast as the answers come
        List<RawMqtt.ConnAck> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                answers.add(s.connect(5, "pi-1@t1", TestGateway.PASSWORD));
            }
        }
        RawMqtt.ConnAck mqtt311;
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            mqtt311 = s.connect(4, "pi-1@t1", TestGateway.PASSWORD);
        }

        // THEN those beyond the rate get 0x9F with a reason (3 on MQTT 3.1.1), and are counted
        List<RawMqtt.ConnAck> refused = answers.stream().filter(a -> a.code() != 0).toList();
        assertThat(refused).hasSizeGreaterThanOrEqualTo(6).allSatisfy(a -> {
            assertThat(a.code()).isEqualTo(0x9F);
            assertThat(a.reason()).contains("new connections per second");
        });
        assertThat(mqtt311.code()).isEqualTo(3);
        assertThat(gw.metric("firegrid_refused_total", "code", "connect-rate")).isEqualTo(refused.size() + 1.0);
        // AND the connected device is served during it
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // AND once the rate allows, the device connects and is served
        Mqtt5Device device = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD),
                        d -> d != null);
        SmokeCheck.smokeAlarmGetsThrough(gw, device, "pi-1", "smoke-1", 1);
        device.close();
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
    }
}
