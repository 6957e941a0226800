package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.net.URI;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection events of the uplink's Paho client; runs on Paho's callback thread. A lost connection
 * is handed to {@code onLost}, which logs it and plans the next attempt.
 */
final class UplinkCallback implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final DeviceId device;
    private final URI server;
    private final Runnable onConnected;
    private final Consumer<MqttDisconnectResponse> onLost;
    private final BiConsumer<String, byte[]> onCommand;
    /** Paho calls back on one thread at a time, but not always the same one. */
    private volatile boolean connectedBefore;

    UplinkCallback(DeviceId device, URI server, Runnable onConnected, Consumer<MqttDisconnectResponse> onLost,
            BiConsumer<String, byte[]> onCommand) {
        this.onCommand = onCommand;
        this.device = device;
        this.server = server;
        this.onConnected = onConnected;
        this.onLost = onLost;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // Paho's reconnect flag is set by its own automatic reconnect only, which is off
        LOG.info("{} {} [tenant: {}, device: {}]", connectedBefore ? "reconnected to" : "connected to", serverURI,
                device.tenant(), device.device());
        connectedBefore = true;
        onConnected.run();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        LOG.debug("connection to {} lost [tenant: {}, device: {}]: {}", server, device.tenant(), device.device(), response);
        onLost.accept(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT protocol error [tenant: {}, device: {}]", device.tenant(), device.device(), exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        onCommand.accept(topic, message.getPayload());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // each publish has its own listener, see PahoListeners.delivery
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        LOG.debug("AUTH packet ignored [tenant: {}, device: {}, reason: {}]", device.tenant(), device.device(), reasonCode);
    }
}
