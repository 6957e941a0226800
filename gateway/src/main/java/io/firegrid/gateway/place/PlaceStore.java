package io.firegrid.gateway.place;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import io.firegrid.gateway.device.LimitsCodec;
import java.util.List;

/**
 * SQL for the {@code people}, {@code stations}, {@code cells}, {@code sites} and {@code drills}
 * tables; store thread only.
 */
final class PlaceStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS people (
              tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, phone TEXT,
              PRIMARY KEY (tenant, id))""",
            // one duty officer per tenant, whatever the order of concurrent registrations
            "CREATE UNIQUE INDEX IF NOT EXISTS people_duty_officer ON people(tenant) WHERE role = 'duty-officer'",
            // a person's E.164 phones and channel preferences (JSON), a table of its own so older stores gain it
            """
            CREATE TABLE IF NOT EXISTS person_contacts (
              tenant TEXT NOT NULL, id TEXT NOT NULL, phones TEXT NOT NULL, preferences TEXT NOT NULL,
              PRIMARY KEY (tenant, id))""",
            """
            CREATE TABLE IF NOT EXISTS stations (
              tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
              crew TEXT NOT NULL, next TEXT, PRIMARY KEY (tenant, id))""",
            """
            CREATE TABLE IF NOT EXISTS cells (
              tenant TEXT NOT NULL, id TEXT NOT NULL, station TEXT NOT NULL, grid_workers TEXT NOT NULL,
              PRIMARY KEY (tenant, id))""",
            """
            CREATE TABLE IF NOT EXISTS sites (
              tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, cell TEXT, building TEXT NOT NULL,
              floors INTEGER, captains TEXT NOT NULL, limits TEXT, layout TEXT, PRIMARY KEY (tenant, id))""",
            // a row per site or station in drill (kind 'site' or 'station'); taken out of drill, it is deleted
            """
            CREATE TABLE IF NOT EXISTS drills (
              tenant TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, since TEXT NOT NULL, by_whom TEXT NOT NULL,
              until TEXT, PRIMARY KEY (tenant, kind, id))""");

    /** A row of {@code drills}. */
    record DrillRow(String tenant, String kind, String id, Drill drill) {
    }

    private PlaceStore() {
    }

    /** Inserts a row; false if the table already has one with this (tenant, id). */
    static boolean insert(Connection c, String table, Object... values) throws SQLException {
        String marks = "?" + ",?".repeat(values.length - 1);
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO " + table + " VALUES (" + marks + ")")) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i] instanceof List<?> l ? new JsonArray(new ArrayList<>(l)).encode() : values[i]);
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** Replaces the row with this (tenant, id), which must exist; the values in column order, as {@link #insert}. */
    static void replace(Connection c, String table, Object... values) throws SQLException {
        delete(c, table, (String) values[0], (String) values[1]);
        insert(c, table, values);
    }

    static void delete(Connection c, String table, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant=? AND id=?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Writes a person's phones and preferences, replacing what was there. */
    static void contacts(Connection c, Person p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO person_contacts(tenant, id, phones, preferences) VALUES (?,?,?,?)")) {
            ps.setString(1, p.tenant());
            ps.setString(2, p.id());
            ps.setString(3, new JsonArray(new ArrayList<>(p.phones())).encode());
            ps.setString(4, p.preferences().toJson().encode());
            ps.executeUpdate();
        }
    }

    /** The role of a person, or {@code null} if there is none with that id. */
    static String role(Connection c, String tenant, String person) throws SQLException {
        return single(c, "SELECT role FROM people WHERE tenant=? AND id=?", tenant, person);
    }

    static boolean exists(Connection c, String table, String tenant, String id) throws SQLException {
        return single(c, "SELECT id FROM " + table + " WHERE tenant=? AND id=?", tenant, id) != null;
    }

    /** Id of the tenant's duty officer, or {@code null}. */
    static String dutyOfficer(Connection c, String tenant) throws SQLException {
        return single(c, "SELECT id FROM people WHERE tenant=? AND role='duty-officer'", tenant);
    }

    static List<Person> people(Connection c) throws SQLException {
        List<Person> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.tenant, p.id, p.name, p.role, p.phone, k.phones,"
                + " k.preferences FROM people p LEFT JOIN person_contacts k ON k.tenant = p.tenant AND k.id = p.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String phones = rs.getString(6);
                out.add(new Person(rs.getString(1), rs.getString(2), rs.getString(3), Person.roleNamed(rs.getString(4)),
                        rs.getString(5), phones == null ? List.of() : ids(phones), Preferences.fromJson(rs.getString(7))));
            }
        }
        return out;
    }

    static List<Station> stations(Connection c) throws SQLException {
        List<Station> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, id, name, lat, lon, crew, next FROM stations");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Station(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getDouble(5),
                        ids(rs.getString(6)), rs.getString(7)));
            }
        }
        return out;
    }

    static List<Cell> cells(Connection c) throws SQLException {
        List<Cell> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, id, station, grid_workers FROM cells");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Cell(rs.getString(1), rs.getString(2), rs.getString(3), ids(rs.getString(4))));
            }
        }
        return out;
    }

    static List<Site> sites(Connection c) throws SQLException {
        List<Site> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, id, name, cell, building, floors, captains, limits, layout FROM sites");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int floors = rs.getInt(6);
                Integer f = rs.wasNull() ? null : floors;
                out.add(new Site(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        f, ids(rs.getString(7))).withLimits(LimitsCodec.decode(rs.getString(8))).withLayout(layout(rs.getString(9))));
            }
        }
        return out;
    }

    static List<DrillRow> drills(Connection c) throws SQLException {
        List<DrillRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, kind, id, since, by_whom, until FROM drills");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DrillRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        new Drill(Instant.parse(rs.getString(4)), rs.getString(5), instant(rs.getString(6)))));
            }
        }
        return out;
    }

    /** The drill a site or station ({@code kind}) is in, or {@code null}. */
    static Drill drill(Connection c, String kind, String tenant, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT since, by_whom, until FROM drills WHERE tenant=? AND kind=? AND id=?")) {
            ps.setString(1, tenant);
            ps.setString(2, kind);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Drill(Instant.parse(rs.getString(1)), rs.getString(2), instant(rs.getString(3))) : null;
            }
        }
    }

    /** Puts a site or station in drill {@code d}, or takes it out when {@code d} is {@code null}. */
    static void setDrill(Connection c, String kind, String tenant, String id, Drill d) throws SQLException {
        if (d == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM drills WHERE tenant=? AND kind=? AND id=?")) {
                ps.setString(1, tenant);
                ps.setString(2, kind);
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO drills(tenant, kind, id, since, by_whom, until) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, tenant);
            ps.setString(2, kind);
            ps.setString(3, id);
            ps.setString(4, d.since().toString());
            ps.setString(5, d.by());
            ps.setString(6, d.until() == null ? null : d.until().toString());
            ps.executeUpdate();
        }
    }

    /** Takes out of drill every site and station whose drill ended at or before {@code now}; the rows taken out. */
    static List<DrillRow> endDrills(Connection c, Instant now) throws SQLException {
        List<DrillRow> ended = drills(c).stream().filter(d -> !d.drill().activeAt(now)).toList();
        for (DrillRow d : ended) {
            setDrill(c, d.kind(), d.tenant(), d.id(), null);
        }
        return ended;
    }

    /** A site's layout as stored: {@code {"basementFloors","buildings","address","lat","lon"}}, null for none. */
    static String encode(SiteLayout l) {
        if (l.isEmpty()) {
            return null;
        }
        return new JsonObject().put("basementFloors", l.basementFloors()).put("buildings", new JsonArray(l.buildings()))
                .put("address", l.address()).put("lat", l.lat()).put("lon", l.lon()).encode();
    }

    private static SiteLayout layout(String json) {
        if (json == null) {
            return SiteLayout.NONE;
        }
        JsonObject o = new JsonObject(json);
        return new SiteLayout(o.getInteger("basementFloors"), ids(o.getJsonArray("buildings", new JsonArray()).encode()),
                o.getString("address"), o.getDouble("lat"), o.getDouble("lon"));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static List<String> ids(String json) {
        return new JsonArray(json).stream().map(String.class::cast).toList();
    }

    private static String single(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
