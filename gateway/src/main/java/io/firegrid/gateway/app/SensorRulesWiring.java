package io.firegrid.gateway.app;

import io.firegrid.gateway.alarm.AlarmRules;
import io.firegrid.gateway.device.SensorLimits;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a registered sensor's own limits to the gateway's alarm rules. */
final class SensorRulesWiring {

    private SensorRulesWiring() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SensorRulesWiring.class);

    /**
     * The defaults with {@code limits} applied. Limits are validated at registration; should a
     * combination still not fit the gateway's rules (a hysteresis configured wider than the band),
     * the defaults are used and the mismatch is logged, rather than refusing the sensor's messages.
     */
    static AlarmRules apply(AlarmRules defaults, SensorLimits limits) {
        try {
            AlarmRules r = defaults;
            if (limits.pressureLowMpa() != null) {
                r = r.withPressureBand(limits.pressureLowMpa(), limits.pressureHighMpa());
            }
            if (limits.doorHeldOpenSeconds() != null) {
                r = r.withDoorHeldOpenLimit(Duration.ofSeconds(limits.doorHeldOpenSeconds()));
            }
            return r;
        } catch (IllegalArgumentException e) {
            LOG.warn("sensor limits do not fit the gateway's rules, using the defaults [limits: {}, reason: {}]",
                    limits, e.getMessage());
            return defaults;
        }
    }
}
