package io.firegrid.agent.uplink;

import io.firegrid.protocol.State;

/**
 * Told of a reporting path's trouble: {@code sensor} is the path ({@code path-primary},
 * {@code path-secondary}), {@code state} is {@link State#PATH_FAILURE} when it stopped answering
 * for the supervision time and {@link State#ONLINE} when it answers again. The agent reports it as
 * a {@code device} event, which the uplink sends over whichever path still answers.
 */
@FunctionalInterface
public interface PathTroubles {

    void changed(String sensor, State state);
}
