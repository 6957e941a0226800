package io.firegrid.inventory;

import java.util.Locale;

/** What a person does when an alarm comes in; the same names as the gateway's API. */
public enum Role {
    /** A member of a micro fire station's crew; listed in a station's {@code crew}. */
    CREW,
    /** 网格员: listed in a grid cell's {@code gridWorkers}. */
    GRID_WORKER,
    /** 楼栋长: listed in a site's {@code captains}. */
    BUILDING_CAPTAIN,
    /** The tenant's one duty officer: told of escalations and of alarms no one else covers. */
    DUTY_OFFICER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role with this name, or {@code null}. */
    static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        return null;
    }
}
