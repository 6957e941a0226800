package io.firegrid.gateway.alarm;

import java.util.Locale;

/** Alarm classes as fire codes name them. */
public enum AlarmClass {
    /** Smoke or heat: people may be in danger now. */
    FIRE,
    /** Fire protection impaired: hydrant pressure, fire door held open, exit blocked. */
    SUPERVISORY,
    /** The system itself is impaired: device offline, wire fault, tamper, low battery. */
    TROUBLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlarmClass fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
