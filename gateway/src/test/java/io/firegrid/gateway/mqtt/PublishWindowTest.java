package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.junit.jupiter.api.Test;

/**
 * A connection's window while the store has no room for its readings: readings stay held in
 * order, an event read meanwhile goes on at once, and the socket is read no further than the window.
 */
class PublishWindowTest {

    private final PublishWindow window = new PublishWindow(4, m -> m.topicName().startsWith("telemetry"));
    private int ids;

    @Test
    void readingsWaitForRoomInOrderWhileAnEventGoesOn() {
        // GIVEN a reading the store refused for lack of room, put back first, and one more reading read
        MqttPublishMessage refused = publish("telemetry");
        MqttPublishMessage later = publish("telemetry");
        window.hold(later);
        window.putBack(refused);
        assertThat(window.waitForRoom()).as("a hold begins").isTrue();
        assertThat(window.waitForRoom()).as("only once").isFalse();

        // WHEN an event is read behind them
        MqttPublishMessage event = publish("event");
        window.hold(event);

        // THEN the event is handed over, the readings are not
        assertThat(window.next()).isSameAs(event);
        assertThat(window.next()).isNull();
        window.started(MqttQoS.AT_LEAST_ONCE);

        // AND once there is room, the readings go in the order they came
        window.roomAgain();
        assertThat(window.next()).isSameAs(refused);
        assertThat(window.next()).isSameAs(later);
        assertThat(window.next()).isNull();
    }

    @Test
    void whileWaitingForRoomTheSocketIsReadOnlyUntilTheWindowIsFull() {
        window.started(MqttQoS.AT_LEAST_ONCE);
        window.putBack(publish("telemetry"));
        window.waitForRoom();
        assertThat(window.readable()).as("1 waiting for the store, 1 held, of 4").isTrue();

        window.hold(publish("telemetry"));
        window.hold(publish("telemetry"));

        assertThat(window.readable()).as("1 waiting for the store, 3 held").isFalse();
        assertThat(window.exceedsReceiveMaximum(publish("telemetry"))).as("a 5th unacknowledged QoS 1 PUBLISH").isTrue();
    }

    @Test
    void withoutAHoldTheSocketIsNotReadWhileAnythingIsHeld() {
        window.hold(publish("telemetry"));

        assertThat(window.readable()).isFalse();
        assertThat(window.next()).isNotNull();
        assertThat(window.readable()).isTrue();
    }

    private MqttPublishMessage publish(String topic) {
        return MqttPublishMessage.create(++ids, MqttQoS.AT_LEAST_ONCE, false, false, topic, Unpooled.buffer());
    }
}
