package io.firegrid.gateway.place;

import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.protocol.FireGridException;
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
 * @param layout   its address, coordinates, basement floors and further buildings
 *                 ({@link SiteLayout#NONE} when none are given)
 */
public record Site(String tenant, String id, String name, String cell, String building, Integer floors,
                   List<String> captains, Drill drill, SensorLimits limits, SiteLayout layout) {

    /** A site not in drill, with the gateway's default limits. */
    public Site(String tenant, String id, String name, String cell, String building, Integer floors,
                List<String> captains) {
        this(tenant, id, name, cell, building, floors, captains, null, SensorLimits.NONE, SiteLayout.NONE);
    }

    public Site {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(building, "building");
        captains = List.copyOf(captains);
        limits = limits == null ? SensorLimits.NONE : limits;
        layout = layout == null ? SiteLayout.NONE : layout;
    }

    public Site withLimits(SensorLimits l) {
        return new Site(tenant, id, name, cell, building, floors, captains, drill, l, layout);
    }

    /** This site put in {@code d}, or taken out of drill when it is {@code null}. */
    public Site withDrill(Drill d) {
        return new Site(tenant, id, name, cell, building, floors, captains, d, limits, layout);
    }

    public Site withLayout(SiteLayout l) {
        return new Site(tenant, id, name, cell, building, floors, captains, drill, limits, l);
    }

    /** The site's buildings: its own {@code building} first, then those of its layout. */
    public List<String> buildings() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        all.add(building);
        all.addAll(layout.buildings());
        return List.copyOf(all);
    }

    /**
     * Refuses a location ({@code what}: "sensor smoke-1") that cannot be at this site: a building
     * it does not have, or a floor outside its floors (when it gives them; basements only as deep as
     * its {@code basementFloors}). {@code BAD_REQUEST/bad-location} saying what the site has.
     */
    public void check(Location l, String what) {
        if (l.building() != null && !buildings().contains(l.building())) {
            throw FireGridException.badRequest("bad-location", what + " is in building '" + l.building() + "', which site "
                    + id + " does not have: its buildings are " + String.join(", ", buildings()))
                    .withHint("add the building to the site's 'buildings', or correct the sensor's");
        }
        if (l.floor() != null && floors != null) {
            int basements = layout.basementFloors() == null ? 0 : layout.basementFloors();
            if (l.floor() > floors || l.floor() < -basements) {
                throw FireGridException.badRequest("bad-location", what + " is on floor " + l.floorText() + ", but site " + id
                        + " has floors 1 to " + floors + (basements == 0 ? " and no basement" : " and basements B1 to B" + basements))
                        .withHint("correct the floor, or the site's 'floors' and 'basementFloors'");
            }
        }
    }
}
