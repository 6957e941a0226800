package io.firegrid.agent.uplink;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Turns {@link MqttUplinkOptions} into Paho's options and Paho's errors into words, and keeps clear of Paho 1.2.5's reconnect timer. */
final class PahoSettings {

    /** Seconds Paho waits for CONNACK. */
    static final int CONNECTION_TIMEOUT_S = 10;

    private PahoSettings() {
    }

    /**
     * Paho's options for every connection attempt. Automatic reconnect is off: Paho 1.2.5 waits 1 s
     * doubling to the maximum with no jitter, so agents that lost the gateway together would retry
     * together; the {@link Connector} reconnects instead. With it off Paho never starts its
     * reconnect timer either, whose thread Paho 1.2.5 neither stops on disconnect nor cancels on
     * close (eclipse-paho/paho.mqtt.java#425, #654), so nothing of Paho's outlives a closed uplink.
     */
    static MqttConnectionOptions connectOptions(MqttUplinkOptions options) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(options.device().authId());
        o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(CONNECTION_TIMEOUT_S);
        o.setAutomaticReconnect(false);
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
}
