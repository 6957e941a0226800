package io.firegrid.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A batch of measurements, as a device sends it on the {@code telemetry} endpoint:
 * {@code {"ts":"...","seq":41,"readings":[{"sensor":"hydrant-1","kind":"pressure","value":0.32,"unit":"MPa"}]}}.
 *
 * @param ts  when measured; {@code null} if the device has no clock
 * @param seq the device's message counter (shared with events)
 */
public record Readings(Instant ts, long seq, List<Reading> readings) implements DeviceMessage {

    public Readings {
        if (seq < 0) {
            throw FireGridException.badRequest("bad-seq", "seq must be a non-negative integer");
        }
        readings = List.copyOf(readings);
        if (readings.isEmpty()) {
            throw FireGridException.badRequest("bad-field", "field 'readings' must be a non-empty array");
        }
        if (readings.size() > MessageCodec.MAX_READINGS) {
            throw FireGridException.badRequest("bad-field", "field 'readings' holds " + readings.size()
                    + " entries, at most " + MessageCodec.MAX_READINGS + " allowed");
        }
    }

    @Override
    public Endpoint endpoint() {
        return Endpoint.TELEMETRY;
    }
}
