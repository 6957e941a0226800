package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.util.Objects;

/**
 * A sensor wired to a device.
 *
 * @param id   unique on its device, e.g. {@code smoke-1}
 * @param kind what it measures
 * @param zone the detection zone it covers, or {@code null}; two detectors in one zone confirm a fire
 * @param limits thresholds of its own, {@link SensorLimits#NONE} for the gateway's defaults
 * @param location where it is, {@link Location#NONE} when only its device's location is known
 */
public record Sensor(String id, Kind kind, String zone, SensorLimits limits, Location location) {

    public Sensor(String id, Kind kind, String zone) {
        this(id, kind, zone, SensorLimits.NONE);
    }

    public Sensor(String id, Kind kind, String zone, SensorLimits limits) {
        this(id, kind, zone, limits, Location.NONE);
    }

    public Sensor {
        limits = limits == null ? SensorLimits.NONE : limits;
        location = location == null ? Location.NONE : location;
        if (!DeviceId.isValidId(id)) {
            throw FireGridException.badRequest("bad-id", "sensor id '" + id + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        Objects.requireNonNull(kind, "kind");
        if (zone != null && !DeviceId.isValidId(zone)) {
            throw FireGridException.badRequest("bad-id", "zone '" + zone + "' of sensor " + id + " is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
    }
}
