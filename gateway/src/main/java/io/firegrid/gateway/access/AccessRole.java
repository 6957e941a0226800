package io.firegrid.gateway.access;

import io.firegrid.protocol.FireGridException;
import java.util.Locale;

/** What an API token may do; see {@link AccessPolicy} for the actions each role holds. */
public enum AccessRole {
    /** Everything, including tokens and webhooks. */
    ADMIN,
    /** Micro fire station crew: work alarms (acknowledge, en route, on scene, resolve), see reports. */
    CREW,
    /** Grid workers and building captains: see alarms, acknowledge, confirm or dismiss. */
    GRID_WORKER,
    /** Facility managers: see everything, reports. */
    FACILITY_MANAGER,
    /** Installers: register devices, sites, stations and people. */
    INSTALLER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AccessRole fromWire(String s) {
        for (AccessRole r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw FireGridException.badRequest("bad-role", "role '" + s
                + "' is not one of admin, crew, grid-worker, facility-manager, installer");
    }
}
