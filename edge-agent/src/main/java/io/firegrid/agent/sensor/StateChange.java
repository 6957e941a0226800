package io.firegrid.agent.sensor;

import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.time.Instant;

/**
 * A debounced state of one sensor, before it is numbered for the wire.
 *
 * @param ts     when the pin last changed before it settled (or when it was first read)
 * @param sensor the sensor id on the device
 * @param kind   what the sensor measures
 * @param state  the state it settled in
 */
public record StateChange(Instant ts, String sensor, Kind kind, State state) {

    /** The protocol event for this change, numbered {@code seq}. */
    public Event toEvent(long seq) {
        return new Event(ts, seq, sensor, kind, state);
    }
}
