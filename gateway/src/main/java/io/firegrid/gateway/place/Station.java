package io.firegrid.gateway.place;

import java.util.List;
import java.util.Objects;

/**
 * A micro fire station (微型消防站).
 *
 * @param lat   latitude in degrees, WGS 84
 * @param lon   longitude in degrees, WGS 84
 * @param crew  ids of its crew ({@link Role#CREW} people of the same tenant)
 * @param next  the station an unacknowledged alarm escalates to, or {@code null} for the nearest
 *              other station of the tenant
 * @param drill the drill it is in, or {@code null}: while it is, alarms of the sites in the cells it
 *              covers are marked drill
 */
public record Station(String tenant, String id, String name, double lat, double lon, List<String> crew, String next,
                      Drill drill) {

    /** A station not in drill. */
    public Station(String tenant, String id, String name, double lat, double lon, List<String> crew, String next) {
        this(tenant, id, name, lat, lon, crew, next, null);
    }

    public Station {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        crew = List.copyOf(crew);
    }

    /** This station put in {@code d}, or taken out of drill when it is {@code null}. */
    public Station withDrill(Drill d) {
        return new Station(tenant, id, name, lat, lon, crew, next, d);
    }
}
