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
 * CONNECTs that MQTT's decoder cannot read, found by fuzzing (docs/fuzzing.md), are refused like any
 * other bad packet before CONNECT: the socket is closed and the refusal counted as
 * {@code bad-packet}. Before, one with reserved flag bits was left uncounted and written to the log
 * at ERROR, one line per packet; and one whose string fields claimed more bytes than the packet
 * announced made the decoder wait for them, buffering far beyond the CONNECT limit until the
 * connect timeout. A connected device is not disturbed.
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
    void connectWhoseFieldsRunPastItsLengthIsClosedBeforeTheDecoderBuffersMore() throws Exception {
        // GIVEN a CONNECT announcing 29 bytes whose password length field claims 20,000
        byte[] connect = RawMqtt.connect(4, "pi-1@t1", "pw", "pi-1");
        connect[connect.length - 4] = (byte) (20_000 >> 8);
        connect[connect.length - 3] = (byte) (20_000 & 0xFF);

        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            // WHEN it is sent
            s.send(connect);

            // THEN the socket is closed at once, long before the connect timeout, and counted
            assertThat(s.closedByGatewayWithin(Duration.ofSeconds(MqttLimits.DEFAULT_CONNECT_TIMEOUT_SECONDS / 2))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "bad-packet")).isEqualTo(1.0));
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

    @Test
    void packetsPipelinedBehindARefusedConnectAreDroppedWithoutAnErrorInTheLog() throws Exception {
        // GIVEN CONNECTs that are refused (a wrong password, an unknown device, an empty client id without
        // a clean session), each followed in
        // the same write by a PINGREQ, a SUBSCRIBE and a PUBLISH that vertx-mqtt must not see from a client it did
        // not accept
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public synchronized void write(int c) {
                err.write(c);
                log.write(c);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            gw.registerDevice("t1", "pi-1");
            byte[] ping = {(byte) 0xC0, 0x00};
            byte[] subscribe = {(byte) 0x82, 0x0A, 0x00, 0x01, 0x00, 0x05, 'e', 'v', 'e', 'n', 't', 0x01};
            byte[] publish = {0x30, 0x09, 0x00, 0x05, 'e', 'v', 'e', 'n', 't', '{', '}'};
            // an empty client id without a clean session: vertx-mqtt refuses that CONNECT itself
            byte[] noClientId = RawMqtt.connect(4, "pi-1@t1", TestGateway.PASSWORD, "");
            noClientId[9] &= ~0x02;
            for (String user : new String[] {"pi-1@t1", "nobody@t1", null}) {
                for (int i = 0; i < 5; i++) {
                    try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
                        burst.write(user == null ? noClientId : RawMqtt.connect(4, user, "wrong-password", "c-" + i));
                        burst.write(ping);
                        burst.write(subscribe);
                        burst.write(publish);
                        s.send(burst.toByteArray());
                        // WHEN the gateway answers
                        // THEN the connection ends, refused
                        assertThat(s.closedByGatewayWithin(Duration.ofSeconds(15))).isTrue();
                    }
                }
            }
        } finally {
            System.setErr(err);
        }
        // AND the packets vertx-mqtt refused from a client it never accepted are counted, and logged at
        // debug only: no "Unhandled exception" at ERROR, one per packet, for anyone to fill the log with
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Unhandled exception")
                .doesNotContain(" ERROR ");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "bad-packet")).isGreaterThanOrEqualTo(5.0));
    }
}
