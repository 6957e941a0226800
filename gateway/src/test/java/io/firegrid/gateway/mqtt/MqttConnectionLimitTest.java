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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle sockets cannot exhaust the gateway: beyond the connection limits a socket is closed before
 * anything is read from it, counted, and connected devices keep getting their alarms through.
 */
class MqttConnectionLimitTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    final List<RawMqtt> attack = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawMqtt s : attack) {
            s.close();
        }
        gw.close();
    }

    @Test
    void closesConnectionsBeyondTheLimitBeforeReadingThem() throws Exception {
        // GIVEN a gateway holding at most 20 MQTT connections, one of them a device's
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withMaxConnections(20)));
        gw.registerDevice("t1", "bystander");
        gw.registerDevice("t1", "pi-1");
        Mqtt5Device bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);

        // WHEN 40 sockets connect and send nothing, from many addresses
        for (int i = 0; i < 40; i++) {
            attack.add(RawMqtt.open(gw.gateway().mqttPort(), "127.0.1." + (i + 1)));
        }

        // THEN 19 are held, the 21 beyond the limit are closed and counted
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_refused_total", "code", "too-many-connections") == 21.0);
        assertThat(gw.metric("firegrid_mqtt_connections")).isEqualTo(20.0);
        int closed = 0;
        for (RawMqtt s : attack) {
            if (s.closedByGatewayWithin(Duration.ofMillis(100))) {
                closed++;
            }
        }
        assertThat(closed).isEqualTo(21);
        // the connected device is served during the attack
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // AND once the attackers go, a device connects again and is served
        for (RawMqtt s : attack) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            SmokeCheck.smokeAlarmGetsThrough(gw, device, "pi-1", "smoke-1", 1);
        }
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
        bystander.close();
    }

    @Test
    void oneAddressCannotTakeMoreThanItsShare() throws Exception {
        // GIVEN a gateway allowing 5 connections per address
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withMaxConnectionsPerAddress(5)));
        gw.registerDevice("t1", "bystander");
        gw.registerDevice("t1", "pi-1");
        Mqtt5Device bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);

        // WHEN one address opens 12 idle sockets
        for (int i = 0; i < 12; i++) {
            attack.add(RawMqtt.open(gw.gateway().mqttPort(), "127.0.0.2"));
        }

        // THEN 7 are closed and counted, while a device from another address connects and is served
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_refused_total", "code", "too-many-from-address") == 7.0);
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            SmokeCheck.smokeAlarmGetsThrough(gw, device, "pi-1", "smoke-1", 1);
        }
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // AND after the attack the address gets its share back
        for (RawMqtt s : attack) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
        try (RawMqtt again = RawMqtt.open(gw.gateway().mqttPort(), "127.0.0.2")) {
            assertThat(again.connect(5, "pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        }
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
        bystander.close();
        assertThat(gw.metric("firegrid_refused_total", "code", "too-many-from-address")).isEqualTo(7.0);
    }
}
