package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PUBACK of a stored reading, byte for byte as a client reads it off the socket: {@code 40 02}
 * and the PUBLISH's packet id, for MQTT 3.1.1 and 5 alike, sent once the reading is stored.
 */
class MqttPubAckWireTest {

    /** Packet ids at the edges of each byte of the two-byte id. */
    static final int[] PACKET_IDS = {1, 2, 255, 256, 257, 0x7FFF, 0x8000, 0xFF00, 65535};

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

    @ParameterizedTest(name = "MQTT protocol level {0}")
    @ValueSource(ints = {4, 5})
    void eachStoredReadingIsAcknowledgedWithItsOwnPacketId(int version) throws Exception {
        // GIVEN a device connected over a plain socket, which reads the gateway's bytes as they come
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", gw.gateway().mqttPort()), 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            socket.getOutputStream().write(RawMqtt.connect(version, "pi-1@t1", TestGateway.PASSWORD, "wire-" + version));
            int connAck = in.readUnsignedByte();
            assertThat(connAck).isEqualTo(0x20);
            byte[] connAckBody = new byte[remainingLength(in)];
            in.readFully(connAckBody);
            assertThat(connAckBody[1]).as("CONNACK return code").isZero();

            long seq = 0;
            for (int packetId : PACKET_IDS) {
                // WHEN it publishes a QoS 1 reading with this packet id
                seq++;
                socket.getOutputStream().write(publish(version, packetId, Bodies.pressure(seq, 0.32)));

                // THEN the next four bytes are a PUBACK (type 4, remaining length 2) naming that id
                byte[] ack = new byte[4];
                in.readFully(ack);
                assertThat(ack).as("PUBACK for packet id %d", packetId)
                        .containsExactly(0x40, 0x02, (byte) (packetId >> 8), (byte) packetId);
                // AND the reading was stored before it was acknowledged
                assertThat(gw.metric("firegrid_messages_total", "protocol", "mqtt", "outcome", "stored"))
                        .isEqualTo((double) seq);
            }
        }
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    /** A QoS 1 PUBLISH to {@code telemetry}, written by hand (MQTT 5 adds an empty property list). */
    private static byte[] publish(int version, int packetId, byte[] body) {
        byte[] topic = "telemetry".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        variable.write(topic.length >> 8);
        variable.write(topic.length);
        variable.writeBytes(topic);
        variable.write(packetId >> 8);
        variable.write(packetId);
        if (version == 5) {
            variable.write(0);
        }
        variable.writeBytes(body);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x32);
        int remaining = variable.size();
        do {
            int b = remaining & 0x7F;
            remaining >>>= 7;
            packet.write(remaining > 0 ? b | 0x80 : b);
        } while (remaining > 0);
        packet.writeBytes(variable.toByteArray());
        return packet.toByteArray();
    }
}
