package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.junit.jupiter.api.Test;

/**
 * A window larger than {@link MqttLimits#MAX_HELD} (the default Receive Maximum, 128): while the
 * store has no room, the connection holds no more readings than {@code MAX_HELD}, so a fleet of held
 * connections takes the memory a window of 32 took; while the store has room, the whole window is used.
 */
class PublishWindowHeldBoundTest {

    private final PublishWindow window = new PublishWindow(MqttLimits.DEFAULT_RECEIVE_MAXIMUM,
            m -> m.topicName().startsWith("telemetry"));
    private int ids;

    @Test
    void whileWaitingForRoomTheSocketIsReadUntilMaxHeldReadingsAreHeld() {
        // GIVEN a connection whose reading the store refused for lack of room
        window.putBack(publish());
        window.waitForRoom();

        // WHEN it reads on until it holds MAX_HELD readings
        for (int i = 1; i < MqttLimits.MAX_HELD - 1; i++) {
            window.hold(publish());
        }
        assertThat(window.readable()).as("%d held", MqttLimits.MAX_HELD - 1).isTrue();
        window.hold(publish());

        // THEN it reads no further, although its window is far from full
        assertThat(window.readable()).as("%d held of a window of %d", MqttLimits.MAX_HELD, MqttLimits.DEFAULT_RECEIVE_MAXIMUM)
                .isFalse();
        assertThat(window.exceedsReceiveMaximum(publish())).isFalse();

        // AND once the store has room again, they are handed over and reading goes on
        window.roomAgain();
        while (window.next() != null) {
            window.started(MqttQoS.AT_LEAST_ONCE);
        }
        assertThat(window.waiting()).isEqualTo(MqttLimits.MAX_HELD);
        assertThat(window.readable()).isTrue();
    }

    @Test
    void withRoomInTheStoreTheWholeWindowIsHandedOver() {
        for (int i = 0; i < MqttLimits.DEFAULT_RECEIVE_MAXIMUM - 1; i++) {
            window.started(MqttQoS.AT_LEAST_ONCE);
        }
        assertThat(window.readable()).isTrue();
        window.started(MqttQoS.AT_LEAST_ONCE);
        assertThat(window.readable()).isFalse();
    }

    private MqttPublishMessage publish() {
        return MqttPublishMessage.create(++ids, MqttQoS.AT_LEAST_ONCE, false, false, "telemetry", Unpooled.buffer());
    }
}
