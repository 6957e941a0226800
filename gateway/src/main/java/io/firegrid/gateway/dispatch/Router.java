package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.place.Cell;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.place.Station;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides who is told of an alarm, from the places and people as they are now.
 * <ul>
 * <li>raised: the crew of the station responsible for the site's grid cell, the cell's grid
 * workers and the site's building captains; an alarm without a site, or whose site is unknown
 * or lies in no cell, goes to the tenant's duty officer (and the site's captains, if any);</li>
 * <li>escalated: the next station (the responsible station's explicit {@code next}, else the
 * nearest other station of the tenant) and the duty officer.</li>
 * </ul>
 * A person named twice is told once. Stateless; reads {@link Places} only.
 */
final class Router {

    private static final double EARTH_RADIUS_M = 6_371_000;

    private final Places places;

    Router(Places places) {
        this.places = places;
    }

    List<Recipient> raised(Alarm alarm) {
        String tenant = alarm.device().tenant();
        Optional<Site> site = alarm.site() == null ? Optional.empty() : places.site(tenant, alarm.site());
        Optional<Cell> cell = places.cellOf(tenant, alarm.site());
        List<Recipient> out = new ArrayList<>();
        if (cell.isEmpty()) {
            places.dutyOfficer(tenant).ifPresent(p -> add(out, Recipient.of(p)));
        } else {
            places.station(tenant, cell.get().station()).ifPresent(s -> add(out, crew(s)));
            people(tenant, cell.get().gridWorkers()).forEach(p -> add(out, Recipient.of(p)));
        }
        site.ifPresent(s -> people(tenant, s.captains()).forEach(p -> add(out, Recipient.of(p))));
        return out;
    }

    /** The station responsible for the alarm's site, or {@code null}. */
    String responsibleStation(Alarm alarm) {
        String tenant = alarm.device().tenant();
        return places.stationCovering(tenant, alarm.site()).orElse(null);
    }

    /** Who an alarm of {@code tenant} escalates to when {@code station} (may be null) did not answer. */
    List<Recipient> escalated(String tenant, String station) {
        List<Recipient> out = new ArrayList<>();
        Optional.ofNullable(station).flatMap(id -> places.station(tenant, id)).flatMap(this::next)
                .ifPresent(s -> add(out, crew(s)));
        places.dutyOfficer(tenant).ifPresent(p -> add(out, Recipient.of(p)));
        return out;
    }

    /** The station {@code s} escalates to: its explicit next one, else the nearest other of its tenant. */
    Optional<Station> next(Station s) {
        if (s.next() != null) {
            return places.station(s.tenant(), s.next());
        }
        return places.stations(s.tenant()).stream().filter(o -> !o.id().equals(s.id()))
                .min(Comparator.comparingDouble((Station o) -> metres(s, o)).thenComparing(Station::id));
    }

    /** Great-circle distance (haversine). */
    static double metres(Station a, Station b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private Recipient crew(Station s) {
        return new Recipient(Recipient.STATION, s.id(), s.name(), people(s.tenant(), s.crew()));
    }

    private List<Person> people(String tenant, List<String> ids) {
        return ids.stream().map(id -> places.person(tenant, id)).flatMap(Optional::stream).toList();
    }

    private static void add(List<Recipient> out, Recipient r) {
        if (out.stream().noneMatch(r::sameAs)) {
            out.add(r);
        }
    }

    static boolean contains(List<Recipient> list, Recipient r) {
        return list.stream().anyMatch(r::sameAs);
    }
}
