package io.firegrid.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The few MQTT 5 packets a load device needs (CONNECT, PUBLISH QoS 1, PINGREQ, DISCONNECT), encoded
 * by hand so that one JVM can hold thousands of connections on one NIO selector: Paho's thread per
 * client would not fit 5,000 clients in a process. Packets from the server are framed with
 * {@link #frameLength}; their type is the high nibble of the first byte.
 */
final class MqttWire {

    static final int CONNACK = 2;
    static final int PUBACK = 4;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    /** CONNACK / DISCONNECT reason codes that ask a client to come back later. */
    static final int SERVER_BUSY = 0x89;
    static final int CONNECTION_RATE_EXCEEDED = 0x9F;

    private MqttWire() {
    }

    /** CONNECT, MQTT 5, clean start, user name and password, no properties. */
    static ByteBuffer connect(String clientId, String username, byte[] password, int keepAliveSeconds) {
        byte[] id = utf8(clientId);
        byte[] user = utf8(username);
        int variable = 2 + 4 + 1 + 1 + 2 + 1; // "MQTT", level, flags, keep alive, properties length 0
        int payload = 2 + id.length + 2 + user.length + 2 + password.length;
        ByteBuffer b = packet(0x10, variable + payload);
        putString(b, utf8("MQTT"));
        b.put((byte) 5);
        b.put((byte) 0xC2); // user name, password, clean start
        b.putShort((short) keepAliveSeconds);
        b.put((byte) 0);
        putString(b, id);
        putString(b, user);
        putString(b, password);
        return b.flip();
    }

    /** PUBLISH at QoS 1, no properties. */
    static ByteBuffer publish(byte[] topic, int packetId, byte[] body) {
        ByteBuffer b = packet(0x32, 2 + topic.length + 2 + 1 + body.length);
        putString(b, topic);
        b.putShort((short) packetId);
        b.put((byte) 0);
        b.put(body);
        return b.flip();
    }

    static ByteBuffer pingreq() {
        return ByteBuffer.wrap(new byte[] {(byte) 0xC0, 0});
    }

    static ByteBuffer disconnect() {
        return ByteBuffer.wrap(new byte[] {(byte) 0xE0, 0});
    }

    /**
     * The length of the whole packet that starts at {@code in}'s position, header included, or -1
     * if the bytes for its length are not all there yet.
     */
    static int frameLength(ByteBuffer in) {
        int p = in.position() + 1;
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            if (p >= in.limit()) {
                return -1;
            }
            int digit = in.get(p++) & 0xFF;
            value |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                return p - in.position() + value;
            }
        }
        throw new IllegalStateException("malformed remaining length from the server");
    }

    /** The offset of the variable header within a packet that starts at {@code at}. */
    static int headerLength(ByteBuffer in, int at) {
        int p = at + 1;
        while ((in.get(p) & 0x80) != 0) {
            p++;
        }
        return p + 1 - at;
    }

    private static ByteBuffer packet(int first, int remaining) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + remaining);
        b.put((byte) first);
        int v = remaining;
        do {
            int digit = v & 0x7F;
            v >>>= 7;
            b.put((byte) (v > 0 ? digit | 0x80 : digit));
        } while (v > 0);
        return b;
    }

    private static void putString(ByteBuffer b, byte[] s) {
        b.putShort((short) s.length);
        b.put(s);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
