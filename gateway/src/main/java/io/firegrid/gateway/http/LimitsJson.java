package io.firegrid.gateway.http;

import io.firegrid.gateway.device.LimitsCodec;
import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonObject;

/** Alarm limits in request and response bodies, for sensors and sites alike. */
final class LimitsJson {

    private LimitsJson() {
    }

    /** {@code null} for none; else an object of known, numeric limits. */
    static SensorLimits parse(Object raw) {
        if (raw == null) {
            return SensorLimits.NONE;
        }
        if (!(raw instanceof JsonObject l)) {
            throw FireGridException.badRequest("bad-limits",
                    "sensor 'limits' must be an object {\"pressureLowMpa\",\"pressureHighMpa\",\"doorHeldOpenSeconds\"}");
        }
        for (String key : l.fieldNames()) {
            if (!java.util.Set.of("pressureLowMpa", "pressureHighMpa", "doorHeldOpenSeconds").contains(key)) {
                throw FireGridException.badRequest("bad-limits", "unknown limit '" + key
                        + "': expected pressureLowMpa, pressureHighMpa, doorHeldOpenSeconds");
            }
            if (!(l.getValue(key) instanceof Number)) {
                throw FireGridException.badRequest("bad-limits", "limit '" + key + "' must be a number");
            }
        }
        Number low = (Number) l.getValue("pressureLowMpa");
        Number high = (Number) l.getValue("pressureHighMpa");
        Number door = (Number) l.getValue("doorHeldOpenSeconds");
        if (door != null && door.doubleValue() != Math.rint(door.doubleValue())) {
            throw FireGridException.badRequest("bad-limits", "doorHeldOpenSeconds must be a whole number");
        }
        return new SensorLimits(low == null ? null : low.doubleValue(), high == null ? null : high.doubleValue(),
                door == null ? null : door.intValue());
    }


    static JsonObject toJson(SensorLimits l) {
        return new JsonObject(LimitsCodec.toNode(l).toString());
    }
}
