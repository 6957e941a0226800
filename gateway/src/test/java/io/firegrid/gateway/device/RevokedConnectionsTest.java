package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that is decommissioned, or whose password is revoked at once (replaced hardware), loses
 * what it has open: its MQTT 5 connection gets DISCONNECT 0x87 with the reason, its 3.1.1
 * connection is closed, its DTLS session is dropped; each is counted, and other devices stay connected.
 */
class RevokedConnectionsTest {

    @TempDir
    Path dir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dir);
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "pi-2");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void decommissionDisconnectsTheMqtt5ConnectionWithNotAuthorizedAndTheReason() throws Exception {
        try (Mqtt5Device pi1 = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
             Mqtt5Device pi2 = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
            HttpResponse<String> r = gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/devices/t1/pi-1", "{\"reason\":\"Pi dead\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            MqttDisconnectResponse d = Mqtt5Device.await(pi1.disconnected());
            assertThat(d.getReturnCode()).isEqualTo(0x87);
            assertThat(d.getReasonString()).contains("pi-1@t1 was decommissioned");
            assertThat(gw.metric("firegrid_connections_closed_total", "protocol", "mqtt", "code", "decommissioned")).isEqualTo(1.0);

            assertThat(pi2.isConnected()).isTrue();
            assertThat(pi2.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
        }
    }

    @Test
    void decommissionClosesTheMqtt311Connection() throws Exception {
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        MqttClient pi1 = connect311("pi-1@t1", lost);

        gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/devices/t1/pi-1", null);

        assertThat(lost.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(pi1.isConnected()).isFalse();
        pi1.close(true);
        assertThat(gw.metric("firegrid_connections_closed_total", "protocol", "mqtt", "code", "decommissioned")).isEqualTo(1.0);
    }

    @Test
    void aRotationWithoutGraceDisconnectsWhatLoggedInWithTheOldPassword() throws Exception {
        try (Mqtt5Device pi1 = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-1/credentials", "{\"graceSeconds\":0,\"send\":false}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            MqttDisconnectResponse d = Mqtt5Device.await(pi1.disconnected());
            assertThat(d.getReturnCode()).isEqualTo(0x87);
            assertThat(d.getReasonString()).contains("credentials of device pi-1@t1 were replaced");
            assertThat(gw.metric("firegrid_connections_closed_total", "protocol", "mqtt", "code", "credentials-revoked"))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void decommissionDropsTheDtlsSession() throws Exception {
        gw.registerDeviceWithPsk("t1", "pi-3");
        try (CoapDevice pi3 = CoapDevice.dtls(gw.coapsUri(), "pi-3@t1", TestGateway.PSK)) {
            CoapResponse ok = pi3.post("/event", Bodies.smoke(1, "smoke-1", "alarm"));
            assertThat(ok.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);

            gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/devices/t1/pi-3", null);

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    gw.metric("firegrid_connections_closed_total", "protocol", "coap", "code", "decommissioned") == 1.0);
            // the session is gone at the gateway: the device's next request goes nowhere, and a new handshake is refused
            CoapResponse after = null;
            try {
                after = pi3.post("/event", Bodies.smoke(2, "smoke-1", "alarm"));
            } catch (java.io.IOException e) {
                // no answer
            }
            assertThat(after).isNull();
        }
        try (CoapDevice again = CoapDevice.dtls(gw.coapsUri(), "pi-3@t1", TestGateway.PSK)) {
            assertThatThrownBy(() -> again.post("/event", Bodies.smoke(3, "smoke-1", "alarm"))).hasMessageContaining("Handshake");
        }
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(1.0);
    }

    private MqttClient connect311(String user, CompletableFuture<Throwable> lost) throws Exception {
        MqttClient client = new MqttClient(gw.mqttUri(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(TestGateway.PASSWORD.toCharArray());
        o.setConnectionTimeout(5);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        return client;
    }
}
