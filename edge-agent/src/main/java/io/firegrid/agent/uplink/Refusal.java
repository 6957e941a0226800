package io.firegrid.agent.uplink;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What the gateway's answer to a connection means for the next attempt: a refusal for load keeps
 * the agent away for longer, refused credentials need the installer, anything else is retried
 * after the ordinary backoff. MQTT 5 reason codes; 4 and 5 are MQTT 3.1.1's return codes for the
 * same refusals as 0x86 and 0x87.
 */
enum Refusal {

    /** No refusal that says when to come back: the network failed, the gateway was away or closed the link. */
    NONE(""),
    /**
     * CONNACK or DISCONNECT 0x89, or CONNACK 0x88 (3 on MQTT 3.1.1): the gateway is over its limits or
     * cannot store now, e.g. its store is failing or restarting.
     */
    SERVER_BUSY("""
            the gateway is overloaded and turned the device away (0x89 server busy): nothing to fix on this device, \
            it stays away for a while and tries again; messages wait in the outbox"""),
    /** CONNACK or DISCONNECT 0x9F: too many devices are connecting to the gateway at once. */
    CONNECTION_RATE_EXCEEDED("""
            too many devices are connecting to the gateway at once (0x9F connection rate exceeded): nothing to fix \
            on this device, it stays away for a while and tries again; messages wait in the outbox"""),
    /** CONNACK 0x97: a limit of the gateway, such as its number of connections, is reached. */
    QUOTA_EXCEEDED("""
            the gateway is at one of its limits (0x97 quota exceeded): the device stays away for a while and tries \
            again; if this lasts, ask the gateway's operator to check its connection limits"""),
    /** CONNACK 0x86, 0x87, 4 or 5: the gateway does not accept the device's name or password. */
    BAD_CREDENTIALS("");

    private final String meaning;

    Refusal(String meaning) {
        this.meaning = meaning;
    }

    /** True for the refusals after which the agent waits at least the busy floor. */
    boolean isBusy() {
        return this == SERVER_BUSY || this == CONNECTION_RATE_EXCEEDED || this == QUOTA_EXCEEDED;
    }

    /** What the refusal means for the installer; empty for {@link #NONE} and {@link #BAD_CREDENTIALS}, which {@link PahoSettings#describe} words. */
    String meaning() {
        return meaning;
    }

    /** The refusal in a failed connection attempt: Paho reports the CONNACK's reason code as the exception's. */
    static Refusal ofConnect(Throwable failure) {
        if (!(failure instanceof MqttException e)) {
            return NONE;
        }
        return switch (e.getReasonCode()) {
            case 0x89, 0x88, 3 -> SERVER_BUSY;
            case 0x9F -> CONNECTION_RATE_EXCEEDED;
            case 0x97 -> QUOTA_EXCEEDED;
            case 0x86, 0x87, 4, 5 -> BAD_CREDENTIALS;
            default -> NONE;
        };
    }

    /**
     * The refusal in the gateway's DISCONNECT. 0x97 is not one here: the gateway disconnects with it
     * a device that reports too many unregistered sensors, which is no reason to stay away.
     */
    static Refusal ofDisconnect(int reasonCode) {
        return switch (reasonCode) {
            case 0x89 -> SERVER_BUSY;
            case 0x9F -> CONNECTION_RATE_EXCEEDED;
            default -> NONE;
        };
    }
}
