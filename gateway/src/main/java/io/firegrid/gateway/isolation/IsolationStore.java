package io.firegrid.gateway.isolation;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code isolations} table; called on the store's threads only. Isolations are kept for ever, for the report. */
final class IsolationStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS isolations (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              sensor TEXT,
              reason TEXT NOT NULL,
              by TEXT NOT NULL,
              from_at TEXT NOT NULL,
              until TEXT NOT NULL,
              ended_at TEXT,
              ended_by TEXT)""");

    private IsolationStore() {
    }

    static long insert(Connection c, Isolation i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO isolations(tenant, device, sensor, reason, by, from_at, until)"
                + " VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, i.device().tenant());
            ps.setString(2, i.device().device());
            ps.setString(3, i.sensor());
            ps.setString(4, i.reason());
            ps.setString(5, i.by());
            ps.setString(6, i.from().toString());
            ps.setString(7, i.until().toString());
            ps.executeUpdate();
            return Database.lastRowId(c);
        }
    }

    static void end(Connection c, long id, Instant at, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE isolations SET ended_at=?, ended_by=? WHERE id=? AND ended_at IS NULL")) {
            ps.setString(1, at.toString());
            ps.setString(2, by);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Those not ended yet (some may have run their time while the gateway was down). */
    static List<Isolation> unended(Connection c) throws SQLException {
        return select(c, "SELECT * FROM isolations WHERE ended_at IS NULL ORDER BY id");
    }

    /** Every isolation in force at some time in [from, to), oldest first. */
    static List<Isolation> overlapping(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM isolations WHERE from_at < ? AND COALESCE(ended_at, until) > ?"
                + " ORDER BY from_at, id")) {
            ps.setString(1, to.toString());
            ps.setString(2, from.toString());
            return rows(ps);
        }
    }

    private static List<Isolation> select(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return rows(ps);
        }
    }

    private static List<Isolation> rows(PreparedStatement ps) throws SQLException {
        List<Isolation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String endedAt = rs.getString("ended_at");
                out.add(new Isolation(rs.getLong("id"), new DeviceId(rs.getString("tenant"), rs.getString("device")),
                        rs.getString("sensor"), rs.getString("reason"), rs.getString("by"), Instant.parse(rs.getString("from_at")),
                        Instant.parse(rs.getString("until")), endedAt == null ? null : Instant.parse(endedAt),
                        rs.getString("ended_by")));
            }
        }
        return out;
    }
}
