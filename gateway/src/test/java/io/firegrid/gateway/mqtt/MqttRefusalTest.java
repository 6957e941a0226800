package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input over MQTT is refused with a reason, counted, and harms nobody else: a second,
 * well-behaved device stays connected and keeps getting its alarms through.
 */
class MqttRefusalTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "pi-2");
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        // the well-behaved device was never disturbed and its alarm still gets through
        assertThat(bystander.isConnected()).isTrue();
        assertThat(bystander.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        assertThat(gw.openAlarmFor("bystander", "smoke-1")).isPresent();
        bystander.close();
        gw.close();
    }

    @Test
    void refusedWrongPasswordOnMqtt5() {
        assertThatThrownBy(() -> Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", "wrong-password"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-credentials")).isEqualTo(1.0);
    }

    @Test
    void refusedWrongPasswordOnMqtt311() {
        assertThatThrownBy(() -> connect311("pi-1@t1", "wrong-password"))
                .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(4)); // bad user name or password
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-credentials")).isEqualTo(1.0);
    }

    @Test
    void refusedUnknownDeviceAndMalformedUsername() {
        assertThatThrownBy(() -> Mqtt5Device.connect(gw.mqttUri(), "pi-9@t1", TestGateway.PASSWORD))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThatThrownBy(() -> Mqtt5Device.connect(gw.mqttUri(), "no-tenant", TestGateway.PASSWORD))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(gw.metric("firegrid_refused_total", "code", "unknown-device")).isEqualTo(1.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-auth-id")).isEqualTo(1.0);
    }

    @Test
    void rejectsEventForAnotherDeviceWithNotAuthorized() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = device.publish("event/t1/pi-2", Bodies.smoke(1, "smoke-1", "alarm"), 1);

            assertThat(ack.reasonCode()).isEqualTo(0x87);
            assertThat(ack.reasonString()).contains("only for itself");
            Mqtt5Device.Ack otherTenant = device.publish("event/t2/pi-1", Bodies.smoke(2, "smoke-1", "alarm"), 1);
            assertThat(otherTenant.reasonCode()).isEqualTo(0x87);
            // the device itself may go on
            assertThat(device.publish("event", Bodies.door(3, "open"), 1).reasonCode()).isZero();
        }
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "code", "not-this-device")).isEqualTo(2.0);
    }

    @Test
    void closesMqtt311ConnectionOfDevicePublishingForAnother() throws Exception {
        MqttClient client = connect311("pi-1@t1", TestGateway.PASSWORD);
        // 3.1.1 has no negative PUBACK: the gateway closes the connection instead
        assertThatThrownBy(() -> client.publish("event/t1/pi-2", Bodies.smoke(1, "smoke-1", "alarm"), 1, false))
                .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(32109)); // connection lost
        assertThat(client.isConnected()).isFalse();
        client.close(true);
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "code", "not-this-device")).isEqualTo(1.0);
    }

    @Test
    void refusesMalformedJsonWithPayloadFormatInvalid() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = device.publish("event", "{\"seq\":1,\"sensor\":".getBytes(StandardCharsets.UTF_8), 1);

            assertThat(ack.reasonCode()).isEqualTo(0x99);
            assertThat(ack.reasonString()).contains("not valid JSON");
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "malformed-json")).isEqualTo(1.0);
    }

    @Test
    void refusesOversizedBodyWithReason() throws Exception {
        byte[] big = new byte[17 * 1024];
        Arrays.fill(big, (byte) ' ');
        byte[] event = Bodies.smoke(1, "smoke-1", "alarm");
        System.arraycopy(event, 0, big, 0, event.length);
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = device.publish("event", big, 1);

            assertThat(ack.reasonCode()).isEqualTo(0x99);
            assertThat(ack.reasonString()).contains("exceeds the limit of 16384 bytes");
        }
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "code", "too-large")).isEqualTo(1.0);
    }

    @Test
    void refusesUnknownKindAndStateNotValidForKind() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack kind = device.publish("event",
                    "{\"seq\":1,\"sensor\":\"x-1\",\"kind\":\"heat\",\"state\":\"alarm\"}".getBytes(StandardCharsets.UTF_8), 1);
            Mqtt5Device.Ack state = device.publish("event",
                    "{\"seq\":2,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"alarm\"}".getBytes(StandardCharsets.UTF_8), 1);

            assertThat(kind.reasonCode()).isEqualTo(0x99);
            assertThat(kind.reasonString()).contains("unknown kind 'heat'");
            assertThat(state.reasonCode()).isEqualTo(0x99);
            assertThat(state.reasonString()).contains("not valid for kind 'door'");
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "unknown-kind")).isEqualTo(1.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-state")).isEqualTo(1.0);
    }

    @Test
    void closesMqtt311ConnectionOnMalformedJson() throws Exception {
        MqttClient client = connect311("pi-1@t1", TestGateway.PASSWORD);
        assertThatThrownBy(() -> client.publish("event", "not json".getBytes(StandardCharsets.UTF_8), 1, false))
                .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(32109)); // connection lost
        assertThat(client.isConnected()).isFalse();
        client.close(true);
        assertThat(gw.metric("firegrid_refused_total", "code", "malformed-json")).isEqualTo(1.0);
    }

    @Test
    void disconnectsMqtt5EventSentWithQos0WithQosNotSupported() throws Exception {
        Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
        device.publishAsync("event", Bodies.smoke(1, "smoke-1", "alarm"), 0, null);

        MqttDisconnectResponse r = Mqtt5Device.await(device.disconnected());
        assertThat(r.getReturnCode()).isEqualTo(0x9B);
        assertThat(r.getReasonString()).contains("QoS 1");
        device.close();
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-qos")).isEqualTo(1.0);
    }

    @Test
    void refusesUnknownTopic() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = device.publish("alarms/t1/pi-1", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            assertThat(ack.reasonCode()).isEqualTo(0x90);
            assertThat(ack.reasonString()).contains("unknown endpoint");
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-topic")).isEqualTo(1.0);
    }

    @Test
    void grantsOwnCommandSubscriptionAndRefusesAnotherDevices() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.subscribe("command///req/#", 1)).containsExactly(1);
            assertThat(device.subscribe("command/t1/pi-1/req/#", 1)).containsExactly(1);
            assertThat(device.subscribe("command/t1/pi-2/req/#", 1)).containsExactly(0x87);
            assertThat(device.subscribe("#", 1)).containsExactly(0x87);
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-subscription")).isEqualTo(2.0);
    }

    @Test
    void closesConnectionThatStartsWithAnInvalidPacketType() throws Exception {
        byte[] garbage = new byte[64];
        new java.util.Random(42).nextBytes(garbage);
        garbage[0] = 0x00; // packet type 0 is reserved
        assertThat(closedByGatewayAfterSending(garbage)).isTrue();
    }

    @Test
    void closesConnectionDeclaringAPacketLargerThanTheLimit() throws Exception {
        // a CONNECT announcing 268 MB
        assertThat(closedByGatewayAfterSending(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 4})).isTrue();
    }

    @Test
    void keepsServingOthersWhileAConnectionSendsRandomBytes() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway().mqttPort())) {
            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            s.getOutputStream().write(garbage);
            s.getOutputStream().flush();
            // whatever the decoder makes of it, a new device connects and its alarm gets through
            try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
            }
            assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();
        }
    }

    /** Sends {@code bytes} on a fresh connection; true if the gateway then closes it within 10 s. */
    private boolean closedByGatewayAfterSending(byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway().mqttPort())) {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            try {
                while (s.getInputStream().read() >= 0) {
                    // drain whatever comes before the close
                }
                return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
    }

    private MqttClient connect311(String user, String password) throws org.eclipse.paho.client.mqttv3.MqttException {
        MqttClient client = new MqttClient(gw.mqttUri(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(5);
        client.connect(o);
        return client;
    }
}
