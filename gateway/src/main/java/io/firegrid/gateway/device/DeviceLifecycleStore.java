package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for what a device goes through after its registration: the changes made to it (kept for
 * ever, as its history), its decommissioning, and the password it had before a rotation while the
 * grace period lasts. Called on the store's thread only.
 */
final class DeviceLifecycleStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS device_changes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              at TEXT NOT NULL,
              by TEXT NOT NULL,
              what TEXT NOT NULL,
              detail TEXT NOT NULL)""", """
            CREATE INDEX IF NOT EXISTS device_changes_by_device ON device_changes(tenant, device, id)""", """
            CREATE TABLE IF NOT EXISTS device_retired (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              at TEXT NOT NULL,
              by TEXT NOT NULL,
              reason TEXT,
              PRIMARY KEY (tenant, device))""", """
            CREATE TABLE IF NOT EXISTS device_old_passwords (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              password_hash TEXT NOT NULL,
              until TEXT NOT NULL,
              PRIMARY KEY (tenant, device))""");

    private DeviceLifecycleStore() {
    }

    static void recordChange(Connection c, DeviceId id, Instant at, String by, String what, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_changes(tenant, device, at, by, what, detail) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.setString(3, at.toString());
            ps.setString(4, by);
            ps.setString(5, what);
            ps.setString(6, detail);
            ps.executeUpdate();
        }
    }

    static List<DeviceChange> changes(Connection c, DeviceId id) throws SQLException {
        List<DeviceChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, by, what, detail FROM device_changes WHERE tenant=? AND device=? ORDER BY id")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceChange(Instant.parse(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** Changes site, sensors and silence limit of a registered device. */
    static void update(Connection c, Device d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE devices SET site=?, sensors=?, max_silence_s=?, location=? WHERE tenant=? AND device=?")) {
            ps.setString(1, d.site());
            ps.setString(2, DeviceStore.sensorsJson(d.sensors()));
            ps.setObject(3, d.maxSilenceSeconds());
            ps.setString(4, LocationCodec.encode(d.location()));
            ps.setString(5, d.id().tenant());
            ps.setString(6, d.id().device());
            ps.executeUpdate();
        }
    }

    /** Replaces the password hash, and the sealed PSK when {@code sealedPsk} is not null. */
    static void replaceCredentials(Connection c, DeviceId id, String passwordHash, String sealedPsk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET password_hash=? WHERE tenant=? AND device=?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, id.tenant());
            ps.setString(3, id.device());
            ps.executeUpdate();
        }
        if (sealedPsk != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO device_psks(tenant, device, psk_sealed) VALUES (?,?,?)")) {
                ps.setString(1, id.tenant());
                ps.setString(2, id.device());
                ps.setString(3, sealedPsk);
                ps.executeUpdate();
            }
        }
    }

    static void retire(Connection c, DeviceId id, Retired r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO device_retired(tenant, device, at, by, reason) VALUES (?,?,?,?,?)")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.setString(3, r.at().toString());
            ps.setString(4, r.by());
            ps.setString(5, r.reason());
            ps.executeUpdate();
        }
        forgetOldPassword(c, id);
    }

    static void unretire(Connection c, DeviceId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_retired WHERE tenant=? AND device=?")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.executeUpdate();
        }
    }

    static void keepOldPassword(Connection c, DeviceId id, OldPassword old) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO device_old_passwords(tenant, device, password_hash, until) VALUES (?,?,?,?)")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.setString(3, old.hash());
            ps.setString(4, old.until().toString());
            ps.executeUpdate();
        }
    }

    static void forgetOldPassword(Connection c, DeviceId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_old_passwords WHERE tenant=? AND device=?")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.executeUpdate();
        }
    }

    static Map<DeviceId, Retired> retired(Connection c) throws SQLException {
        Map<DeviceId, Retired> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, device, at, by, reason FROM device_retired");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new DeviceId(rs.getString(1), rs.getString(2)),
                        new Retired(Instant.parse(rs.getString(3)), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    static Map<DeviceId, OldPassword> oldPasswords(Connection c) throws SQLException {
        Map<DeviceId, OldPassword> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, device, password_hash, until FROM device_old_passwords");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new DeviceId(rs.getString(1), rs.getString(2)),
                        new OldPassword(rs.getString(3), Instant.parse(rs.getString(4))));
            }
        }
        return out;
    }

    /** When, by whom and why a device was taken out of service. */
    record Retired(Instant at, String by, String reason) {
    }

    /** A password replaced by a rotation, still accepted until {@code until}. */
    record OldPassword(String hash, Instant until) {
    }
}
