package io.firegrid.gateway.support;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 callback for tests that care about arriving messages and disconnects only. */
public final class PahoCallback implements MqttCallback {

    /** What to do with a message that arrived. */
    @FunctionalInterface
    public interface OnMessage {
        void arrived(String topic, MqttMessage message) throws Exception;
    }

    private final OnMessage onMessage;
    private final java.util.function.Consumer<MqttDisconnectResponse> onDisconnect;

    public PahoCallback(OnMessage onMessage, java.util.function.Consumer<MqttDisconnectResponse> onDisconnect) {
        this.onMessage = onMessage;
        this.onDisconnect = onDisconnect;
    }

    public static PahoCallback onMessage(OnMessage onMessage) {
        return new PahoCallback(onMessage, r -> { });
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        onMessage.arrived(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        onDisconnect.accept(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
