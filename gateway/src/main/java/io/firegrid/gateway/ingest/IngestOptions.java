package io.firegrid.gateway.ingest;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * Settings of the ingest path. Immutable.
 *
 * @param maxUnregisteredSensors distinct sensor ids a device may report without having registered
 *                               them, default {@value SensorAllowance#DEFAULT_MAX_UNREGISTERED}
 *                               (see {@link SensorAllowance}); {@code FIREGRID_MAX_UNREGISTERED_SENSORS}
 */
public record IngestOptions(int maxUnregisteredSensors) {

    public static final Setting<Integer> MAX_UNREGISTERED_SENSORS = Setting.atLeast("FIREGRID_MAX_UNREGISTERED_SENSORS",
            SensorAllowance.DEFAULT_MAX_UNREGISTERED, 0, "sensors a device may report without registering them");

    public static final IngestOptions DEFAULTS = new IngestOptions(SensorAllowance.DEFAULT_MAX_UNREGISTERED);

    public IngestOptions {
        MAX_UNREGISTERED_SENSORS.checkInt(maxUnregisteredSensors);
    }

    /** The defaults overridden by {@code FIREGRID_MAX_UNREGISTERED_SENSORS} if {@code env} sets it. */
    public static IngestOptions fromEnv(Map<String, String> env) {
        return new IngestOptions(MAX_UNREGISTERED_SENSORS.read(env));
    }
}
