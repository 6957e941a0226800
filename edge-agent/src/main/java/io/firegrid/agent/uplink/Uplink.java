package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceMessage;

/**
 * Carries numbered messages from the agent to the gateway.
 *
 * <p>Implementations connect in the background, keep reconnecting, and hold on to what they are
 * given while the gateway is out of reach. {@link #send} never waits for the network. Messages
 * arrive already numbered ({@code seq}); an uplink sends them in the order given and never
 * renumbers them, so the gateway's duplicate check stays valid across retries.
 */
public interface Uplink extends AutoCloseable {

    /** Starts connecting; returns at once. */
    void start();

    /**
     * Hands one message over for delivery: events on {@code event}, readings on {@code telemetry}.
     *
     * @throws io.firegrid.protocol.FireGridException {@code UNAVAILABLE} when the uplink holds as
     *         many undelivered messages as it can ({@code outbox-full} for the MQTT uplink, which
     *         first drops its oldest telemetry), {@code UNAVAILABLE/uplink-closed} after {@link #close()}
     */
    void send(DeviceMessage message);

    /**
     * Routes the gateway's commands to {@code handler}. Uplinks that carry no commands ignore it;
     * the MQTT uplink answers every command it receives.
     */
    default void commands(CommandHandler handler) {
    }

    /**
     * Hands over the agent's heartbeat: like {@link #send}; an uplink with a second reporting path
     * also sends it over that path to supervise it (docs/dual-path.md).
     */
    default void heartbeat(DeviceMessage message) {
        send(message);
    }

    /**
     * Routes trouble the uplink itself detects to {@code listener}: a reporting path that stopped
     * answering, and its return. Single-path uplinks have none.
     */
    default void troubles(PathTroubles listener) {
    }

    /**
     * What the uplink holds undelivered and what it dropped, for the heartbeat. Uplinks that hold
     * nothing report {@link OutboxStats#EMPTY}.
     */
    default OutboxStats outboxStats() {
        return OutboxStats.EMPTY;
    }

    /** True while connected to the gateway; tests wait on it. */
    boolean isConnected();

    /** Disconnects and releases everything; messages not yet handed to the network are kept if the implementation persists them. */
    @Override
    void close();
}
