package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.net.URI;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection events of the uplink's Paho client; runs on Paho's callback thread. */
final class UplinkCallback implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final DeviceId device;
    private final URI server;
    private final Runnable onConnected;
    private final java.util.function.BiConsumer<String, byte[]> onCommand;
    private final SiteTrust siteCa;
    private final java.util.function.IntConsumer onLost;

    UplinkCallback(DeviceId device, URI server, SiteTrust siteCa, Runnable onConnected,
            java.util.function.BiConsumer<String, byte[]> onCommand, java.util.function.IntConsumer onLost) {
        this.onLost = onLost;
        this.siteCa = siteCa;
        this.onCommand = onCommand;
        this.device = device;
        this.server = server;
        this.onConnected = onConnected;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        LOG.info("{} {} [tenant: {}, device: {}]", reconnect ? "reconnected to" : "connected to", serverURI,
                device.tenant(), device.device());
        onConnected.run();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        MqttException e = response.getException();
        String why = e != null ? PahoSettings.describe(e, siteCa)
                : response.getReasonString() != null ? response.getReasonString() : "gateway closed the connection";
        LOG.info("disconnected from {} [tenant: {}, device: {}]: {}; reconnecting, messages are buffered meanwhile",
                server, device.tenant(), device.device(), why);
        onLost.accept(e == null ? response.getReturnCode() : e.getReasonCode());
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
