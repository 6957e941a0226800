package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards the Netty version under the MQTT endpoint: a PUBLISH whose bytes arrive in several TCP
 * reads, and several PUBLISHes in one read, must decode. Netty 4.1.133 (the version Vert.x 4.5.27
 * brings) refused such packets with "TooLongFrameException: message length exceeds 65536: 105"
 * and closed the device's connection under load (netty/netty#16776).
 */
class MqttDecoderFragmentationTest {

    @Test
    void decodesPublishSplitInsideItsVariableHeader() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(MqttAdapter.DEFAULT_MAX_PACKET_BYTES));
        byte[] packet = publish(1, "event", "{\"seq\":1,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}");

        for (int cut = 1; cut < packet.length; cut++) {
            channel.writeInbound(Unpooled.wrappedBuffer(packet, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(packet, cut, packet.length - cut));
            MqttMessage m = channel.readInbound();
            assertThat(m).as("packet cut after %d bytes", cut).isNotNull();
            assertThat(m.decoderResult().isSuccess()).as("packet cut after %d bytes: %s", cut, m.decoderResult()).isTrue();
            assertThat(((MqttPublishMessage) m).variableHeader().topicName()).isEqualTo("event");
            ((MqttPublishMessage) m).release();
        }
    }

    @Test
    void decodesManyPublishesArrivingTogetherWithTheLastOneCut() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(MqttAdapter.DEFAULT_MAX_PACKET_BYTES));
        ByteBuf all = Unpooled.buffer();
        for (int i = 1; i <= 1000; i++) {
            all.writeBytes(publish(i, "event", "{\"seq\":" + i + ",\"sensor\":\"smoke-" + i + "\",\"kind\":\"smoke\",\"state\":\"alarm\"}"));
        }
        int half = all.readableBytes() / 2 + 3;
        channel.writeInbound(all.retainedSlice(0, half));
        channel.writeInbound(all.retainedSlice(half, all.readableBytes() - half));
        int decoded = 0;
        MqttMessage m;
        while ((m = channel.readInbound()) != null) {
            assertThat(m.decoderResult().isSuccess()).as("message %d: %s", decoded + 1, m.decoderResult()).isTrue();
            decoded++;
            ((MqttPublishMessage) m).release();
        }
        assertThat(decoded).isEqualTo(1000);
        all.release();
    }

    private static byte[] publish(int packetId, String topic, String body) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE,
                false, 0), new MqttPublishVariableHeader(topic, packetId),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
        ByteBuf out = encoder.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }
}
