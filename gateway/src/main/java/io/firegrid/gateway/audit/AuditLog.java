package io.firegrid.gateway.audit;

import io.firegrid.gateway.storage.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log (docs/lifecycle.md): every change made through the API, kept in the store with the
 * rest (a few rows a day: people change things, devices do not) until {@link #prune} deletes what is
 * past the retention or beyond the most entries kept. Written after the answer was sent, so that it
 * never delays one; a write that fails is logged by the caller and counted.
 */
public final class AuditLog {

    /** Most entries one read returns. */
    public static final int MAX_LIST = 1000;

    /** Most entries deleted in one transaction by {@link #prune}, so that alarms never wait long behind it. */
    static final int DELETE_BATCH = 2_000;

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at TEXT NOT NULL,
              who TEXT NOT NULL,
              role TEXT NOT NULL,
              tenant TEXT,
              method TEXT NOT NULL,
              path TEXT NOT NULL,
              kind TEXT NOT NULL,
              target TEXT NOT NULL,
              status INTEGER NOT NULL)""", """
            CREATE INDEX IF NOT EXISTS audit_by_time ON audit(at)""");

    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    /** Keeps {@code e} (its id is given by the store). */
    public Future<Void> record(AuditEntry e) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit(at, who, role, tenant, method, path, kind, target, status)"
                    + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, e.at().toString());
                ps.setString(2, e.who());
                ps.setString(3, e.role());
                ps.setString(4, e.tenant());
                ps.setString(5, e.method());
                ps.setString(6, e.path());
                ps.setString(7, e.kind());
                ps.setString(8, e.target());
                ps.setInt(9, e.status());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Deletes the entries before {@code cutoff} and, beyond the newest {@code maxEntries}, the oldest
     * ones, in small transactions of the telemetry lane (the lane that yields to alarms) until none
     * is left; completes with how many were deleted.
     */
    public Future<Integer> prune(Instant cutoff, int maxEntries) {
        return prune(cutoff, maxEntries, 0);
    }

    private Future<Integer> prune(Instant cutoff, int maxEntries, int sofar) {
        return db.write(Database.Lane.TELEMETRY, c -> deleteOldest(c, cutoff, maxEntries))
                .compose(n -> n < DELETE_BATCH ? Future.succeededFuture(sofar + n) : prune(cutoff, maxEntries, sofar + n));
    }

    private static int deleteOldest(Connection c, Instant cutoff, int maxEntries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ?"
                + " OR id <= coalesce((SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?), 0) ORDER BY id LIMIT ?)")) {
            ps.setString(1, cutoff.toString());
            ps.setInt(2, maxEntries);
            ps.setInt(3, DELETE_BATCH);
            return ps.executeUpdate();
        }
    }

    /**
     * Entries at or after {@code from} and before {@code to}, of {@code kind} ({@code null}: every kind)
     * and {@code tenant} ({@code null}: every tenant), newest first, at most {@code limit}.
     */
    public Future<List<AuditEntry>> list(Instant from, Instant to, String kind, String tenant, int limit) {
        return db.query(c -> select(c, from, to, kind, tenant, Math.min(limit, MAX_LIST)));
    }

    private static List<AuditEntry> select(Connection c, Instant from, Instant to, String kind, String tenant, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, who, role, tenant, method, path, kind, target, status"
                + " FROM audit WHERE at >= ? AND at < ? AND (? IS NULL OR kind = ?) AND (? IS NULL OR tenant = ?)"
                + " ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            ps.setString(3, kind);
            ps.setString(4, kind);
            ps.setString(5, tenant);
            ps.setString(6, tenant);
            ps.setInt(7, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10)));
                }
            }
            return out;
        }
    }
}
