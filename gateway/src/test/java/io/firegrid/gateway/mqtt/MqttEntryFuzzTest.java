package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the MQTT entry point (docs/fuzzing.md): bytes, cut into the pieces
 * TCP might deliver, go through the gateway's own pre-CONNECT pipeline ({@link ConnectGuard} in
 * front of Netty's {@link MqttDecoder} with the gateway's limits, in the order {@link MqttListener}
 * builds it), and every PUBLISH decoded after a CONNECT goes through the adapter's parsing (topic,
 * QoS rule, body codec) and its reason-code mapping ({@link MqttErrors}).
 *
 * <p>Asserted: nothing throws out of the pipeline; a socket the guard closes is refused with one
 * of its three codes and a reason, and only for the reason the code names; before a CONNECT is
 * decoded the decoder never holds more than {@code maxConnectBytes}; a refused PUBLISH maps to a
 * failure reason code, never to success; every decoded message is released.
 */
class MqttEntryFuzzTest {

    private static final MqttLimits LIMITS = MqttLimits.DEFAULTS;
    private static final MqttServerOptions OPTIONS = new MqttServerOptions();
    private static final Set<String> GUARD_CODES = Set.of("not-connect", "bad-packet", "connect-too-large");
    private static final DeviceId DEVICE = new DeviceId("t1", "pi-1");
    private static final MessageCodec CODEC = new MessageCodec();

    /** {@code ByteToMessageDecoder.actualReadableBytes()}: what a decoder holds, not yet decoded. */
    private static final java.lang.reflect.Method HELD;

    static {
        try {
            HELD = io.netty.handler.codec.ByteToMessageDecoder.class.getDeclaredMethod("actualReadableBytes");
            HELD.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static int held(MqttDecoder decoder) {
        try {
            return (int) HELD.invoke(decoder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stands in for vertx-mqtt's connection: collects messages, removes the guard at CONNECT as it does. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final List<MqttMessage> messages = new ArrayList<>();
        boolean connected;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            MqttMessage m = (MqttMessage) msg;
            if (!connected && m.decoderResult().isSuccess() && m.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                connected = true;
                if (ctx.pipeline().get(ConnectGuard.NAME) != null) {
                    ctx.pipeline().remove(ConnectGuard.NAME);
                }
            }
            messages.add(m);
        }
    }

    @FuzzTest(maxDuration = "10s")
    // libFuzzer dictionary syntax: \\xNN escapes bytes
    @DictionaryEntries({"\\x10", "\\x00\\x04MQTT\\x04", "\\x00\\x04MQTT\\x05", "\\x30", "\\x32", "\\x82", "\\xa2",
            "\\xe0", "\\xc0", "\\x00\\x05event", "\\x00\\x09telemetry", "pi-1@t1", "\\xff\\xff\\xff\\x7f",
            "{\"seq\":1,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}"})
    void mqttBytes(FuzzedDataProvider data) {
        List<FireGridException> refused = new ArrayList<>();
        MqttDecoder decoder = new MqttDecoder(MqttAdapter.DEFAULT_MAX_PACKET_BYTES, OPTIONS.getMaxClientIdLength());
        Collector collector = new Collector();
        EmbeddedChannel channel = new EmbeddedChannel();
        int[] firstByte = {-1};
        channel.pipeline().addLast("tap", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                if (firstByte[0] < 0 && b.isReadable()) {
                    firstByte[0] = b.getUnsignedByte(b.readerIndex());
                }
                ctx.fireChannelRead(msg);
            }
        });
        channel.pipeline().addLast(ConnectGuard.NAME, new ConnectGuard(LIMITS.maxConnectBytes(),
                LIMITS.connectTimeoutSeconds(), refused::add));
        channel.pipeline().addLast("mqttDecoder", decoder);
        channel.pipeline().addLast("handler", collector);
        int chunks = data.consumeInt(1, 8);
        try {
            for (int i = 0; i < chunks && channel.isOpen(); i++) {
                byte[] piece = i == chunks - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 512));
                channel.writeInbound(Unpooled.wrappedBuffer(piece));
                channel.checkException();
                if (!collector.connected && channel.isOpen()) {
                    assertThat(held(decoder)).as("bytes held before CONNECT").isLessThanOrEqualTo(LIMITS.maxConnectBytes());
                }
            }
            assertThat(refused).hasSizeLessThanOrEqualTo(1);
            for (FireGridException e : refused) {
                assertThat(GUARD_CODES).contains(e.code());
                assertThat(e.reason()).isNotBlank();
                assertThat(channel.isOpen()).as("closed after %s", e).isFalse();
                if (e.code().equals("not-connect")) {
                    assertThat(firstByte[0] >> 4).isNotEqualTo(1);
                }
            }
            if (firstByte[0] >= 0 && firstByte[0] >> 4 != 1) {
                assertThat(refused).as("a first packet that is not a CONNECT").hasSize(1);
                assertThat(collector.messages).isEmpty();
            }
            if (collector.connected) {
                for (MqttMessage m : collector.messages) {
                    if (m instanceof MqttPublishMessage p && m.decoderResult().isSuccess()) {
                        publish(p);
                    }
                }
            }
        } finally {
            collector.messages.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }

    /** The adapter's parsing of a PUBLISH, and the codes it would answer with. */
    private static void publish(MqttPublishMessage msg) {
        try {
            Topic topic = Topic.parse(msg.variableHeader().topicName());
            topic.resolve(DEVICE);
            if (topic instanceof Topic.Upstream up) {
                if (msg.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
                    throw FireGridException.badRequest("bad-qos", "QoS 2 is not supported: publish with QoS 1");
                }
                byte[] body = new byte[msg.payload().readableBytes()];
                msg.payload().getBytes(msg.payload().readerIndex(), body);
                DeviceMessage m = CODEC.decode(up.endpoint(), body);
                assertThat(m.endpoint()).isEqualTo(up.endpoint() == Endpoint.EVENT ? Endpoint.EVENT : Endpoint.TELEMETRY);
            }
        } catch (FireGridException e) {
            assertThat(e.reason()).isNotBlank();
            assertThat(MqttErrors.isRetryable(e)).as("retryable %s", e).isFalse();
            assertThat(MqttErrors.pubAckCode(e)).isNotIn(MqttPubAckReasonCode.SUCCESS, MqttPubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(MqttErrors.disconnectCode(e)).isNotEqualTo(MqttDisconnectReasonCode.NORMAL);
        }
    }
}
