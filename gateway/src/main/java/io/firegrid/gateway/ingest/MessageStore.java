package io.firegrid.gateway.ingest;

import io.firegrid.gateway.storage.InstantText;
import io.firegrid.gateway.storage.StatementCache;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * SQL for the {@code messages} table: every accepted message, keyed by (tenant, device, seq) so a
 * retransmission is recognised; called on the store's thread only.
 */
final class MessageStore {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS messages (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              seq INTEGER NOT NULL,
              endpoint TEXT NOT NULL,
              protocol TEXT NOT NULL,
              received_at TEXT NOT NULL,
              body TEXT NOT NULL,
              PRIMARY KEY (tenant, device, seq)) WITHOUT ROWID""",
            // readings are deleted by age (see deleteTelemetryBefore); events are kept
            "CREATE INDEX IF NOT EXISTS messages_telemetry_age ON messages(received_at) WHERE endpoint = 'telemetry'");

    private MessageStore() {
    }

    private static final String INSERT =
            "INSERT OR IGNORE INTO messages(tenant, device, seq, endpoint, protocol, received_at, body) VALUES (?,?,?,?,?,?,?)";

    /**
     * Stores a message; false if one with the same (tenant, device, seq) is already stored. The
     * statement is the writer connection's, prepared once ({@code statements}).
     */
    static boolean insert(StatementCache statements, Connection c, DeviceId device, DeviceMessage message, byte[] body,
                          String protocol, Instant receivedAt) throws SQLException {
        PreparedStatement ps = statements.prepare(c, INSERT);
        ps.setString(1, device.tenant());
        ps.setString(2, device.device());
        ps.setLong(3, message.seq());
        ps.setString(4, message.endpoint().wireName());
        ps.setString(5, protocol);
        ps.setString(6, InstantText.of(receivedAt));
        ps.setString(7, new String(body, StandardCharsets.UTF_8));
        return ps.executeUpdate() == 1;
    }

    /** Deletes up to {@code limit} readings received before {@code cutoff}; returns how many. */
    static int deleteTelemetryBefore(Connection c, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM messages WHERE (tenant, device, seq) IN (
                  SELECT tenant, device, seq FROM messages
                  WHERE endpoint = 'telemetry' AND received_at < ? LIMIT ?)""")) {
            ps.setString(1, cutoff.toString());
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    static long count(Connection c, DeviceId device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE tenant=? AND device=?")) {
            ps.setString(1, device.tenant());
            ps.setString(2, device.device());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
