package io.firegrid.gateway.dispatch;

import java.util.Locale;

/** Why someone is told of an alarm. */
public enum Reason {
    /** The alarm was raised in their care. */
    RAISED,
    /** Nobody acknowledged it in time; they are the next station or the duty officer. */
    ESCALATED,
    /** Still nobody has acknowledged it. */
    REMINDER,
    /** The person's daily digest of the alarms their preferences keep for it (not about one alarm). */
    DIGEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reason fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
