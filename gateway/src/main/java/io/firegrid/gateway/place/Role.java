package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import java.util.Locale;

/** What a person does when an alarm comes in. */
public enum Role {
    /** A member of a micro fire station's crew; reached through the station. */
    CREW,
    /** 网格员: watches a grid cell, told of every alarm in it. */
    GRID_WORKER,
    /** 楼栋长: watches one building, told of every alarm of its sites. */
    BUILDING_CAPTAIN,
    /** The tenant's one duty officer: told of escalations and of alarms no one else covers. */
    DUTY_OFFICER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw FireGridException.badRequest("bad-role", "role '" + s
                + "' is not one of crew, grid-worker, building-captain, duty-officer");
    }
}
