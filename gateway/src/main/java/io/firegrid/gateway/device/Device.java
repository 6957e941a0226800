package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
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
 * @param maxSilenceSeconds the longest the device may stay silent (no message on any protocol)
 *             before it counts as offline, {@value #MIN_MAX_SILENCE_SECONDS} to
 *             {@value #MAX_MAX_SILENCE_SECONDS}; {@code null}: a device on MQTT is judged by its
 *             connection, one on CoAP by the gateway's default (docs/alarms.md)
 * @param location where it is mounted, the default for each of its sensors ({@link #locationOf})
 */
public record Device(DeviceId id, String site, List<Sensor> sensors, Instant registeredAt, Integer maxSilenceSeconds,
                     Location location) {

    /** Shortest silence limit: a few heartbeats of the fastest reporting device, not a per-second watchdog. */
    public static final int MIN_MAX_SILENCE_SECONDS = 10;
    /** Longest silence limit, 7 days: battery detectors that check in once a day fit with room to spare. */
    public static final int MAX_MAX_SILENCE_SECONDS = 7 * 24 * 3600;

    /** A device without a silence limit of its own. */
    public Device(DeviceId id, String site, List<Sensor> sensors, Instant registeredAt) {
        this(id, site, sensors, registeredAt, null);
    }

    /** A device without a location of its own. */
    public Device(DeviceId id, String site, List<Sensor> sensors, Instant registeredAt, Integer maxSilenceSeconds) {
        this(id, site, sensors, registeredAt, maxSilenceSeconds, Location.NONE);
    }

    public Device {
        location = location == null ? Location.NONE : location;
        if (maxSilenceSeconds != null && (maxSilenceSeconds < MIN_MAX_SILENCE_SECONDS
                || maxSilenceSeconds > MAX_MAX_SILENCE_SECONDS)) {
            throw FireGridException.badRequest("bad-max-silence", "maxSilenceSeconds must be a whole number of seconds from "
                    + MIN_MAX_SILENCE_SECONDS + " to " + MAX_MAX_SILENCE_SECONDS + " (7 days), not " + maxSilenceSeconds);
        }
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

    /** The device's own silence limit, or {@code null} when it has none. */
    public Duration maxSilence() {
        return maxSilenceSeconds == null ? null : Duration.ofSeconds(maxSilenceSeconds);
    }

    /**
     * Where a sensor of this device is: its own location, each missing part taken from the
     * device's; the device's alone for {@code sensorId} not registered (e.g. {@code device}).
     */
    public Location locationOf(String sensorId) {
        return sensor(sensorId).map(s -> s.location().orElse(location)).orElse(location);
    }

    /** The registered sensor with this id, if any. */
    public Optional<Sensor> sensor(String sensorId) {
        for (Sensor s : sensors) { // a loop, not a stream: runs for readings, and allocated ~400 B each
            if (s.id().equals(sensorId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
