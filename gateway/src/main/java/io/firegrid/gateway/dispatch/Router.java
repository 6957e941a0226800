package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.place.Cell;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Roster;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.place.Station;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides who is told of an alarm, from the places, people and duty rosters as they are now.
 * <ul>
 * <li>raised: the crew of the station responsible for the site's grid cell (those on duty by the
 * station's roster; everyone without a roster), the cell's grid workers (those on duty by the
 * cell's roster; all without one) and the site's building captains; an alarm without a site, or
 * whose site is unknown or lies in no cell, goes to the tenant's duty officer (and the site's
 * captains, if any);</li>
 * <li>escalation steps ({@link EscalationPolicy.Step}): the backups of the shifts on duty, the
 * station head, then the next station (the responsible station's explicit {@code next}, else the
 * nearest other station of the tenant; its crew on duty) and the duty officer.</li>
 * </ul>
 * A person named twice is told once. Stateless; reads {@link Places} and {@link Rosters} only.
 */
final class Router {

    private static final double EARTH_RADIUS_M = 6_371_000;

    private final Places places;
    private final Rosters rosters;

    Router(Places places, Rosters rosters) {
        this.places = places;
        this.rosters = rosters;
    }

    List<Recipient> raised(Alarm alarm, Instant now) {
        String tenant = alarm.device().tenant();
        Optional<Site> site = alarm.site() == null ? Optional.empty() : places.site(tenant, alarm.site());
        Optional<Cell> cell = places.cellOf(tenant, alarm.site());
        List<Recipient> out = new ArrayList<>();
        if (cell.isEmpty()) {
            places.dutyOfficer(tenant).ifPresent(p -> add(out, Recipient.of(p)));
        } else {
            places.station(tenant, cell.get().station()).ifPresent(s -> add(out, crew(s, now)));
            List<String> workers = rosters.onDuty(tenant, Roster.CELL, cell.get().id(), now).map(Roster.Duty::people)
                    .orElse(cell.get().gridWorkers());
            people(tenant, workers).forEach(p -> add(out, Recipient.of(p)));
        }
        site.ifPresent(s -> people(tenant, s.captains()).forEach(p -> add(out, Recipient.of(p))));
        return out;
    }

    /** The station responsible for the alarm's site, or {@code null}. */
    String responsibleStation(Alarm alarm) {
        String tenant = alarm.device().tenant();
        return places.stationCovering(tenant, alarm.site()).orElse(null);
    }

    /**
     * Who step {@code step} of the escalation of an alarm at {@code site} (may be null) of
     * {@code tenant} reaches when {@code station} (may be null) is responsible.
     */
    List<Recipient> step(EscalationPolicy.Step step, String tenant, String station, String site, Instant now) {
        List<Recipient> out = new ArrayList<>();
        switch (step) {
            case BACKUP -> {
                List<String> ids = new ArrayList<>();
                if (station != null) {
                    rosters.onDuty(tenant, Roster.STATION, station, now).ifPresent(d -> ids.addAll(d.backup()));
                }
                places.cellOf(tenant, site).flatMap(c -> rosters.onDuty(tenant, Roster.CELL, c.id(), now))
                        .ifPresent(d -> ids.addAll(d.backup()));
                people(tenant, ids).forEach(p -> add(out, Recipient.of(p)));
            }
            case HEAD -> Optional.ofNullable(station).flatMap(s -> rosters.roster(tenant, Roster.STATION, s))
                    .map(Roster::head).flatMap(h -> places.person(tenant, h)).ifPresent(p -> add(out, Recipient.of(p)));
            case NEXT_STATION -> {
                Optional.ofNullable(station).flatMap(id -> places.station(tenant, id)).flatMap(this::next)
                        .ifPresent(s -> add(out, crew(s, now)));
                places.dutyOfficer(tenant).ifPresent(p -> add(out, Recipient.of(p)));
            }
            default -> throw new IllegalStateException(step.name());
        }
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

    /** The station as a recipient, listing its crew on duty at {@code now} (all of it without a roster). */
    private Recipient crew(Station s, Instant now) {
        List<String> ids = rosters.onDuty(s.tenant(), Roster.STATION, s.id(), now).map(Roster.Duty::people)
                .orElse(s.crew());
        return new Recipient(Recipient.STATION, s.id(), s.name(), people(s.tenant(), ids));
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
