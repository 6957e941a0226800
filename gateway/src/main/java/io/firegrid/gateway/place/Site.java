package io.firegrid.gateway.place;

import java.util.List;
import java.util.Objects;

/**
 * A place where devices are mounted; a device names its site when it is registered.
 *
 * @param cell     the grid cell it lies in, or {@code null}: its alarms then go to the duty officer
 * @param building the building it is in
 * @param floors   number of floors, or {@code null} if not given
 * @param captains ids of the building's captains ({@link Role#BUILDING_CAPTAIN} people)
 * @param drill    the drill it is in, or {@code null}
 */
public record Site(String tenant, String id, String name, String cell, String building, Integer floors,
                   List<String> captains, Drill drill) {

    /** A site not in drill. */
    public Site(String tenant, String id, String name, String cell, String building, Integer floors,
                List<String> captains) {
        this(tenant, id, name, cell, building, floors, captains, null);
    }

    public Site {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(building, "building");
        captains = List.copyOf(captains);
    }

    /** This site put in {@code d}, or taken out of drill when it is {@code null}. */
    public Site withDrill(Drill d) {
        return new Site(tenant, id, name, cell, building, floors, captains, d);
    }
}
