package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 5 clients are told how many QoS 1 messages they may have unacknowledged (Receive Maximum in
 * the CONNACK); a client that sends more is disconnected with 0x93, one that honours it is served.
 */
class MqttReceiveMaximumTest {

    static final int RECEIVE_MAXIMUM = 4;

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(RECEIVE_MAXIMUM)));
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
    void receiveMaximumIsAnnouncedAndEnforced() throws Exception {
        // GIVEN an MQTT 5 client told its Receive Maximum
        try (RawMqtt client = RawMqtt.open(gw.gateway().mqttPort())) {
            RawMqtt.ConnAck ack = client.connect(5, "pi-1@t1", TestGateway.PASSWORD);
            assertThat(ack.code()).isZero();
            assertThat(ack.receiveMaximum()).isEqualTo(RECEIVE_MAXIMUM);

            // WHEN it sends ten times as many QoS 1 messages at once, without waiting for PUBACKs
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 1; i <= RECEIVE_MAXIMUM * 10; i++) {
                burst.writeBytes(client.publish("telemetry", 1, i, Bodies.pressure(i, 0.32)));
            }
            client.send(burst.toByteArray());

            // THEN it is disconnected with 0x93 (Receive Maximum exceeded), and that is counted
            assertThat(client.disconnectReason(Duration.ofSeconds(10))).isEqualTo(0x93);
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "receive-maximum-exceeded")).isEqualTo(1.0);
        // no more than the window was taken from it
        assertThat(gw.metric("firegrid_messages_total", "outcome", "stored")).isLessThanOrEqualTo(RECEIVE_MAXIMUM);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
    }

    @Test
    void aClientHonouringReceiveMaximumHasAllItsMessagesAcknowledged() throws Exception {
        // GIVEN Paho, which keeps to the Receive Maximum the server announces
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            // WHEN it publishes 100 QoS 1 messages as fast as Paho lets it
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                acks.add(acked);
                publishWhenPahoHasRoom(device, i, acked);
            }

            // THEN every one is acknowledged, the connection stays, and another device is served meanwhile
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(device.isConnected()).isTrue();
        }
        assertThat(gw.metric("firegrid_messages_total", "outcome", "stored")).isEqualTo(100.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "receive-maximum-exceeded")).isZero();
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
    }

    /** Paho refuses a publish while its in-flight window is full (code 32202); try again once a PUBACK has come. */
    private static void publishWhenPahoHasRoom(Mqtt5Device device, int seq, CompletableFuture<Void> acked) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).ignoreException(
                org.eclipse.paho.mqttv5.common.MqttException.class).until(() -> {
                    device.publishAsync("telemetry", Bodies.pressure(seq, 0.3), 1, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            acked.complete(null);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable t) {
                            acked.completeExceptionally(t);
                        }
                    });
                    return true;
                });
    }
}
