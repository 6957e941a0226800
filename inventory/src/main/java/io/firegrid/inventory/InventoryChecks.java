package io.firegrid.inventory;

import io.firegrid.protocol.Kind;
import io.firegrid.protocol.place.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that need the whole file: unique ids, references between lists with the right roles,
 * each device's wiring (GPIO pins, ADS1115 inputs, limits) and network ({@link NetworkChecks}). Adds problems; never throws.
 */
final class InventoryChecks {

    /** BCM GPIO numbers broken out on the Raspberry Pi 40-pin header. */
    static final int MAX_BCM = 27;

    /** The ADS1115's four addresses, set by its ADDR pin (GND, VDD, SDA, SCL). */
    static final int ADS1115_FIRST = 0x48;
    static final int ADS1115_LAST = 0x4B;

    /** GB 50974-2014 §5.2.2: the lowest static pressure the code allows anywhere (0.07 MPa). */
    static final double CODE_MIN_PRESSURE_MPA = 0.07;
    /** GB 50974-2014 §7.4.12: above 0.70 MPa at a hydrant outlet, pressure reduction is required. */
    static final double CODE_REDUCE_ABOVE_MPA = 0.70;
    /** GB 50974-2014 §7.4.12: at least 0.25 MPa at a hydrant outlet (0.35 MPa in high-rise buildings). */
    static final double CODE_HYDRANT_MIN_MPA = 0.25;
    /** The gateway's own band rules (docs/alarms.md, "Per-sensor limits"). */
    static final double MAX_PRESSURE_MPA = 1.6;
    static final double MIN_BAND_MPA = 0.05;

    private final String tenant;
    private final List<Problem> problems;
    private final List<Problem> warnings;

    InventoryChecks(String tenant, List<Problem> problems, List<Problem> warnings) {
        this.warnings = warnings;
        this.tenant = tenant;
        this.problems = problems;
    }

    void check(List<Parsed<Person>> people, List<Parsed<Station>> stations, List<Parsed<Cell>> cells,
               List<Parsed<Site>> sites, List<Parsed<Device>> devices) {
        Map<String, Parsed<Person>> personById = unique(people, "person", "people", Person::id);
        Map<String, Parsed<Station>> stationById = unique(stations, "station", "stations", Station::id);
        Map<String, Parsed<Cell>> cellById = unique(cells, "cell", "cells", Cell::id);
        Map<String, Parsed<Site>> siteById = unique(sites, "site", "sites", Site::id);
        unique(devices, "device", "devices", Device::id);

        Parsed<Person> dutyOfficer = null;
        for (Parsed<Person> p : people) {
            if (p.value().role() == Role.DUTY_OFFICER) {
                if (dutyOfficer == null) {
                    dutyOfficer = p;
                } else {
                    p.at().problem(p.at().pos("role"), "a second duty officer: " + dutyOfficer.value().id() + " on line "
                            + dutyOfficer.at().pos().line() + " is one already", "a tenant has exactly one duty officer; "
                            + "make this person crew, grid-worker or building-captain");
                }
            }
        }
        for (Parsed<Station> s : stations) {
            roles(s.at(), "crew", s.value().crew(), Role.CREW, personById);
            String next = s.value().next();
            if (next != null) {
                if (next.equals(s.value().id())) {
                    s.at().problem(s.at().pos("next"), "station '" + next + "' names itself as 'next'",
                            "name the station an unanswered alarm should escalate to, or leave 'next' out for the nearest");
                } else if (!stationById.containsKey(next)) {
                    unknown(s.at(), "next", "station", next, stationById.keySet());
                }
            }
        }
        loops(stations, stationById);
        for (Parsed<Cell> c : cells) {
            String station = c.value().station();
            if (station != null && !stationById.containsKey(station)) {
                unknown(c.at(), "station", "station", station, stationById.keySet());
            }
            roles(c.at(), "gridWorkers", c.value().gridWorkers(), Role.GRID_WORKER, personById);
        }
        for (Parsed<Site> s : sites) {
            String cell = s.value().cell();
            if (cell != null && !cellById.containsKey(cell)) {
                unknown(s.at(), "cell", "cell", cell, cellById.keySet());
            }
            roles(s.at(), "captains", s.value().captains(), Role.BUILDING_CAPTAIN, personById);
        }
        Map<String, Parsed<Device>> uitdByAddress = new HashMap<>();
        for (Parsed<Device> d : devices) {
            String site = d.value().site();
            if (site != null && !siteById.containsKey(site)) {
                unknown(d.at(), "site", "site", site, siteById.keySet());
            }
            if (d.at().has("gb26875Address")) {
                UitdReading.check(d, uitdByAddress, problems, warnings);
            } else {
                new WiringChecks(problems, warnings).check(d);
            }
        }
        new NetworkChecks(tenant, problems).check(siteById, devices);
    }

    private <T> Map<String, Parsed<T>> unique(List<Parsed<T>> items, String what, String list,
                                              java.util.function.Function<T, String> id) {
        Map<String, Parsed<T>> byId = new LinkedHashMap<>();
        for (Parsed<T> p : items) {
            String v = id.apply(p.value());
            if (v == null) {
                continue;
            }
            Parsed<T> first = byId.putIfAbsent(v, p);
            if (first != null) {
                p.at().problem(p.at().pos("id"), "duplicate " + what + " id '" + v + "'",
                        "ids are unique among " + list + "; the first '" + v + "' is on line " + first.at().pos("id").line());
            }
        }
        return byId;
    }

    private void roles(Fields at, String key, List<String> ids, Role role, Map<String, Parsed<Person>> people) {
        List<Position> positions = at.idPositions(key);
        for (int i = 0; i < ids.size(); i++) {
            Position where = i < positions.size() ? positions.get(i) : at.pos(key);
            Parsed<Person> p = people.get(ids.get(i));
            if (p == null) {
                at.problem(where, "'" + key + "' of " + at.what() + " names '" + ids.get(i) + "', who is not under 'people'",
                        hintFor(ids.get(i), people.keySet(), "add them under 'people' with role " + role.wireName()));
            } else if (p.value().role() != null && p.value().role() != role) {
                at.problem(where, "'" + key + "' of " + at.what() + " names '" + ids.get(i) + "', whose role is "
                        + p.value().role().wireName() + ", not " + role.wireName(), "list only people of role "
                        + role.wireName() + " here, or change the role on line " + p.at().pos("role").line());
            }
        }
    }

    private void unknown(Fields at, String key, String what, String id, Set<String> known) {
        at.problem(at.pos(key), "'" + key + "' of " + at.what() + " names " + what + " '" + id
                + "', which is not in the inventory", hintFor(id, known, "add it to the " + what + "s, or correct the id"));
    }

    private static String hintFor(String id, Set<String> known, String otherwise) {
        if (known.isEmpty()) {
            return otherwise;
        }
        String h = Fields.unknownKeyHint(id, List.copyOf(known));
        return h.startsWith("did") ? h : otherwise + " (known: " + String.join(", ", known) + ")";
    }

    /** Stations are registered in the order of their {@code next} chains, so a loop cannot be. */
    private void loops(List<Parsed<Station>> stations, Map<String, Parsed<Station>> byId) {
        Set<String> reported = new HashSet<>();
        for (Parsed<Station> s : stations) {
            Map<String, Integer> seen = new HashMap<>();
            String cur = s.value().id();
            while (cur != null && byId.containsKey(cur) && !seen.containsKey(cur)) {
                seen.put(cur, seen.size());
                String next = byId.get(cur).value().next();
                cur = next != null && next.equals(cur) ? null : next;
            }
            if (cur != null && seen.containsKey(cur) && cur.equals(s.value().id()) && reported.add(cur)) {
                seen.keySet().forEach(reported::add);
                s.at().problem(s.at().pos("next"), "'next' of station '" + cur + "' leads back to it through "
                        + String.join(" -> ", seen.keySet().stream().sorted((a, b) -> seen.get(a) - seen.get(b)).toList()),
                        "an escalation chain must end: leave 'next' out on one of them (it then escalates to the nearest)");
            }
        }
    }

    static boolean isPressure(Sensor s) {
        return s.kind() == Kind.PRESSURE;
    }
}
