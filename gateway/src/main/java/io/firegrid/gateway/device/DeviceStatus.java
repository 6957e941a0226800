package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.time.Instant;
import java.util.Map;

/**
 * What the gateway has seen of a device since it started: connection state and the last value of
 * each sensor. Immutable; the registry replaces it on each change.
 *
 * @param connected   whether a connection is open now
 * @param protocol    protocol of the last connection, or {@code null}
 * @param lastSeen    time of the last connection or message, or {@code null}
 * @param lastValues  per sensor: the last state (events) or value (readings), as text ({@link SensorValues})
 * @param lastHeartbeat time of the last telemetry holding a {@code device} reading (an edge
 *                    agent's heartbeat: uptime, outbox, heap; the values are in {@code lastValues}),
 *                    or {@code null}
 */
public record DeviceStatus(boolean connected, String protocol, Instant lastSeen, Map<String, String> lastValues,
        Instant lastHeartbeat) {

    public static final DeviceStatus NEVER_SEEN = new DeviceStatus(false, null, null, Map.of(), null);

    public DeviceStatus {
        lastValues = SensorValues.of(lastValues); // no copy when it is one already
    }

    DeviceStatus connected(String protocol, Instant now) {
        return new DeviceStatus(true, protocol, now, lastValues, lastHeartbeat);
    }

    DeviceStatus disconnected(Instant now) {
        return new DeviceStatus(false, protocol, now, lastValues, lastHeartbeat);
    }

    /**
     * The status after {@code message}. Runs for every message a device sends: values are compared
     * as numbers, without text, and the last values are copied once, only when one changed (a
     * reading equal to the last one keeps the map).
     */
    DeviceStatus seen(DeviceMessage message, Instant now) {
        Instant heartbeat = lastHeartbeat;
        SensorValues.Editor values = ((SensorValues) lastValues).edit();
        if (message instanceof Event e) {
            values.state(e.sensor(), e.state().wireName());
        } else if (message instanceof Readings r) {
            for (Reading reading : r.readings()) {
                values.number(reading.sensor(), reading.value());
                if (reading.kind() == Kind.DEVICE) {
                    heartbeat = now;
                }
            }
        }
        return new DeviceStatus(connected, protocol, now, values.result(), heartbeat);
    }
}
