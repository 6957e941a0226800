package io.firegrid.gateway.ingest;

import java.util.Map;

/**
 * Settings of the ingest path. Immutable.
 *
 * @param maxUnregisteredSensors distinct sensor ids a device may report without having registered
 *                               them, default {@value SensorAllowance#DEFAULT_MAX_UNREGISTERED}
 *                               (see {@link SensorAllowance}); {@code FIREGRID_MAX_UNREGISTERED_SENSORS}
 */
public record IngestOptions(int maxUnregisteredSensors) {

    public static final IngestOptions DEFAULTS = new IngestOptions(SensorAllowance.DEFAULT_MAX_UNREGISTERED);

    public IngestOptions {
        if (maxUnregisteredSensors < 0) {
            throw new IllegalArgumentException("FIREGRID_MAX_UNREGISTERED_SENSORS cannot be negative, not "
                    + maxUnregisteredSensors);
        }
    }

    /** These settings overridden by whichever of their variables {@code env} sets. */
    public IngestOptions withEnv(Map<String, String> env) {
        String v = env.get("FIREGRID_MAX_UNREGISTERED_SENSORS");
        if (v == null || v.isBlank()) {
            return this;
        }
        try {
            return new IngestOptions(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("FIREGRID_MAX_UNREGISTERED_SENSORS must be a number, not '" + v + "'");
        }
    }
}
