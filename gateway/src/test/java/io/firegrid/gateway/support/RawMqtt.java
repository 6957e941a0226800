package io.firegrid.gateway.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An MQTT client made of a plain socket and Netty's MQTT codec, for tests that must misbehave
 * (trickle bytes, pipeline packets, ignore Receive Maximum) or look at raw answers (CONNACK
 * properties, DISCONNECT reason codes). Not thread-safe.
 */
public final class RawMqtt implements AutoCloseable {

    /** What a CONNACK said. */
    public record ConnAck(int code, String reason, Integer receiveMaximum) {
    }

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final Socket socket;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1024 * 1024));
    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);

    private RawMqtt(Socket socket) {
        this.socket = socket;
    }

    /** A TCP connection to {@code port} on loopback from {@code localAddress} (any 127.x.y.z), nothing sent yet. */
    public static RawMqtt open(int port, String localAddress) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setTcpNoDelay(true);
        return new RawMqtt(s);
    }

    public static RawMqtt open(int port) throws IOException {
        return open(port, "127.0.0.1");
    }

    /** The bytes of a CONNECT ({@code version} 4 = 3.1.1, 5 = 5.0) with a password padded to make the packet larger. */
    public static byte[] connect(int version, String user, String password, String clientId) {
        MqttConnectVariableHeader vh = new MqttConnectVariableHeader(version == 5 ? "MQTT" : "MQTT", version, true, true,
                false, 0, false, true, 60, MqttProperties.NO_PROPERTIES);
        MqttConnectPayload payload = new MqttConnectPayload(clientId, MqttProperties.NO_PROPERTIES, null, (byte[]) null,
                user, password.getBytes(StandardCharsets.UTF_8));
        return encode(new MqttConnectMessage(new MqttFixedHeader(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE,
                false, 0), vh, payload));
    }

    /** The bytes of a PUBLISH in the protocol version of this connection's CONNECT. */
    public byte[] publish(String topic, int qos, int packetId, byte[] body) {
        MqttQoS q = MqttQoS.valueOf(qos);
        return encode(encoder, new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, q, false, 0),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId), Unpooled.wrappedBuffer(body)));
    }

    private static byte[] encode(MqttMessage message) {
        return encode(new EmbeddedChannel(MqttEncoder.INSTANCE), message);
    }

    private static byte[] encode(EmbeddedChannel encoder, MqttMessage message) {
        encoder.writeOutbound(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = encoder.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.writeBytes(bytes);
            buf.release();
        }
        return out.toByteArray();
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends a CONNECT and reads the CONNACK. */
    public ConnAck connect(int version, String user, String password) throws IOException {
        return connectAs(version, user, password, "raw-" + System.nanoTime());
    }

    /** Sends a CONNECT with the given client identifier and reads the CONNACK. */
    public ConnAck connectAs(int version, String user, String password, String clientId) throws IOException {
        MqttVersion v = version == 5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        decoder.attr(VERSION).set(v);
        encoder.attr(VERSION).set(v);
        send(connect(version, user, password, clientId));
        MqttMessage m = read(Duration.ofSeconds(10));
        if (!(m instanceof MqttConnAckMessage ack)) {
            throw new IOException("expected a CONNACK, got " + m);
        }
        MqttProperties props = ack.variableHeader().properties();
        MqttProperties.MqttProperty<?> reason = props.getProperty(MqttProperties.MqttPropertyType.REASON_STRING.value());
        MqttProperties.MqttProperty<?> max = props.getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
        return new ConnAck(ack.variableHeader().connectReturnCode().byteValue() & 0xFF,
                reason == null ? null : (String) reason.value(), max == null ? null : (Integer) max.value());
    }

    /** The next packet from the gateway; null if it closed the connection first. Fails after {@code timeout}. */
    public MqttMessage read(Duration timeout) throws IOException {
        MqttMessage m = decoder.readInbound();
        if (m != null) {
            return m;
        }
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketException reset) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
            m = decoder.readInbound();
            if (m != null) {
                return m;
            }
        }
    }

    /** The reason code of the DISCONNECT the gateway sends next, skipping other packets; -1 if it just closed. */
    public int disconnectReason(Duration timeout) throws IOException {
        MqttMessage m;
        while ((m = read(timeout)) != null) {
            try {
                if (m.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
                    Object vh = m.variableHeader();
                    return vh instanceof MqttReasonCodeAndPropertiesVariableHeader r ? r.reasonCode() & 0xFF : 0;
                }
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        return -1;
    }

    /** True if the gateway closes the connection within {@code timeout} (whatever it sends before). */
    public boolean closedByGatewayWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // drain what comes before the close
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Resets the connection (TCP RST): what the client sent and the gateway has not read is dropped. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }
}
