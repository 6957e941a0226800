package io.firegrid.gateway.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for the {@code devices} table; called on the store's thread only. */
final class DeviceStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS devices (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              site TEXT,
              sensors TEXT NOT NULL,
              password_hash TEXT NOT NULL,
              registered_at TEXT NOT NULL,
              PRIMARY KEY (tenant, device))""");

    record Row(Device device, String passwordHash) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceStore() {
    }

    /** Inserts a device; false if one with the same id exists. */
    static boolean insert(Connection c, Device d, String passwordHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO devices(tenant, device, site, sensors, password_hash, registered_at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, d.id().tenant());
            ps.setString(2, d.id().device());
            ps.setString(3, d.site());
            ps.setString(4, sensorsJson(d.sensors()));
            ps.setString(5, passwordHash);
            ps.setString(6, d.registeredAt().toString());
            return ps.executeUpdate() == 1;
        }
    }

    static List<Row> loadAll(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, device, site, sensors, password_hash, registered_at FROM devices ORDER BY tenant, device");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Device d = new Device(new DeviceId(rs.getString(1), rs.getString(2)), rs.getString(3),
                        sensors(rs.getString(4)), Instant.parse(rs.getString(6)));
                rows.add(new Row(d, rs.getString(5)));
            }
        }
        return rows;
    }

    private static String sensorsJson(List<Sensor> sensors) {
        ArrayNode arr = JSON.createArrayNode();
        for (Sensor s : sensors) {
            var o = arr.addObject().put("id", s.id()).put("kind", s.kind().wireName());
            if (s.zone() != null) {
                o.put("zone", s.zone());
            }
            if (!s.limits().isEmpty()) {
                o.set("limits", LimitsCodec.toNode(s.limits()));
            }
        }
        return arr.toString();
    }

    private static List<Sensor> sensors(String json) throws SQLException {
        try {
            List<Sensor> list = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                list.add(new Sensor(n.get("id").asText(), Kind.fromWire(n.get("kind").asText()),
                        n.hasNonNull("zone") ? n.get("zone").asText() : null, LimitsCodec.fromNode(n.get("limits"))));
            }
            return list;
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable sensors column: " + e.getMessage(), e);
        }
    }
}
