package io.firegrid.protocol;

import java.util.Locale;

/** Event states of the wire contract; which kinds allow which states is on {@link Kind}. */
public enum State {
    ALARM, NORMAL, FAULT, OPEN, CLOSED, ONLINE, OFFLINE, TAMPER, LOW_BATTERY, CLEAR, BLOCKED, PATH_FAILURE;

    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** Kept, not made per call: it is asked for on every event and reading. */
    public String wireName() {
        return wireName;
    }

    /** The state with this wire name, or an {@code unknown-state} refusal. */
    public static State fromWire(String s) {
        for (State st : values()) {
            if (st.wireName().equals(s)) {
                return st;
            }
        }
        throw FireGridException.badRequest("unknown-state", "unknown state '" + DeviceId.shorten(s) + "'");
    }
}
