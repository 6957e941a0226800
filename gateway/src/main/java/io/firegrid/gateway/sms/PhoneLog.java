package io.firegrid.gateway.sms;

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
import java.util.Optional;

/**
 * SQL for what went to and came from phones ({@code phone_log}: every SMS, summary, reply, answer
 * and call, with its delivery reports) and for the per-number summary windows
 * ({@code sms_windows}). Store thread only; times are epoch ms.
 */
public final class PhoneLog {

    public static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS phone_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id INTEGER, tenant TEXT, person TEXT, phone TEXT NOT NULL,
              channel TEXT NOT NULL, direction TEXT NOT NULL, kind TEXT NOT NULL, text TEXT, parts INTEGER,
              state TEXT NOT NULL, detail TEXT, at INTEGER NOT NULL, reports TEXT NOT NULL DEFAULT '[]',
              next_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, body TEXT)""",
            "CREATE INDEX IF NOT EXISTS phone_log_alarm ON phone_log(alarm_id, id)",
            "CREATE INDEX IF NOT EXISTS phone_log_phone ON phone_log(phone, id)",
            "CREATE INDEX IF NOT EXISTS phone_log_due ON phone_log(state, next_at)",
            "CREATE TABLE IF NOT EXISTS sms_windows (phone TEXT PRIMARY KEY, until INTEGER NOT NULL)");

    /** Kinds of entries. */
    public static final String ALARM = "alarm";
    public static final String SUMMARY = "summary";
    public static final String HELD = "held";
    public static final String DIGEST = "digest";
    public static final String ANSWER = "answer";
    public static final String REPLY = "reply";
    public static final String CALL = "call";

    /** One entry; {@code body} is the alarm JSON a held entry waits with. */
    public record Entry(long id, Long alarm, String tenant, String person, String phone, String channel,
                        String direction, String kind, String text, Integer parts, String state, String detail,
                        Instant at, JsonArray reports, Instant nextAt, int attempts, String body) {

        /** {@code {"id","alarm","channel","direction","kind","tenant","person","phone","text","parts","state","detail","at","reports":[...]}}. */
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("alarm", alarm).put("channel", channel).put("direction", direction)
                    .put("kind", kind).put("tenant", tenant).put("person", person).put("phone", phone).put("text", text)
                    .put("parts", parts).put("state", state).put("detail", detail).put("at", at.toString())
                    .put("attempts", attempts).put("reports", reports);
        }
    }

    private static final String SELECT = "SELECT id, alarm_id, tenant, person, phone, channel, direction, kind, text,"
            + " parts, state, detail, at, reports, next_at, attempts, body FROM phone_log";

    private PhoneLog() {
    }

    public static long insert(Connection c, Long alarm, String tenant, String person, String phone, String channel,
                              String direction, String kind, String text, Integer parts, String state, String detail,
                              Instant at, Instant nextAt, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO phone_log(alarm_id, tenant, person, phone, channel,"
                + " direction, kind, text, parts, state, detail, at, next_at, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " RETURNING id")) {
            if (alarm == null) {
                ps.setNull(1, Types.INTEGER);
            } else {
                ps.setLong(1, alarm);
            }
            ps.setString(2, tenant);
            ps.setString(3, person);
            ps.setString(4, phone);
            ps.setString(5, channel);
            ps.setString(6, direction);
            ps.setString(7, kind);
            ps.setString(8, text);
            if (parts == null) {
                ps.setNull(9, Types.INTEGER);
            } else {
                ps.setInt(9, parts);
            }
            ps.setString(10, state);
            ps.setString(11, detail);
            ps.setLong(12, at.toEpochMilli());
            setInstant(ps, 13, nextAt);
            ps.setString(14, body);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sets an entry's state and detail, counts an attempt when {@code attempted}; {@code nextAt} null unless still due. */
    public static void update(Connection c, long id, String state, String detail, Instant nextAt, boolean attempted)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE phone_log SET state=?, detail=?, next_at=?,"
                + " attempts=attempts+? WHERE id=?")) {
            ps.setString(1, state);
            ps.setString(2, detail);
            setInstant(ps, 3, nextAt);
            ps.setInt(4, attempted ? 1 : 0);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** Appends a delivery report to an entry; false if there is no such entry. */
    public static boolean addReport(Connection c, long id, JsonObject report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE phone_log SET reports=json_insert(reports, '$[#]', json(?)) WHERE id=?")) {
            ps.setString(1, report.encode());
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    public static List<Entry> forAlarm(Connection c, long alarm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE alarm_id=? ORDER BY id")) {
            ps.setLong(1, alarm);
            return read(ps);
        }
    }

    public static Optional<Entry> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id=?")) {
            ps.setLong(1, id);
            return read(ps).stream().findFirst();
        }
    }

    /** The latest alarm message or summary handed to the SMS center for {@code phone}: what a reply refers to. */
    public static Optional<Entry> latestSentTo(Connection c, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE phone=? AND direction='out' AND channel='sms'"
                + " AND kind IN ('alarm','summary') AND state='sent' ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, phone);
            return read(ps).stream().findFirst();
        }
    }

    /** Entries of {@code kind} in {@code state} for {@code phone}, oldest first. */
    public static List<Entry> of(Connection c, String phone, String kind, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE phone=? AND kind=? AND state=? ORDER BY id")) {
            ps.setString(1, phone);
            ps.setString(2, kind);
            ps.setString(3, state);
            return read(ps);
        }
    }

    /** Pending outgoing entries (summaries) due at {@code now}, now held until {@code leaseUntil}. */
    public static List<Entry> claimDue(Connection c, Instant now, Instant leaseUntil) throws SQLException {
        List<Entry> due;
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE state='pending' AND next_at<=? ORDER BY id")) {
            ps.setLong(1, now.toEpochMilli());
            due = read(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE phone_log SET next_at=? WHERE id=?")) {
            for (Entry e : due) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setLong(2, e.id());
                ps.executeUpdate();
            }
        }
        return due;
    }

    /** Pending outgoing entries, for the health report. */
    public static int pending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM phone_log WHERE state IN ('pending','held')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Opens {@code phone}'s window until {@code until} unless one is open at {@code now}: true when
     * the caller may send now.
     */
    public static boolean claimWindow(Connection c, String phone, Instant now, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT until FROM sms_windows WHERE phone=?")) {
            ps.setString(1, phone);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > now.toEpochMilli()) {
                    return false;
                }
            }
        }
        setWindow(c, phone, until);
        return true;
    }

    public static void setWindow(Connection c, String phone, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sms_windows(phone, until) VALUES (?,?)"
                + " ON CONFLICT(phone) DO UPDATE SET until=excluded.until")) {
            ps.setString(1, phone);
            ps.setLong(2, until.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Closes {@code phone}'s window (a send that failed leaves the number free for its retry). */
    public static void closeWindow(Connection c, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sms_windows WHERE phone=?")) {
            ps.setString(1, phone);
            ps.executeUpdate();
        }
    }

    /** Numbers whose window has ended at {@code now}. */
    public static List<String> endedWindows(Connection c, Instant now) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT phone FROM sms_windows WHERE until<=? ORDER BY phone")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }

    private static List<Entry> read(PreparedStatement ps) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long alarm = rs.getLong(2);
                Long alarmId = rs.wasNull() ? null : alarm;
                int parts = rs.getInt(10);
                Integer p = rs.wasNull() ? null : parts;
                long next = rs.getLong(15);
                Instant nextAt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
                out.add(new Entry(rs.getLong(1), alarmId, rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), p, rs.getString(11),
                        rs.getString(12), Instant.ofEpochMilli(rs.getLong(13)), new JsonArray(rs.getString(14)), nextAt,
                        rs.getInt(16), rs.getString(17)));
            }
        }
        return out;
    }
}
