package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registered device: who it is, where it is and what is wired to it. Credentials are kept apart
 * by the {@link DeviceRegistry} and never leave it.
 *
 * @param site the site the device is mounted at, or {@code null}: its alarms then go to the
 *             tenant's duty officer
 */
public record Device(DeviceId id, String site, List<Sensor> sensors, Instant registeredAt) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (site != null && !DeviceId.isValidId(site)) {
            throw FireGridException.badRequest("bad-id", "site '" + site + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        sensors = List.copyOf(sensors);
        Set<String> seen = new HashSet<>();
        for (Sensor s : sensors) {
            if (!seen.add(s.id())) {
                throw FireGridException.badRequest("duplicate-sensor", "sensor id '" + s.id() + "' appears twice on device " + id);
            }
        }
    }

    /** The registered sensor with this id, if any. */
    public Optional<Sensor> sensor(String sensorId) {
        return sensors.stream().filter(s -> s.id().equals(sensorId)).findFirst();
    }
}
