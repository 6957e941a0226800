package io.firegrid.gateway.http;

import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Sensor;

/**
 * The thresholds the alarm rules apply to one sensor now, and where they come from, so the
 * console draws the same lines the gateway alarms on. Shown in the device JSON of pressure and
 * door sensors as {@code "thresholds"}. The figures come from the alarm core's
 * {@link io.firegrid.gateway.alarm.Thresholds}.
 */
@FunctionalInterface
public interface SensorThresholds {

    /** Where a threshold comes from: the sensor's own limits, its site's, or the gateway's rules. */
    enum Source { SENSOR, SITE, GATEWAY }

    /**
     * @param pressureLowMpa      hydrant pressure below this raises {@code pressure-low}
     * @param pressureHighMpa     above this raises {@code pressure-high}
     * @param pressureSource      where the band comes from
     * @param doorHeldOpenSeconds a door open longer than this raises {@code door-held-open}
     * @param doorSource          where that limit comes from
     */
    record Thresholds(double pressureLowMpa, double pressureHighMpa, Source pressureSource,
                      long doorHeldOpenSeconds, Source doorSource) {
    }

    Thresholds of(Device device, Sensor sensor);

    /** The view of what {@link io.firegrid.gateway.alarm.Thresholds} merged for a sensor. */
    static Thresholds from(io.firegrid.gateway.alarm.Thresholds.Effective e) {
        return new Thresholds(e.rules().pressureLowMpa(), e.rules().pressureHighMpa(), Source.valueOf(e.pressure().name()),
                e.rules().doorHeldOpenLimit().toSeconds(), Source.valueOf(e.door().name()));
    }
}
