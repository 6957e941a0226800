package io.firegrid.protocol;

/** MQTT 5 CONNECT user properties the edge agent and the gateway agree on. */
public final class ConnectProperties {

    /**
     * Sent (any value) while an event waits in the agent's outbox; the gateway gives such a CONNECT
     * a small lane of its own in its connection rate (docs/overload.md, "Reconnect storms").
     */
    public static final String EVENT_WAITING = "firegrid-event-waiting";

    private ConnectProperties() {
    }
}
