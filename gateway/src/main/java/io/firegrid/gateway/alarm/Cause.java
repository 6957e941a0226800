package io.firegrid.gateway.alarm;

import io.firegrid.protocol.FireGridException;
import java.util.Locale;

/**
 * Why an alarm was resolved; a person resolving one must give one of the first five.
 * {@link #CLEARED} is set by the gateway alone, when the condition of a supervisory or trouble alarm
 * clears (the door closed, the pressure recovered, the device came back).
 */
public enum Cause {
    FIRE, FALSE_ALARM, DRILL, MAINTENANCE, TEST, CLEARED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Cause fromWire(String s) {
        for (Cause c : values()) {
            if (c.wireName().equals(s)) {
                return c;
            }
        }
        throw FireGridException.badRequest("bad-cause", "cause '" + s
                + "' is not one of fire, false-alarm, drill, maintenance, test");
    }
}
