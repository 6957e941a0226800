package io.firegrid.protocol;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a sensor measures, with the states an event of that kind may report (wire contract v1).
 * <ul>
 *   <li>{@code smoke}: alarm | normal | fault</li>
 *   <li>{@code door}: open | closed | fault</li>
 *   <li>{@code pressure}: readings in MPa; events normal | fault</li>
 *   <li>{@code device}: online | offline | tamper | low-battery | path-failure (an agent's reporting
 *       path, sensor {@code path-primary} or {@code path-secondary}, not answering: docs/dual-path.md)</li>
 *   <li>{@code call-point}: alarm | normal | fault; a manual call point (手动火灾报警按钮) pressed</li>
 *   <li>{@code exit}: clear | blocked | fault; an exit or escape route that cannot be used, reported by
 *       an obstruction sensor across it or by the lock monitor of an exit door</li>
 * </ul>
 */
public enum Kind {
    SMOKE(EnumSet.of(State.ALARM, State.NORMAL, State.FAULT)),
    DOOR(EnumSet.of(State.OPEN, State.CLOSED, State.FAULT)),
    PRESSURE(EnumSet.of(State.NORMAL, State.FAULT)),
    DEVICE(EnumSet.of(State.ONLINE, State.OFFLINE, State.TAMPER, State.LOW_BATTERY, State.PATH_FAILURE)),
    CALL_POINT(EnumSet.of(State.ALARM, State.NORMAL, State.FAULT)),
    EXIT(EnumSet.of(State.CLEAR, State.BLOCKED, State.FAULT));

    private final Set<State> states;
    private final String wireName;

    Kind(Set<State> states) {
        this.states = states;
        this.wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean allows(State state) {
        return states.contains(state);
    }

    public Set<State> states() {
        return EnumSet.copyOf(states);
    }

    /** Kept, not made per call: it is asked for on every reading (telemetry points, stored state). */
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name, or a {@code unknown-kind} refusal listing the known ones. */
    public static Kind fromWire(String s) {
        for (Kind k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        throw FireGridException.badRequest("unknown-kind", "unknown kind '" + DeviceId.shorten(s)
                + "': expected one of " + String.join(", ", Arrays.stream(values()).map(Kind::wireName).toList()));
    }
}
