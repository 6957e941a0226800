package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link MqttUplinkOptions} into Paho's options and Paho's errors into words, and works around Paho 1.2.5. */
final class PahoSettings {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** Seconds Paho waits for CONNACK. */
    static final int CONNECTION_TIMEOUT_S = 10;
    /** First automatic reconnect delay, seconds. */
    static final int MIN_RECONNECT_DELAY_S = 1;

    private PahoSettings() {
    }

    static MqttConnectionOptions connectOptions(MqttUplinkOptions options) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(options.device().authId());
        o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(CONNECTION_TIMEOUT_S);
        o.setAutomaticReconnect(true);
        int max = (int) Math.max(MIN_RECONNECT_DELAY_S, options.maxReconnectDelay().toSeconds());
        o.setAutomaticReconnectDelay(MIN_RECONNECT_DELAY_S, max);
        return o;
    }

    /** A one-line reason, naming what to check when the gateway refused the credentials. */
    static String describe(Throwable t) {
        if (t instanceof MqttException e) {
            int rc = e.getReasonCode();
            if (rc == 0x86 || rc == 0x87 || rc == 4 || rc == 5) {
                return "the gateway refused the credentials (reason " + rc
                        + "): check that the device is registered and its password is right";
            }
            String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
            return e.getMessage() + " [reason " + rc + "]" + cause;
        }
        return String.valueOf(t);
    }

    /**
     * Paho 1.2.5 neither stops its reconnect cycle on disconnect nor cancels the cycle's timer on
     * close (eclipse-paho/paho.mqtt.java#425, #654): a client closed while the gateway is away
     * leaves a non-daemon "MQTT Reconnect" thread behind that keeps the JVM alive. Its private
     * {@code stopReconnectCycle()} cancels the timer; switching automatic reconnect off afterwards
     * keeps an attempt still in flight from starting a new one.
     */
    static void stopReconnectTimer(MqttAsyncClient client, MqttConnectionOptions connectOptions, DeviceId device) {
        try {
            Method stop = MqttAsyncClient.class.getDeclaredMethod("stopReconnectCycle");
            stop.setAccessible(true);
            stop.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot cancel Paho's reconnect timer; its thread may outlive the uplink [tenant: {}, device: {}]",
                    device.tenant(), device.device(), e);
        }
        connectOptions.setAutomaticReconnect(false);
    }
}
