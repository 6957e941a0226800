package io.firegrid.gateway.place;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty rosters of stations and grid cells ({@link Roster}), kept in memory for routing and
 * written through to the {@code rosters} table. {@link #put} checks the roster ({@link RosterChecks})
 * and that its station or cell exists (404 {@code unknown-station}/{@code unknown-cell}) in the
 * transaction that stores it; {@link #onDuty} answers from memory, in the sites' time zone.
 * A station or cell without a roster has everyone on duty all the time, as before rosters existed.
 *
 * <p>Thread-safe: lookups on any thread, changes on the store's thread.
 */
public final class Rosters {

    private static final Logger LOG = LoggerFactory.getLogger(Rosters.class);

    public static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS rosters (
              tenant TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, roster TEXT NOT NULL,
              PRIMARY KEY (tenant, kind, id))""");

    private record Key(String tenant, String kind, String id) {
    }

    private final Database db;
    private final ZoneId zone;
    private final Map<Key, Roster> rosters = new ConcurrentHashMap<>();

    private Rosters(Database db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public static Future<Rosters> load(Database db, RosterOptions options) {
        Rosters r = new Rosters(db, options.zone());
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, kind, id, roster FROM rosters");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Roster x = RosterJson.parse(rs.getString(1), rs.getString(2), rs.getString(3),
                            new JsonObject(rs.getString(4)));
                    r.rosters.put(new Key(x.tenant(), x.kind(), x.id()), x);
                }
            }
            return r;
        });
    }

    public ZoneId zone() {
        return zone;
    }

    /** Stores {@code r}, replacing the roster of its station or cell; refuses it as the class comment says. */
    public Future<Roster> put(Roster r) {
        return db.write(c -> {
            String table = r.kind().equals(Roster.STATION) ? "stations" : "cells";
            if (!PlaceStore.exists(c, table, r.tenant(), r.id())) {
                throw FireGridException.notFound("unknown-" + r.kind(), "tenant " + r.tenant() + " has no " + r.kind()
                        + " '" + r.id() + "'").withHint("create it with POST /api/v1/" + table);
            }
            RosterChecks.check(c, r);
            write(c, r);
            return r;
        }).onSuccess(x -> {
            rosters.put(new Key(x.tenant(), x.kind(), x.id()), x);
            LOG.info("roster changed [tenant: {}, {}: {}, shifts: {}]", x.tenant(), x.kind(), x.id(), x.shifts().size());
        });
    }

    /** Removes the roster of a station or cell: everyone is on duty again. Completes either way. */
    public Future<Void> remove(String tenant, String kind, String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rosters WHERE tenant=? AND kind=? AND id=?")) {
                ps.setString(1, tenant);
                ps.setString(2, kind);
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return null;
        }).onSuccess(x -> rosters.remove(new Key(tenant, kind, id))).mapEmpty();
    }

    public Optional<Roster> roster(String tenant, String kind, String id) {
        return Optional.ofNullable(rosters.get(new Key(tenant, kind, id)));
    }

    /**
     * Who is on duty at {@code at} by the roster of station or cell ({@code kind}) {@code id}; empty
     * when it has no roster, or when its roster has nobody on duty then (routing then tells everyone).
     */
    public Optional<Roster.Duty> onDuty(String tenant, String kind, String id, Instant at) {
        return roster(tenant, kind, id).flatMap(r -> r.onDuty(at.atZone(zone)));
    }

    /**
     * The rosters naming {@code person} of {@code tenant} ("station S (roster)"), so that a person on
     * a roster is not removed while it names them ({@link Places.Dependents}). Store thread only.
     */
    public static List<String> naming(Connection c, String tenant, String person) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, id, roster FROM rosters WHERE tenant=?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Roster r = RosterJson.parse(tenant, rs.getString(1), rs.getString(2), new JsonObject(rs.getString(3)));
                    if (r.named().contains(person)) {
                        out.add(r.kind() + " " + r.id() + " (roster)");
                    }
                }
            }
        }
        return out;
    }

    private static void write(Connection c, Roster r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO rosters(tenant, kind, id, roster) VALUES (?,?,?,?)")) {
            ps.setString(1, r.tenant());
            ps.setString(2, r.kind());
            ps.setString(3, r.id());
            ps.setString(4, RosterJson.toJson(r).encode());
            ps.executeUpdate();
        }
    }
}
