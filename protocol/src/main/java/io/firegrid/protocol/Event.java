package io.firegrid.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of one sensor, as a device sends it on the {@code event} endpoint:
 * {@code {"ts":"...","seq":42,"sensor":"smoke-1","kind":"smoke","state":"alarm"}}.
 *
 * @param ts     when the device saw the change; {@code null} if the device has no clock
 * @param seq    the device's message counter, rising by one per message and kept across restarts
 * @param sensor the sensor's id on the device
 * @param kind   what the sensor measures
 * @param state  the new state, one {@code kind} allows
 */
public record Event(Instant ts, long seq, String sensor, Kind kind, State state) implements DeviceMessage {

    public Event {
        if (seq < 0) {
            throw FireGridException.badRequest("bad-seq", "seq must be a non-negative integer");
        }
        DeviceId.requireId("sensor", sensor);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        if (!kind.allows(state)) {
            throw FireGridException.badRequest("bad-state", "state '" + state.wireName()
                    + "' is not valid for kind '" + kind.wireName() + "': expected one of "
                    + kind.states().stream().map(State::wireName).toList());
        }
    }

    @Override
    public Endpoint endpoint() {
        return Endpoint.EVENT;
    }
}
