package io.firegrid.inventory;

import java.util.List;

/**
 * A building or part of one, in a grid cell, with its building captains' person ids; {@code floors}
 * may be null, and so may {@code network}, the network its devices join unless they say otherwise.
 *
 * @param basementFloors floors below ground (0 to 10), or null
 * @param buildings      names of further buildings of the site, besides {@code building}
 * @param address        its street address, or null
 * @param lat            WGS 84 latitude, with {@code lon}, or null
 * @param secondary      the secondary gateway of its devices (dual path), or null
 * @param plans          the floor plans the inventory gives, one per floor at most; empty when none
 */
public record Site(String id, String name, String cell, String building, Integer floors, List<String> captains,
                   NetworkSettings network, Integer basementFloors, List<String> buildings, String address, Double lat,
                   Double lon, SecondaryGateway secondary, List<PlanFile> plans) {

    /** A site without floor plans. */
    public Site(String id, String name, String cell, String building, Integer floors, List<String> captains,
                NetworkSettings network, Integer basementFloors, List<String> buildings, String address, Double lat,
                Double lon, SecondaryGateway secondary) {
        this(id, name, cell, building, floors, captains, network, basementFloors, buildings, address, lat, lon, secondary,
                List.of());
    }

    /** A site without a secondary gateway. */
    public Site(String id, String name, String cell, String building, Integer floors, List<String> captains,
                NetworkSettings network, Integer basementFloors, List<String> buildings, String address, Double lat,
                Double lon) {
        this(id, name, cell, building, floors, captains, network, basementFloors, buildings, address, lat, lon, null);
    }

    /** Deepest basement a site may declare. */
    public static final int MAX_BASEMENT_FLOORS = 10;

    public Site {
        captains = List.copyOf(captains);
        buildings = buildings == null ? List.of() : List.copyOf(buildings);
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    /** A site with no network of its own. */
    public Site(String id, String name, String cell, String building, Integer floors, List<String> captains) {
        this(id, name, cell, building, floors, captains, null);
    }

    /** A site without an address, coordinates, basements or further buildings. */
    public Site(String id, String name, String cell, String building, Integer floors, List<String> captains,
                NetworkSettings network) {
        this(id, name, cell, building, floors, captains, network, null, List.of(), null, null, null);
    }

    /** Every building of the site: {@code building} first, then {@code buildings}. */
    public List<String> allBuildings() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        if (building != null) {
            all.add(building);
        }
        all.addAll(buildings);
        return List.copyOf(all);
    }
}
