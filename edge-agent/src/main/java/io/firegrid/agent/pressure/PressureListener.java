package io.firegrid.agent.pressure;

import io.firegrid.agent.sensor.StateChange;
import io.firegrid.protocol.Reading;
import java.time.Instant;

/** Hears what a {@link PressureSensor} measures; called on the owning agent's sensor thread, one call at a time. */
public interface PressureListener {

    /** A pressure, in MPa, measured at {@code ts}. */
    void measured(Instant ts, Reading reading);

    /** The sensor went into {@code fault} or back to {@code normal}, or reports its first state after start. */
    void changed(StateChange change);
}
