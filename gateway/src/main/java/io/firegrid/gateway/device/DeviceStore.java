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
              max_silence_s INTEGER,
              location TEXT,
              PRIMARY KEY (tenant, device))""", """
            CREATE TABLE IF NOT EXISTS device_psks (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              psk_sealed TEXT NOT NULL,
              PRIMARY KEY (tenant, device),
              FOREIGN KEY (tenant, device) REFERENCES devices(tenant, device) ON DELETE CASCADE)""");

    /** A stored device; {@code sealedPsk} is its DTLS pre-shared key as sealed by {@link SecretBox}, or null. */
    record Row(Device device, String passwordHash, String sealedPsk) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceStore() {
    }

    /** Inserts a device and its sealed PSK (may be null); false if one with the same id exists. */
    static boolean insert(Connection c, Device d, String passwordHash, String sealedPsk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO devices(tenant, device, site, sensors, password_hash, registered_at, max_silence_s, location)"
                        + " VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, d.id().tenant());
            ps.setString(2, d.id().device());
            ps.setString(3, d.site());
            ps.setString(4, sensorsJson(d.sensors()));
            ps.setString(5, passwordHash);
            ps.setString(6, d.registeredAt().toString());
            ps.setObject(7, d.maxSilenceSeconds());
            ps.setString(8, LocationCodec.encode(d.location()));
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        if (sealedPsk != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_psks(tenant, device, psk_sealed) VALUES (?,?,?)")) {
                ps.setString(1, d.id().tenant());
                ps.setString(2, d.id().device());
                ps.setString(3, sealedPsk);
                ps.executeUpdate();
            }
        }
        return true;
    }

    static List<Row> loadAll(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT d.tenant, d.device, d.site, d.sensors, d.password_hash, d.registered_at, p.psk_sealed, d.max_silence_s, d.location FROM devices d"
                        + " LEFT JOIN device_psks p ON p.tenant = d.tenant AND p.device = d.device ORDER BY d.tenant, d.device");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Device d = new Device(new DeviceId(rs.getString(1), rs.getString(2)), rs.getString(3),
                        sensors(rs.getString(4)), Instant.parse(rs.getString(6)), nullableInt(rs, 8),
                        LocationCodec.decode(rs.getString(9)));
                rows.add(new Row(d, rs.getString(5), rs.getString(7)));
            }
        }
        return rows;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static String sensorsJson(List<Sensor> sensors) {
        ArrayNode arr = JSON.createArrayNode();
        for (Sensor s : sensors) {
            var o = arr.addObject().put("id", s.id()).put("kind", s.kind().wireName());
            if (s.zone() != null) {
                o.put("zone", s.zone());
            }
            if (!s.limits().isEmpty()) {
                o.set("limits", LimitsCodec.toNode(s.limits()));
            }
            if (!s.location().isEmpty()) {
                o.set("location", LocationCodec.toNode(s.location()));
            }
        }
        return arr.toString();
    }

    private static List<Sensor> sensors(String json) throws SQLException {
        try {
            List<Sensor> list = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                list.add(new Sensor(n.get("id").asText(), Kind.fromWire(n.get("kind").asText()),
                        n.hasNonNull("zone") ? n.get("zone").asText() : null, LimitsCodec.fromNode(n.get("limits")), LocationCodec.fromNode(n.get("location"))));
            }
            return list;
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable sensors column: " + e.getMessage(), e);
        }
    }
}
