package io.firegrid.gateway.access;

import static io.firegrid.gateway.access.Action.CHANGE_DEVICES;
import static io.firegrid.gateway.access.Action.CHANGE_PLACES;
import static io.firegrid.gateway.access.Action.COMMAND_DEVICES;
import static io.firegrid.gateway.access.Action.DRILL;
import static io.firegrid.gateway.access.Action.EDIT_PEOPLE;
import static io.firegrid.gateway.access.Action.INSTALL_PANELS;
import static io.firegrid.gateway.access.Action.ISOLATE;
import static io.firegrid.gateway.access.Action.READ;
import static io.firegrid.gateway.access.Action.READ_REPORTS;
import static io.firegrid.gateway.access.Action.REGISTER;
import static io.firegrid.gateway.access.Action.WORK_ALARMS;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which role holds which {@link Action}, in one table. Routes declare the action they need; a call
 * that declares none is for admin only.
 *
 * <pre>
 * admin              every action
 * crew               read, work alarms, read reports, drill, command devices, isolate,
 *                    edit people (only those of the station its token's person heads)
 * grid-worker        read, work alarms
 * facility-manager   read, read reports, drill
 * installer          read, register, change places, install panels, change devices, isolate, edit people
 * </pre>
 */
public final class AccessPolicy {

    private static final Map<AccessRole, Set<Action>> TABLE = table();

    private AccessPolicy() {
    }

    private static Map<AccessRole, Set<Action>> table() {
        Map<AccessRole, Set<Action>> t = new EnumMap<>(AccessRole.class);
        t.put(AccessRole.ADMIN, EnumSet.allOf(Action.class));
        t.put(AccessRole.CREW, EnumSet.of(READ, WORK_ALARMS, READ_REPORTS, DRILL, COMMAND_DEVICES, ISOLATE, EDIT_PEOPLE));
        t.put(AccessRole.GRID_WORKER, EnumSet.of(READ, WORK_ALARMS));
        t.put(AccessRole.FACILITY_MANAGER, EnumSet.of(READ, READ_REPORTS, DRILL, ISOLATE));
        t.put(AccessRole.INSTALLER, EnumSet.of(READ, REGISTER, CHANGE_PLACES, INSTALL_PANELS, CHANGE_DEVICES, ISOLATE,
                EDIT_PEOPLE));
        t.replaceAll((role, actions) -> Collections.unmodifiableSet(actions));
        return Collections.unmodifiableMap(t);
    }

    /** Whether {@code role} may do {@code action}. */
    public static boolean allows(AccessRole role, Action action) {
        return TABLE.get(role).contains(action);
    }

    /** The actions {@code role} holds, in declaration order. */
    public static Set<Action> actions(AccessRole role) {
        return TABLE.get(role);
    }

    /** {@code null} if {@code role} may do {@code action}; else why not, saying who may. */
    public static String refusal(AccessRole role, Action action) {
        if (allows(role, action)) {
            return null;
        }
        return refusal(role, action.words(), EnumSet.allOf(AccessRole.class).stream().filter(r -> allows(r, action))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AccessRole.class))));
    }

    /**
     * {@code null} for admin; for any other role the refusal of a call that declares no action
     * ({@code what}, such as "POST /api/v1/nothing"): only admin may.
     */
    public static String refusalOfUndeclared(AccessRole role, String what) {
        return role == AccessRole.ADMIN ? null : refusal(role, what, EnumSet.of(AccessRole.ADMIN));
    }

    private static String refusal(AccessRole role, String what, Set<AccessRole> who) {
        return "role " + role.wireName() + " may not " + what + " (needs "
                + who.stream().map(AccessRole::wireName).collect(Collectors.joining(" or ")) + ")";
    }
}
