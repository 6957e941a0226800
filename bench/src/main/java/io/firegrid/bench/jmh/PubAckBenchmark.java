package io.firegrid.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The PUBACK the gateway writes for every stored QoS 1 reading, through a Netty pipeline with the
 * MQTT encoder in it as on a gateway connection (MQTT 5), up to the socket: the socket is a handler
 * at the head of the pipeline that takes the bytes and releases them, so no system call is timed.
 *
 * <p>{@code preEncoded}: what {@code MqttListener.MqttConnection.acknowledge} writes, four bytes in
 * a pooled buffer with the channel's void promise. Baseline {@code encodedByNetty}: what
 * {@code MqttEndpoint.publishAcknowledge} hands to the socket, a PUBACK message (fixed header,
 * variable header, message) encoded by {@code MqttEncoder}, with a promise of its own. Not in the
 * baseline: vertx-mqtt's lock on the socket and Vert.x's promise and future around the write, which
 * the pre-encoded write also leaves out, so the gap measured here is the smaller part of the saving.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PubAckBenchmark {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private EmbeddedChannel channel;
    private int packetId;

    /** Stands for the socket: counts the bytes written and releases the buffer. */
    static final class Socket extends ChannelOutboundHandlerAdapter {
        long bytes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            bytes += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }
    }

    private Socket socket;

    @Setup(Level.Trial)
    public void open() {
        socket = new Socket();
        channel = new EmbeddedChannel(socket, MqttEncoder.INSTANCE);
        channel.attr(VERSION).set(MqttVersion.MQTT_5);
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.finishAndReleaseAll();
        if (socket.bytes == 0) {
            throw new IllegalStateException("nothing was written");
        }
    }

    private int nextId() {
        packetId = packetId == 65535 ? 1 : packetId + 1;
        return packetId;
    }

    @Benchmark
    public void preEncoded(Blackhole bh) {
        ByteBuf packet = channel.alloc().ioBuffer(4, 4);
        packet.writeByte(0x40).writeByte(0x02).writeShort(nextId());
        channel.writeAndFlush(packet, channel.voidPromise());
        bh.consume(socket.bytes);
    }

    @Benchmark
    public void baselineEncodedByNetty(Blackhole bh) {
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        MqttPubReplyMessageVariableHeader variable = new MqttPubReplyMessageVariableHeader(nextId(), (byte) 0,
                MqttProperties.NO_PROPERTIES);
        MqttMessage ack = MqttMessageFactory.newMessage(fixed, variable, null);
        bh.consume(channel.writeAndFlush(ack, channel.newPromise()));
    }
}
