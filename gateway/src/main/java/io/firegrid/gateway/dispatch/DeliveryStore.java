package io.firegrid.gateway.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code notifications} and {@code deliveries} tables; store thread only. Times are epoch ms. */
final class DeliveryStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS notifications (
              id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id INTEGER NOT NULL, tenant TEXT NOT NULL,
              reason TEXT NOT NULL, recipient TEXT NOT NULL, at INTEGER NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS notifications_alarm ON notifications(alarm_id, id)",
            """
            CREATE TABLE IF NOT EXISTS deliveries (
              id INTEGER PRIMARY KEY AUTOINCREMENT, notification_id INTEGER NOT NULL REFERENCES notifications(id),
              alarm_id INTEGER NOT NULL, channel TEXT NOT NULL, target TEXT NOT NULL, state TEXT NOT NULL,
              next_at INTEGER, attempts TEXT NOT NULL, body TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS deliveries_alarm ON deliveries(alarm_id, id)",
            "CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(state, next_at)");

    private static final String SELECT = """
            SELECT d.id, d.notification_id, d.alarm_id, n.reason, n.tenant, n.recipient, d.channel, d.target, d.state,
                   d.attempts, d.next_at, d.body FROM deliveries d JOIN notifications n ON n.id = d.notification_id
            """;

    private DeliveryStore() {
    }

    static long insertNotification(Connection c, long alarmId, String tenant, Reason reason, Recipient r, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications(alarm_id, tenant, reason, recipient, at)"
                + " VALUES (?,?,?,?,?) RETURNING id")) {
            ps.setLong(1, alarmId);
            ps.setString(2, tenant);
            ps.setString(3, reason.wireName());
            ps.setString(4, r.toJson().encode());
            ps.setLong(5, at.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A new pending delivery, held by its first attempt until {@code leaseUntil}. */
    static long insertDelivery(Connection c, long notification, long alarmId, String channel, String target,
                               String body, Instant leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries(notification_id, alarm_id, channel,"
                + " target, state, next_at, attempts, body) VALUES (?,?,?,?,'pending',?,'[]',?) RETURNING id")) {
            ps.setLong(1, notification);
            ps.setLong(2, alarmId);
            ps.setString(3, channel);
            ps.setString(4, target);
            ps.setLong(5, leaseUntil.toEpochMilli());
            ps.setString(6, body);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Pending deliveries due at {@code now}, now held until {@code leaseUntil} by the caller's attempt. */
    static List<Delivery> claimDue(Connection c, Instant now, Instant leaseUntil) throws SQLException {
        List<Delivery> due;
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE d.state='pending' AND d.next_at<=? ORDER BY d.id")) {
            ps.setLong(1, now.toEpochMilli());
            due = read(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET next_at=? WHERE id=?")) {
            for (Delivery d : due) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setLong(2, d.id());
                ps.executeUpdate();
            }
        }
        return due;
    }

    /** Appends an attempt and sets the delivery's state; {@code nextAt} null unless still pending. */
    static void recordAttempt(Connection c, long id, Attempt attempt, String state, Instant nextAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE deliveries SET attempts=json_insert(attempts, '$[#]', json(?)), state=?, next_at=? WHERE id=?")) {
            ps.setString(1, attempt.toJson().encode());
            ps.setString(2, state);
            if (nextAt == null) {
                ps.setNull(3, Types.INTEGER);
            } else {
                ps.setLong(3, nextAt.toEpochMilli());
            }
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    static List<Delivery> forAlarm(Connection c, long alarmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE d.alarm_id=? ORDER BY d.id")) {
            ps.setLong(1, alarmId);
            return read(ps);
        }
    }

    static List<Notification> notifications(Connection c, long alarmId) throws SQLException {
        List<Notification> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, alarm_id, reason, tenant, recipient, at FROM notifications WHERE alarm_id=? ORDER BY id")) {
            ps.setLong(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notification(rs.getLong(1), rs.getLong(2), Reason.fromWire(rs.getString(3)),
                            Recipient.fromJson(rs.getString(4), new JsonObject(rs.getString(5))),
                            Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        }
        return out;
    }

    private static List<Delivery> read(PreparedStatement ps) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Attempt> attempts = new JsonArray(rs.getString(10)).stream()
                        .map(o -> Attempt.fromJson((JsonObject) o)).toList();
                long next = rs.getLong(11);
                Instant nextAt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
                out.add(new Delivery(rs.getLong(1), rs.getLong(2), rs.getLong(3), Reason.fromWire(rs.getString(4)),
                        Recipient.fromJson(rs.getString(5), new JsonObject(rs.getString(6))), rs.getString(7),
                        rs.getString(8), rs.getString(9), attempts, nextAt, rs.getString(12)));
            }
        }
        return out;
    }
}
