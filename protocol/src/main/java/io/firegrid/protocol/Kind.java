package io.firegrid.protocol;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a sensor measures, with the states an event of that kind may report (wire contract v1).
 * <ul>
 *   <li>{@code smoke}: alarm | normal | fault</li>
 *   <li>{@code door}: open | closed | fault</li>
 *   <li>{@code pressure}: readings in MPa; events normal | fault</li>
 *   <li>{@code device}: online | offline | tamper | low-battery</li>
 * </ul>
 */
public enum Kind {
    SMOKE(EnumSet.of(State.ALARM, State.NORMAL, State.FAULT)),
    DOOR(EnumSet.of(State.OPEN, State.CLOSED, State.FAULT)),
    PRESSURE(EnumSet.of(State.NORMAL, State.FAULT)),
    DEVICE(EnumSet.of(State.ONLINE, State.OFFLINE, State.TAMPER, State.LOW_BATTERY));

    private final Set<State> states;

    Kind(Set<State> states) {
        this.states = states;
    }

    public boolean allows(State state) {
        return states.contains(state);
    }

    public Set<State> states() {
        return EnumSet.copyOf(states);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this wire name, or a {@code unknown-kind} refusal listing the known ones. */
    public static Kind fromWire(String s) {
        for (Kind k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        throw FireGridException.badRequest("unknown-kind", "unknown kind '" + DeviceId.shorten(s)
                + "': expected one of smoke, door, pressure, device");
    }
}
