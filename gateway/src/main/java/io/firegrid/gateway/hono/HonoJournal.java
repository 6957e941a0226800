package io.firegrid.gateway.hono;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway has committed and Hono must get, recorded in the gateway's own store in the
 * same transaction as the message or alarm change itself: the table {@code hono_journal}, one row
 * per stored message (pointing at its row in {@code messages}, which holds the body) or alarm
 * change (with the alarm's JSON as it was at that step). Row ids only grow ({@code AUTOINCREMENT}).
 *
 * <p>The connector copies rows into its own buffer ({@link HonoOutbox}) in id order, and the
 * buffer stores, in the same transaction, the id of the last row it holds (its high-water mark).
 * So a {@code kill -9} at any moment leaves every committed message either in the buffer or in
 * the journal after the mark, never in neither, and never in both. Rows at or below the mark are
 * deleted from time to time ({@link #prune}).
 *
 * <p>Exists only when forwarding to Hono is switched on: the table is created by {@link #open},
 * and nothing writes to it otherwise. {@link #message} and {@link #alarm} run on the store's
 * thread inside the caller's transaction; the other methods may be called from any thread
 * ({@link #after} reads on the store's query connection, which sees every committed row).
 */
public final class HonoJournal {

    private static final Logger LOG = LoggerFactory.getLogger(HonoJournal.class);

    /** One committed message or alarm change, ready to be buffered for Hono. */
    public record Entry(long id, Kind kind, DeviceId device, String contentType, byte[] body) {
    }

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS hono_journal (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              seq INTEGER,
              alarm_json TEXT)""";

    private final Database db;

    private HonoJournal(Database db) {
        this.db = db;
    }

    /** Creates the journal table in the gateway's store {@code db} if needed. */
    public static Future<HonoJournal> open(Database db) {
        return db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(SCHEMA);
            }
            return new HonoJournal(db);
        });
    }

    /** Records, inside the transaction that stored it, that a device's message is to go to Hono. */
    public void message(Connection c, DeviceId device, DeviceMessage message) throws SQLException {
        // once per stored message: the writer's statement, prepared once
        PreparedStatement ps = db.statements().prepare(c, INSERT_MESSAGE);
        ps.setString(1, device.tenant());
        ps.setString(2, device.device());
        ps.setLong(3, message.seq());
        ps.executeUpdate();
    }

    private static final String INSERT_MESSAGE = "INSERT INTO hono_journal(tenant, device, seq) VALUES (?,?,?)";

    /** Records, inside the transaction that stored it, an alarm change as the alarm is at this step. */
    public void alarm(Connection c, Alarm alarm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hono_journal(tenant, device, alarm_json) VALUES (?,?,?)")) {
            ps.setString(1, alarm.device().tenant());
            ps.setString(2, alarm.device().device());
            ps.setString(3, AlarmJson.toJson(alarm));
            ps.executeUpdate();
        }
    }

    /**
     * Up to {@code limit} entries with an id above {@code mark}, in id order. A row whose message is
     * no longer in the store (it cannot be, short of someone editing the file) is logged and left out.
     */
    public Future<List<Entry>> after(long mark, int limit) {
        // on the store's read-only connection: copying for Hono never holds up the writer (and ingest)
        return db.query(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT j.id, j.tenant, j.device, j.seq, j.alarm_json, m.endpoint, m.body
                    FROM hono_journal j LEFT JOIN messages m
                      ON j.alarm_json IS NULL AND m.tenant = j.tenant AND m.device = j.device AND m.seq = j.seq
                    WHERE j.id > ? ORDER BY j.id LIMIT ?""")) {
                ps.setLong(1, mark);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        DeviceId device = new DeviceId(rs.getString(2), rs.getString(3));
                        String alarmJson = rs.getString(5);
                        if (alarmJson != null) {
                            out.add(new Entry(id, Kind.ALARM, device, HonoConnector.ALARM_TYPE,
                                    alarmJson.getBytes(StandardCharsets.UTF_8)));
                        } else {
                            // the body's text as SQLite holds it (UTF-8), without decoding it to a String
                            byte[] body = rs.getBytes(7);
                            if (body == null) {
                                LOG.warn("journal row without its message, not forwarded [id: {}, device: {}, seq: {}]",
                                        id, device, rs.getLong(4));
                                out.add(new Entry(id, null, device, null, null));
                            } else {
                                boolean telemetry = "telemetry".equals(rs.getString(6));
                                out.add(new Entry(id, telemetry ? Kind.TELEMETRY : Kind.EVENT, device,
                                        telemetry ? HonoConnector.READINGS_TYPE : HonoConnector.EVENT_TYPE, body));
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The highest id ever given to a row (0 for none), which no later row can be below. */
    public Future<Long> lastId() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'hono_journal'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Deletes the rows up to {@code mark}: they are in the buffer (or were sent) already. */
    public Future<Integer> prune(long mark) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM hono_journal WHERE id <= ?")) {
                ps.setLong(1, mark);
                return ps.executeUpdate();
            }
        });
    }
}
