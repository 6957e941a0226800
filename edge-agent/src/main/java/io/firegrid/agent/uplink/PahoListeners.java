package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paho action listeners of the uplink; they run on Paho's callback thread and must not block. */
final class PahoListeners {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private PahoListeners() {
    }

    /**
     * Reports a failed connection attempt, and the CONNACK of a successful one to {@code onConnack}
     * (the server's limits); the client callback announces the connection itself.
     */
    static MqttActionListener firstConnect(Consumer<IMqttToken> onConnack, Consumer<Throwable> onFailure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                // UplinkCallback.connectComplete logs and subscribes
                onConnack.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                onFailure.accept(exception);
            }
        };
    }

    /**
     * Passes on the gateway's answer to one QoS 1 publish: its reason code (0 when the PUBACK had
     * none) to {@code answered}, or {@code unanswered} when Paho gave up on it. Logs the latter; the
     * {@link OutboxSender} logs the former.
     */
    static MqttActionListener delivery(DeviceId device, IntConsumer answered, Runnable unanswered) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                answered.accept(codes != null && codes.length > 0 ? codes[0] : 0);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                LOG.debug("delivery not confirmed, sent again after reconnecting [tenant: {}, device: {}, seq: {}]: {}",
                        device.tenant(), device.device(), token.getUserContext(), PahoSettings.describe(exception));
                unanswered.run();
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
