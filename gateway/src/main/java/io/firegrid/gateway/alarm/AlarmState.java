package io.firegrid.gateway.alarm;

import io.firegrid.protocol.FireGridException;
import java.util.Locale;

/**
 * Lifecycle of an alarm: raised -> acknowledged -> en route -> on scene -> resolved. Steps may be
 * skipped forward (a crew already on site goes from acknowledged to on scene) but never taken
 * back; resolved is final.
 */
public enum AlarmState {
    RAISED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static AlarmState fromWire(String s) {
        for (AlarmState st : values()) {
            if (st.wireName().equals(s)) {
                return st;
            }
        }
        throw FireGridException.badRequest("unknown-state", "unknown alarm state '" + s
                + "': expected raised, acknowledged, en-route, on-scene or resolved");
    }
}
