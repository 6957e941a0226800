package io.firegrid.gateway.alarm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.time.Instant;
import io.firegrid.gateway.storage.InstantText;
import io.firegrid.gateway.storage.StatementCache;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;

/** SQL for the {@code alarms} table; called on the store's thread only. */
final class AlarmStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS alarms (
              id INTEGER PRIMARY KEY,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              sensor TEXT NOT NULL,
              state TEXT NOT NULL,
              open INTEGER NOT NULL,
              raised_ms INTEGER NOT NULL,
              body TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS alarms_open ON alarms(open, id)",
            "CREATE INDEX IF NOT EXISTS alarms_raised ON alarms(raised_ms)",
            """
            CREATE TABLE IF NOT EXISTS sensor_states (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              sensor TEXT NOT NULL,
              kind TEXT NOT NULL,
              state TEXT NOT NULL,
              since TEXT NOT NULL,
              seq INTEGER NOT NULL,
              site TEXT,
              zone TEXT,
              PRIMARY KEY (tenant, device, sensor)) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS device_heard (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              at TEXT NOT NULL,
              protocol TEXT NOT NULL,
              site TEXT,
              PRIMARY KEY (tenant, device)) WITHOUT ROWID""");

    private AlarmStore() {
    }

    static void upsert(Connection c, Alarm a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alarms(id, tenant, device, sensor, state, open, raised_ms, body) VALUES (?,?,?,?,?,?,?,?)
                ON CONFLICT(id) DO UPDATE SET state=excluded.state, open=excluded.open, body=excluded.body""")) {
            ps.setLong(1, a.id());
            ps.setString(2, a.device().tenant());
            ps.setString(3, a.device().device());
            ps.setString(4, a.sensor());
            ps.setString(5, a.state().wireName());
            ps.setInt(6, a.isOpen() ? 1 : 0);
            ps.setLong(7, a.raisedAt().toEpochMilli());
            ps.setString(8, AlarmJson.toJson(a));
            ps.executeUpdate();
        }
    }

    static void upsertObservation(Connection c, AlarmEngine.SensorKey key, Observation o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sensor_states(tenant, device, sensor, kind, state, since, seq, site, zone) VALUES (?,?,?,?,?,?,?,?,?)
                ON CONFLICT(tenant, device, sensor) DO UPDATE SET kind=excluded.kind, state=excluded.state,
                  since=excluded.since, seq=excluded.seq, site=excluded.site, zone=excluded.zone""")) {
            ps.setString(1, key.device().tenant());
            ps.setString(2, key.device().device());
            ps.setString(3, key.sensor());
            ps.setString(4, o.kind().wireName());
            ps.setString(5, o.state().wireName());
            ps.setString(6, o.since().toString());
            ps.setLong(7, o.seq());
            ps.setString(8, o.site());
            ps.setString(9, o.zone());
            ps.executeUpdate();
        }
    }

    private static final String UPSERT_HEARD = """
            INSERT INTO device_heard(tenant, device, at, protocol, site) VALUES (?,?,?,?,?)
            ON CONFLICT(tenant, device) DO UPDATE SET at=excluded.at, protocol=excluded.protocol, site=excluded.site""";

    /** Runs with every message: its statement is the writer connection's, prepared once ({@code statements}). */
    static void upsertHeard(StatementCache statements, Connection c, DeviceId device, AlarmEngine.Heard h)
            throws SQLException {
        PreparedStatement ps = statements.prepare(c, UPSERT_HEARD);
        ps.setString(1, device.tenant());
        ps.setString(2, device.device());
        ps.setString(3, InstantText.of(h.at()));
        ps.setString(4, h.protocol());
        ps.setString(5, h.site());
        ps.executeUpdate();
    }

    static Map<DeviceId, AlarmEngine.Heard> heard(Connection c) throws SQLException {
        Map<DeviceId, AlarmEngine.Heard> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, device, at, protocol, site FROM device_heard");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new DeviceId(rs.getString(1), rs.getString(2)),
                        new AlarmEngine.Heard(Instant.parse(rs.getString(3)), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    static Map<AlarmEngine.SensorKey, Observation> observations(Connection c) throws SQLException {
        Map<AlarmEngine.SensorKey, Observation> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, device, sensor, kind, state, since, seq, site, zone FROM sensor_states");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new AlarmEngine.SensorKey(new DeviceId(rs.getString(1), rs.getString(2)), rs.getString(3)),
                        new Observation(Kind.fromWire(rs.getString(4)), State.fromWire(rs.getString(5)),
                                Instant.parse(rs.getString(6)), rs.getLong(7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }

    /** Alarms, newest first; {@code open} null for all. */
    /** Alarms newest first: open, closed or all ({@code null}); of one tenant, or of all when {@code tenant} is {@code null}. */
    static List<Alarm> list(Connection c, Boolean open, int limit, String tenant) throws SQLException {
        String sql = "SELECT body FROM alarms WHERE 1=1" + (open == null ? "" : " AND open=?")
                + (tenant == null ? "" : " AND tenant=?") + " ORDER BY id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (open != null) {
                ps.setInt(i++, open ? 1 : 0);
            }
            if (tenant != null) {
                ps.setString(i++, tenant);
            }
            ps.setInt(i, limit);
            return read(ps);
        }
    }

    static List<Alarm> list(Connection c, Boolean open, int limit) throws SQLException {
        return list(c, open, limit, null);
    }

    /** Alarms raised in [from, to), oldest first; of one tenant, or all when {@code tenant} is {@code null}. */
    static List<Alarm> raisedBetween(Connection c, Instant from, Instant to, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM alarms WHERE raised_ms >= ? AND raised_ms < ?"
                + (tenant == null ? "" : " AND tenant=?") + " ORDER BY id")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            if (tenant != null) {
                ps.setString(3, tenant);
            }
            return read(ps);
        }
    }

    static Optional<Alarm> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM alarms WHERE id=?")) {
            ps.setLong(1, id);
            return read(ps).stream().findFirst();
        }
    }

    static long maxId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM alarms");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Alarm> read(PreparedStatement ps) throws SQLException {
        List<Alarm> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(AlarmJson.fromJson(rs.getString(1)));
            }
        }
        return out;
    }
}
