package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for the PSK identities of rotated keys ({@link PskIdentities}): one row per device whose key
 * is not under its first identity {@code {device}@{tenant}} or whose previous key is still valid.
 * The current key itself stays in {@code device_psks}. Called on the store's thread only.
 */
final class PskKeyStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS device_psk_identities (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              identity TEXT NOT NULL,
              old_identity TEXT,
              old_psk_sealed TEXT,
              old_until TEXT,
              PRIMARY KEY (tenant, device))""");

    private PskKeyStore() {
    }

    /** Writes the device's keys; a device back to its first identity without an old key has no row. */
    static void save(Connection c, DeviceId id, PskIdentities.Keys keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_psk_identities WHERE tenant=? AND device=?")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.executeUpdate();
        }
        if (keys.identity().equals(id.authId()) && keys.old() == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_psk_identities(tenant, device, identity,"
                + " old_identity, old_psk_sealed, old_until) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, id.tenant());
            ps.setString(2, id.device());
            ps.setString(3, keys.identity());
            ps.setString(4, keys.old() == null ? null : keys.old().identity());
            ps.setString(5, keys.old() == null ? null : keys.old().sealedPsk());
            ps.setString(6, keys.old() == null ? null : keys.old().until().toString());
            ps.executeUpdate();
        }
    }

    static Map<DeviceId, PskIdentities.Keys> loadAll(Connection c) throws SQLException {
        Map<DeviceId, PskIdentities.Keys> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, device, identity, old_identity, old_psk_sealed, old_until FROM device_psk_identities");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                PskIdentities.Old old = rs.getString(4) == null ? null
                        : new PskIdentities.Old(rs.getString(4), rs.getString(5), Instant.parse(rs.getString(6)));
                out.put(new DeviceId(rs.getString(1), rs.getString(2)), new PskIdentities.Keys(rs.getString(3), old));
            }
        }
        return out;
    }
}
