package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the gateway has seen of a device since it started: connection state and the last value of
 * each sensor. Immutable; the registry replaces it on each change.
 *
 * @param connected   whether a connection is open now
 * @param protocol    protocol of the last connection, or {@code null}
 * @param lastSeen    time of the last connection or message, or {@code null}
 * @param lastValues  per sensor: the last state (events) or value (readings), as text
 * @param lastHeartbeat time of the last telemetry holding a {@code device} reading (an edge
 *                    agent's heartbeat: uptime, outbox, heap; the values are in {@code lastValues}),
 *                    or {@code null}
 */
public record DeviceStatus(boolean connected, String protocol, Instant lastSeen, Map<String, String> lastValues,
        Instant lastHeartbeat) {

    public static final DeviceStatus NEVER_SEEN = new DeviceStatus(false, null, null, Map.of(), null);

    public DeviceStatus {
        lastValues = Map.copyOf(lastValues); // no copy when it is one already (Map.of, Map.ofEntries)
    }

    DeviceStatus connected(String protocol, Instant now) {
        return new DeviceStatus(true, protocol, now, lastValues, lastHeartbeat);
    }

    DeviceStatus disconnected(Instant now) {
        return new DeviceStatus(false, protocol, now, lastValues, lastHeartbeat);
    }

    /**
     * The status after {@code message}. Runs for every message a device sends: the last values are
     * copied once, and only when a value changed (a reading equal to the last one keeps the map).
     */
    DeviceStatus seen(DeviceMessage message, Instant now) {
        Instant heartbeat = lastHeartbeat;
        Map<String, String> changed = null;
        if (message instanceof Event e) {
            changed = change(changed, e.sensor(), e.state().wireName());
        } else if (message instanceof Readings r) {
            for (Reading reading : r.readings()) {
                changed = change(changed, reading.sensor(), Double.toString(reading.value()));
                if (reading.kind() == Kind.DEVICE) {
                    heartbeat = now;
                }
            }
        }
        return new DeviceStatus(connected, protocol, now, changed == null ? lastValues : merged(changed), heartbeat);
    }

    /** {@code changed} with the sensor's value, if it differs from the last one; made on the first change. */
    private Map<String, String> change(Map<String, String> changed, String sensor, String value) {
        if (changed == null) {
            if (value.equals(lastValues.get(sensor))) {
                return null;
            }
            changed = new HashMap<>(4);
        }
        changed.put(sensor, value);
        return changed;
    }

    /** The last values with {@code changed} put over them, as an immutable map made in one step. */
    @SuppressWarnings("unchecked")
    private Map<String, String> merged(Map<String, String> changed) {
        Map.Entry<String, String>[] entries = new Map.Entry[lastValues.size() + changed.size()];
        int n = 0;
        for (Map.Entry<String, String> e : lastValues.entrySet()) {
            if (!changed.containsKey(e.getKey())) {
                entries[n++] = e;
            }
        }
        for (Map.Entry<String, String> e : changed.entrySet()) {
            entries[n++] = Map.entry(e.getKey(), e.getValue());
        }
        // Map.ofEntries is already immutable: the constructor's Map.copyOf keeps it as it is
        return Map.ofEntries(n == entries.length ? entries : java.util.Arrays.copyOf(entries, n));
    }
}
