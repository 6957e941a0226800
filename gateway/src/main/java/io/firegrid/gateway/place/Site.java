package io.firegrid.gateway.place;

import io.firegrid.gateway.device.SensorLimits;
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
 * @param limits   alarm thresholds for every sensor at the site (a high-rise: hydrants need
 *                 0.35 MPa); a sensor's own limits win over them; {@link SensorLimits#NONE} for
 *                 the gateway's defaults
 */
public record Site(String tenant, String id, String name, String cell, String building, Integer floors,
                   List<String> captains, Drill drill, SensorLimits limits) {

    /** A site not in drill, with the gateway's default limits. */
    public Site(String tenant, String id, String name, String cell, String building, Integer floors,
                List<String> captains) {
        this(tenant, id, name, cell, building, floors, captains, null, SensorLimits.NONE);
    }

    public Site {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(building, "building");
        captains = List.copyOf(captains);
        limits = limits == null ? SensorLimits.NONE : limits;
    }

    public Site withLimits(SensorLimits l) {
        return new Site(tenant, id, name, cell, building, floors, captains, drill, l);
    }

    /** This site put in {@code d}, or taken out of drill when it is {@code null}. */
    public Site withDrill(Drill d) {
        return new Site(tenant, id, name, cell, building, floors, captains, d, limits);
    }
}
