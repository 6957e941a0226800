package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device has one connection: a second CONNECT for it closes the first (MQTT 3.1.4-2), and the
 * device stays connected in the registry while the new connection lives.
 */
class MqttSessionTakeoverTest {

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
    void secondConnectTakesOverTheSession() throws Exception {
        // GIVEN a device connected over MQTT 5
        Mqtt5Device first = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
        assertThat(connected()).isTrue();

        // WHEN the same device connects again
        try (Mqtt5Device second = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {

            // THEN the first connection is told 0x8E (session taken over) and closed
            MqttDisconnectResponse r = Mqtt5Device.await(first.disconnected());
            assertThat(r.getReturnCode()).isEqualTo(0x8E);
            assertThat(r.getReasonString()).contains("took over");
            first.close();
            // AND the device is still connected, through the new connection, which is served
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
            assertThat(connected()).isTrue();
            SmokeCheck.smokeAlarmGetsThrough(gw, second, "pi-1", "smoke-1", 1);
        }
        // AND once the new connection closes, the device is disconnected
        await().atMost(Duration.ofSeconds(5)).until(() -> !connected());
    }

    @Test
    void secondConnectOnMqtt311ClosesTheFirst() throws Exception {
        // GIVEN a device connected over MQTT 3.1.1
        try (RawMqtt first = RawMqtt.open(gw.gateway().mqttPort())) {
            assertThat(first.connect(4, "pi-1@t1", TestGateway.PASSWORD).code()).isZero();

            // WHEN it connects again
            try (Mqtt5Device second = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {

                // THEN the first connection is closed (3.1.1 has no DISCONNECT from the server)
                assertThat(first.closedByGatewayWithin(Duration.ofSeconds(5))).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
                assertThat(connected()).isTrue();
                SmokeCheck.smokeAlarmGetsThrough(gw, second, "pi-1", "smoke-1", 1);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !connected());
    }

    @Test
    void connectionsTakingOverOneAnotherInParallelLeaveTheDeviceConnectedThroughTheLastOne() throws Exception {
        // GIVEN a device that reconnects 24 times from 4 threads at once, each connection closed right after
        // by its client (some while being taken over, some after a newer one connected)
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                            s.connect(5, "pi-1@t1", TestGateway.PASSWORD);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : runs) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 0.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !connected());

        // WHEN one more connection comes and stays, and a stale one it took over closes after it
        RawMqtt stale = RawMqtt.open(gw.gateway().mqttPort());
        assertThat(stale.connect(4, "pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        try (Mqtt5Device last = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(stale.closedByGatewayWithin(Duration.ofSeconds(5))).isTrue();
            stale.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);

            // THEN the API says connected, and the device is served
            assertThat(connected()).isTrue();
            SmokeCheck.smokeAlarmGetsThrough(gw, last, "pi-1", "smoke-1", 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !connected());
    }

    @Test
    void anotherDeviceWithTheSameClientIdDoesNotTakeTheSessionOver() throws Exception {
        gw.registerDevice("t1", "pi-2");
        // GIVEN pi-1 connected with the client id "pi"
        try (RawMqtt first = RawMqtt.open(gw.gateway().mqttPort())) {
            assertThat(first.connectAs(4, "pi-1@t1", TestGateway.PASSWORD, "pi").code()).isZero();

            // WHEN pi-2 connects with the same client id
            try (RawMqtt second = RawMqtt.open(gw.gateway().mqttPort())) {
                assertThat(second.connectAs(4, "pi-2@t1", TestGateway.PASSWORD, "pi").code()).isZero();

                // THEN both stay connected: sessions belong to devices, so a stolen password cannot
                // cut other devices off by sending their client ids
                assertThat(first.closedByGatewayWithin(Duration.ofSeconds(2))).isFalse();
                assertThat(gw.metric("firegrid_mqtt_connections")).isEqualTo(2.0);
                assertThat(connected()).isTrue();
                assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-2").body()).getBoolean("connected")).isTrue();
            }
        }
    }

    private boolean connected() {
        return new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body()).getBoolean("connected");
    }
}
