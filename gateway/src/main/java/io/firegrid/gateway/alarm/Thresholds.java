package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.SensorLimits;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thresholds one sensor is judged by, and where each comes from: the gateway's
 * {@link AlarmRules}, overridden by the limits of the sensor's site, overridden in turn by the
 * sensor's own. Each figure is merged on its own: a sensor with its own pressure band and no door
 * limit takes the band from itself and the door limit from its site (or the gateway).
 *
 * <p>Limits are validated at registration; should a band still not fit the gateway's rules (a
 * hysteresis configured wider than half the band), that band is skipped for the next layer down
 * and the mismatch logged, rather than refusing the sensor's messages. The alarm rules and the
 * device JSON's {@code thresholds} both use this class, so the console draws the lines the
 * gateway alarms on. Immutable and thread-safe.
 */
public final class Thresholds {

    private static final Logger LOG = LoggerFactory.getLogger(Thresholds.class);

    /** Where a figure comes from: the sensor's own limits, its site's, or the gateway's rules. */
    public enum Source { SENSOR, SITE, GATEWAY }

    /**
     * The limits registered for one sensor.
     *
     * @param site   the limits of the site its device is at ({@link SensorLimits#NONE} without a site)
     * @param sensor the sensor's own limits ({@link SensorLimits#NONE} without any)
     */
    public record Limits(SensorLimits site, SensorLimits sensor) {

        /** Neither the site nor the sensor sets anything: the gateway's rules apply. */
        public static final Limits NONE = new Limits(SensorLimits.NONE, SensorLimits.NONE);

        public Limits {
            site = site == null ? SensorLimits.NONE : site;
            sensor = sensor == null ? SensorLimits.NONE : sensor;
        }
    }

    /**
     * The rules that apply to one sensor.
     *
     * @param rules    the gateway's rules with the pressure band and door limit merged in
     * @param pressure where the pressure band comes from
     * @param door     where the door held-open limit comes from
     */
    public record Effective(AlarmRules rules, Source pressure, Source door) {
    }

    private final AlarmRules defaults;
    private final Effective gateway;

    public Thresholds(AlarmRules defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.gateway = new Effective(defaults, Source.GATEWAY, Source.GATEWAY);
    }

    /** The gateway's rules, as configured. */
    public AlarmRules defaults() {
        return defaults;
    }

    public Effective of(Limits limits) {
        return of(limits.site(), limits.sensor());
    }

    /** The rules for a sensor with its own limits {@code sensor} at a site with limits {@code site}. */
    public Effective of(SensorLimits site, SensorLimits sensor) {
        if (site.isEmpty() && sensor.isEmpty()) {
            return gateway; // most sensors: no allocation on the path of every reading
        }
        AlarmRules r = withBand(sensor);
        Source pressure = Source.SENSOR;
        if (r == null) {
            r = withBand(site);
            pressure = Source.SITE;
        }
        if (r == null) {
            r = defaults;
            pressure = Source.GATEWAY;
        }
        Source door = Source.GATEWAY;
        if (sensor.doorHeldOpenSeconds() != null) {
            r = r.withDoorHeldOpenLimit(Duration.ofSeconds(sensor.doorHeldOpenSeconds()));
            door = Source.SENSOR;
        } else if (site.doorHeldOpenSeconds() != null) {
            r = r.withDoorHeldOpenLimit(Duration.ofSeconds(site.doorHeldOpenSeconds()));
            door = Source.SITE;
        }
        return new Effective(r, pressure, door);
    }

    /** The defaults with the pressure band of {@code limits}; {@code null} if they set none or it does not fit. */
    private AlarmRules withBand(SensorLimits limits) {
        if (limits.pressureLowMpa() == null) {
            return null;
        }
        try {
            return defaults.withPressureBand(limits.pressureLowMpa(), limits.pressureHighMpa());
        } catch (IllegalArgumentException e) {
            LOG.warn("pressure band does not fit the gateway's rules, skipping it [limits: {}, reason: {}]",
                    limits, e.getMessage());
            return null;
        }
    }
}
