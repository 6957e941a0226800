package io.firegrid.gateway.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code dispatch_watches} table (escalation timers); store thread only. Times are epoch ms. */
final class WatchStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS dispatch_watches (
              alarm_id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, station TEXT, state TEXT NOT NULL,
              due_at INTEGER NOT NULL, notified TEXT NOT NULL, alarm TEXT NOT NULL)""",
            // partial: the every-second query for due timers reads open ones only, however many closed pile up
            "CREATE INDEX IF NOT EXISTS dispatch_watches_open_due ON dispatch_watches(due_at) WHERE state<>'closed'");

    private WatchStore() {
    }

    /** Starts watching an alarm; false if it has been watched before (it was routed already). */
    static boolean insert(Connection c, Watch w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO dispatch_watches"
                + "(alarm_id, tenant, station, state, due_at, notified, alarm) VALUES (?,?,?,?,?,?,?)")) {
            ps.setLong(1, w.alarmId());
            ps.setString(2, w.tenant());
            ps.setString(3, w.station());
            ps.setString(4, w.state());
            ps.setLong(5, w.dueAt().toEpochMilli());
            ps.setString(6, recipients(w.notified()));
            ps.setString(7, w.alarm());
            return ps.executeUpdate() == 1;
        }
    }

    static void update(Connection c, long alarmId, String state, Instant dueAt, List<Recipient> notified)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dispatch_watches SET state=?, due_at=?, notified=? WHERE alarm_id=?")) {
            ps.setString(1, state);
            ps.setLong(2, dueAt.toEpochMilli());
            ps.setString(3, recipients(notified));
            ps.setLong(4, alarmId);
            ps.executeUpdate();
        }
    }

    /** Replaces the alarm snapshot of an open watch (the alarm was confirmed, say). */
    /** Makes the open timer of {@code alarmId} due at {@code now} if it was due later; true if it was moved. */
    static boolean bringForward(Connection c, long alarmId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dispatch_watches SET due_at=? WHERE alarm_id=? AND state<>'closed' AND due_at>?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, alarmId);
            ps.setLong(3, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        }
    }

    static void snapshot(Connection c, long alarmId, String alarm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dispatch_watches SET alarm=? WHERE alarm_id=? AND state<>'closed'")) {
            ps.setString(1, alarm);
            ps.setLong(2, alarmId);
            ps.executeUpdate();
        }
    }

    /** Closes the watch of an acknowledged alarm; a tombstone if the alarm was never routed. */
    static void close(Connection c, long alarmId, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO dispatch_watches(alarm_id, tenant, station, state, due_at, notified, alarm)
                VALUES (?, ?, NULL, 'closed', 0, '[]', '{}') ON CONFLICT(alarm_id) DO UPDATE SET state='closed'""")) {
            ps.setLong(1, alarmId);
            ps.setString(2, tenant);
            ps.executeUpdate();
        }
    }

    /** Open watches due at or before {@code now}, earliest first. */
    static List<Watch> due(Connection c, Instant now) throws SQLException {
        return select(c, "SELECT * FROM dispatch_watches WHERE state<>'closed' AND due_at<=? ORDER BY due_at, alarm_id",
                now.toEpochMilli());
    }

    /** All open watches. */
    static List<Watch> open(Connection c) throws SQLException {
        return select(c, "SELECT * FROM dispatch_watches WHERE state<>'closed' AND due_at<=?", Long.MAX_VALUE);
    }

    private static List<Watch> select(Connection c, String sql, long arg) throws SQLException {
        List<Watch> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tenant = rs.getString("tenant");
                    List<Recipient> notified = new JsonArray(rs.getString("notified")).stream()
                            .map(o -> Recipient.fromJson(tenant, (JsonObject) o)).toList();
                    out.add(new Watch(rs.getLong("alarm_id"), tenant, rs.getString("station"), rs.getString("state"),
                            Instant.ofEpochMilli(rs.getLong("due_at")), notified, rs.getString("alarm")));
                }
            }
        }
        return out;
    }

    private static String recipients(List<Recipient> list) {
        JsonArray arr = new JsonArray();
        list.forEach(r -> arr.add(r.toJson()));
        return arr.encode();
    }
}
