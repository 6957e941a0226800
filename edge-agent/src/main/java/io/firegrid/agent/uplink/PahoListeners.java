package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paho action listeners of the uplink; they run on Paho's callback thread and must not block. */
final class PahoListeners {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private PahoListeners() {
    }

    /** Reports a failed connection attempt; success is announced by the client callback. */
    static MqttActionListener firstConnect(Consumer<Throwable> onFailure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                // UplinkCallback.connectComplete logs and subscribes
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                onFailure.accept(exception);
            }
        };
    }

    /** Logs the gateway's answer to one QoS 1 publish (its seq is the token's user context). */
    static MqttActionListener delivery(DeviceId device, Runnable afterAck) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    LOG.warn("gateway refused message [tenant: {}, device: {}, seq: {}, reason: 0x{}]",
                            device.tenant(), device.device(), token.getUserContext(), Integer.toHexString(codes[0]));
                } else {
                    LOG.debug("delivered [tenant: {}, device: {}, seq: {}]", device.tenant(), device.device(), token.getUserContext());
                }
                afterAck.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                LOG.warn("delivery not confirmed, Paho resends it after reconnecting [tenant: {}, device: {}, seq: {}]: {}",
                        device.tenant(), device.device(), token.getUserContext(), PahoSettings.describe(exception));
            }
        };
    }

    /** Logs the outcome of the command subscription. */
    static MqttActionListener subscription(DeviceId device) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    LOG.warn("gateway refused subscription {} [tenant: {}, device: {}, reason: 0x{}]",
                            MqttUplink.COMMAND_FILTER, device.tenant(), device.device(), Integer.toHexString(codes[0]));
                } else {
                    LOG.debug("subscribed to {} [tenant: {}, device: {}]", MqttUplink.COMMAND_FILTER, device.tenant(), device.device());
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                LOG.warn("cannot subscribe to {} [tenant: {}, device: {}]: {}", MqttUplink.COMMAND_FILTER,
                        device.tenant(), device.device(), PahoSettings.describe(exception));
            }
        };
    }
}
