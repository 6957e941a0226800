package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.place.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The references a new place or person must satisfy, checked against the store inside the
 * transaction that adds it, so two concurrent additions cannot both pass. Failures are
 * {@code BAD_REQUEST} naming the missing id, or {@code CONFLICT} for a duplicate.
 */
final class PlaceChecks {

    private PlaceChecks() {
    }

    static void person(Connection c, Person p) throws SQLException {
        if (p.role() == Role.DUTY_OFFICER) {
            String current = PlaceStore.dutyOfficer(c, p.tenant());
            if (current != null && !current.equals(p.id())) {
                throw new FireGridException(Status.CONFLICT, "duty-officer-exists", "tenant " + p.tenant()
                        + " already has a duty officer (" + current + "); a tenant has exactly one");
            }
        }
    }

    static void station(Connection c, Station s) throws SQLException {
        people(c, s.tenant(), s.crew(), Role.CREW, "crew");
        if (s.next() != null) {
            if (s.next().equals(s.id())) {
                throw FireGridException.badRequest("bad-next", "station " + s.id() + " cannot escalate to itself");
            }
            requireExists(c, "stations", s.tenant(), s.next(), "next station");
        }
    }

    static void cell(Connection c, Cell cell) throws SQLException {
        requireExists(c, "stations", cell.tenant(), cell.station(), "station");
        people(c, cell.tenant(), cell.gridWorkers(), Role.GRID_WORKER, "gridWorkers");
    }

    static void site(Connection c, Site s) throws SQLException {
        if (s.cell() != null) {
            requireExists(c, "cells", s.tenant(), s.cell(), "cell");
        }
        people(c, s.tenant(), s.captains(), Role.BUILDING_CAPTAIN, "captains");
    }

    /**
     * What names a person, station, cell or site ({@code kind}) of {@code tenant}: "station S
     * (crew)", "cell c3 (station)", ...; empty if nothing does. {@code others} adds what other
     * parts of the gateway keep (devices at a site, panels in a station).
     */
    static List<String> namedBy(Connection c, String kind, String tenant, String id, Places.Dependents others)
            throws SQLException {
        List<String> refs = new ArrayList<>();
        switch (kind) {
            case "person" -> {
                PlaceStore.stations(c).stream().filter(s -> s.tenant().equals(tenant) && s.crew().contains(id))
                        .forEach(s -> refs.add("station " + s.id() + " (crew)"));
                PlaceStore.cells(c).stream().filter(x -> x.tenant().equals(tenant) && x.gridWorkers().contains(id))
                        .forEach(x -> refs.add("cell " + x.id() + " (gridWorkers)"));
                PlaceStore.sites(c).stream().filter(s -> s.tenant().equals(tenant) && s.captains().contains(id))
                        .forEach(s -> refs.add("site " + s.id() + " (captains)"));
            }
            case "station" -> {
                PlaceStore.cells(c).stream().filter(x -> x.tenant().equals(tenant) && x.station().equals(id))
                        .forEach(x -> refs.add("cell " + x.id() + " (station)"));
                PlaceStore.stations(c).stream().filter(s -> s.tenant().equals(tenant) && id.equals(s.next()))
                        .forEach(s -> refs.add("station " + s.id() + " (next)"));
            }
            case "cell" -> PlaceStore.sites(c).stream().filter(s -> s.tenant().equals(tenant) && id.equals(s.cell()))
                    .forEach(s -> refs.add("site " + s.id() + " (cell)"));
            default -> { }
        }
        refs.addAll(others.namedBy(c, kind, tenant, id));
        return refs;
    }

    /** Refuses to remove or change what is still named, saying by what and what to do. */
    static void requireUnnamed(List<String> refs, String kind, String tenant, String id, String change) {
        if (!refs.isEmpty()) {
            throw new FireGridException(Status.CONFLICT, "in-use", kind + " " + id + " of tenant " + tenant
                    + " cannot be " + change + ": it is named by " + String.join(", ", refs)
                    + "; change or remove those first");
        }
    }

    static FireGridException duplicate(String what, String tenant, String id) {
        return new FireGridException(Status.CONFLICT, what + "-exists", what + " " + id + " of tenant " + tenant
                + " already exists");
    }

    private static void requireExists(Connection c, String table, String tenant, String id, String field)
            throws SQLException {
        if (!PlaceStore.exists(c, table, tenant, id)) {
            throw FireGridException.badRequest("unknown-reference", "'" + field + "' names " + id
                    + ", which tenant " + tenant + " does not have: create it first").withHint("POST /api/v1/" + table);
        }
    }

    private static void people(Connection c, String tenant, List<String> ids, Role role, String field)
            throws SQLException {
        for (String id : ids) {
            String actual = PlaceStore.role(c, tenant, id);
            if (actual == null) {
                throw FireGridException.badRequest("unknown-reference", "'" + field + "' names " + id
                        + ", who is not a person of tenant " + tenant + ": create them first").withHint("POST /api/v1/people");
            }
            if (!actual.equals(role.wireName())) {
                throw FireGridException.badRequest("wrong-role", "'" + field + "' names " + id + ", whose role is "
                        + actual + ", not " + role.wireName());
            }
        }
    }
}
