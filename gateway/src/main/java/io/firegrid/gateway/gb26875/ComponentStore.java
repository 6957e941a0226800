package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.gb26875.PanelMapping.Component;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for the table {@code gb26875_components}: every component a UITD reported, with the panel's
 * description (its label for people), its last state word and whether it is isolated (屏蔽).
 * Called on the store's thread only.
 */
final class ComponentStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS gb26875_components (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              sensor TEXT NOT NULL,
              system_type INTEGER NOT NULL,
              system_address INTEGER NOT NULL,
              component_type INTEGER NOT NULL,
              component_address INTEGER NOT NULL,
              kind TEXT NOT NULL,
              description TEXT NOT NULL,
              state INTEGER NOT NULL,
              updated_at TEXT NOT NULL,
              PRIMARY KEY (tenant, device, sensor)) WITHOUT ROWID""");

    /** A component as stored; {@code state} -1 when never reported, only configured. */
    record Stored(Component component, Instant updatedAt) {
    }

    private ComponentStore() {
    }

    /** Stores what {@code c} tells; a description-only report keeps the state, an empty description keeps the old one. */
    static void upsert(Connection conn, DeviceId device, Component c, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("""
                INSERT INTO gb26875_components(tenant, device, sensor, system_type, system_address, component_type,
                  component_address, kind, description, state, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(tenant, device, sensor) DO UPDATE SET component_type=excluded.component_type,
                  kind=excluded.kind,
                  description=CASE WHEN excluded.description = '' THEN description ELSE excluded.description END,
                  state=CASE WHEN excluded.state < 0 THEN state ELSE excluded.state END,
                  updated_at=excluded.updated_at""")) {
            ps.setString(1, device.tenant());
            ps.setString(2, device.device());
            ps.setString(3, c.sensor());
            ps.setInt(4, c.systemType());
            ps.setInt(5, c.systemAddress());
            ps.setInt(6, c.componentType());
            ps.setLong(7, c.componentAddress());
            ps.setString(8, c.kind().wireName());
            ps.setString(9, c.description() == null ? "" : c.description());
            ps.setInt(10, c.state());
            ps.setString(11, at.toString());
            ps.executeUpdate();
        }
    }

    /** The components of {@code device}, by sensor id. */
    static List<Stored> of(Connection conn, DeviceId device) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT sensor, system_type, system_address, component_type, component_address, kind, description, state,
                  updated_at FROM gb26875_components WHERE tenant=? AND device=? ORDER BY sensor""")) {
            ps.setString(1, device.tenant());
            ps.setString(2, device.device());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(new Component(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            Kind.fromWire(rs.getString(6)), rs.getString(7), rs.getInt(8)), Instant.parse(rs.getString(9))));
                }
            }
        }
        return out;
    }
}
