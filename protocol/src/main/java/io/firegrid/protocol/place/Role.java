package io.firegrid.protocol.place;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person does when an alarm comes in, with the names the HTTP API and the site inventory
 * both use ({@code crew}, {@code grid-worker}, {@code building-captain}, {@code duty-officer}).
 * The one list of roles: the installer's inventory and the gateway's places read and write these
 * names, and each side words its own refusal of an unknown one ({@link #find} finds, never refuses).
 */
public enum Role {
    /** A member of a micro fire station's crew: listed in a station's {@code crew}, reached through the station. */
    CREW,
    /** 网格员: listed in a grid cell's {@code gridWorkers}, told of every alarm in the cell. */
    GRID_WORKER,
    /** 楼栋长: listed in a site's {@code captains}, told of every alarm of the building's sites. */
    BUILDING_CAPTAIN,
    /** The tenant's one duty officer: told of escalations and of alarms no one else covers. */
    DUTY_OFFICER;

    private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(Role::wireName).toList();

    /** The name on the wire and in the inventory: lower case, words joined by {@code -}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role with exactly this wire name; empty for anything else, {@code null} included. */
    public static Optional<Role> find(String wireName) {
        for (Role r : values()) {
            if (r.wireName().equals(wireName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Every wire name, in declaration order, for a refusal that lists them. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }
}
