package io.firegrid.gateway.hono;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable buffer of messages waiting to go to Hono: its own SQLite file (fsync'd commits, group
 * commit) with its own writer thread, so buffering never waits on, nor slows, the gateway's main
 * store. Alarms and events leave before readings (an alarm never waits behind a backlog of
 * telemetry after an outage), each kind in the order it came, and only once Hono has settled them.
 *
 * <p>Bounded for telemetry: when {@code telemetryLimit} telemetry messages are waiting, the oldest
 * one is dropped (and counted) to make room for the new one. Events and alarms are never dropped;
 * they are few (a state change, not a stream) and are what the city platform must not miss.
 *
 * <p>Thread-safe; the counts are readable from any thread.
 */
public final class HonoOutbox implements AutoCloseable {

    /** What a buffered message is, which decides how it is sent and whether it may be dropped. */
    public enum Kind {
        TELEMETRY, EVENT, ALARM
    }

    /** One message waiting for Hono. */
    public record Outgoing(long id, Kind kind, DeviceId device, String contentType, byte[] body) {
    }

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS hono_outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              content_type TEXT NOT NULL,
              body BLOB NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS hono_outbox_kind ON hono_outbox(kind, id)",
            // the last hono_journal row of the gateway's store copied here (see HonoJournal)
            "CREATE TABLE IF NOT EXISTS hono_mark (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");

    private final Database db;
    private final int telemetryLimit;
    private final Map<Kind, AtomicLong> waiting = new EnumMap<>(Kind.class);
    private final AtomicLong dropped = new AtomicLong();

    private HonoOutbox(Database db, int telemetryLimit) {
        this.db = db;
        this.telemetryLimit = telemetryLimit;
        for (Kind k : Kind.values()) {
            waiting.put(k, new AtomicLong());
        }
    }

    /** Opens (creating if needed) the buffer in {@code file}; what was waiting at the last stop is waiting again. */
    public static HonoOutbox open(Path file, int telemetryLimit) {
        Database db = Database.open(file, SCHEMA);
        HonoOutbox outbox = new HonoOutbox(db, telemetryLimit);
        try {
            outbox.db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM hono_outbox GROUP BY kind");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        outbox.waiting.get(Kind.valueOf(rs.getString(1))).set(rs.getLong(2));
                    }
                }
                return null;
            }).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            db.close();
            throw new IllegalStateException("cannot read the Hono buffer " + file + ": " + e.getMessage(), e);
        }
        return outbox;
    }

    /** Adds a message; completes once it is on disk. A full telemetry buffer loses its oldest message. */
    public Future<Void> append(Kind kind, DeviceId device, String contentType, byte[] body) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                insert(c, ps, kind, device, contentType, body);
            }
            return null;
        });
    }

    /**
     * Adds journal entries (those with a kind; in their order) and records {@code mark}, the id of
     * the last one, as the high-water mark, all in one transaction: after a crash the buffer holds
     * exactly the entries up to its mark. Completes once that is on disk, with the messages as
     * buffered (their ids given here), so that a sender can take them without reading them back;
     * with null instead when that cannot be relied on: the telemetry bound dropped messages in the
     * same transaction, or the ids given were not one run.
     */
    public Future<List<Outgoing>> appendAll(List<HonoJournal.Entry> entries, long mark) {
        return db.write(c -> {
            List<HonoJournal.Entry> inserted = new ArrayList<>(entries.size());
            long droppedBefore = dropped.get();
            long first = -1;
            // a copy runs for every few dozen messages: the buffer writer's statements, prepared once
            PreparedStatement ps = db.statements().prepare(c, INSERT);
            PreparedStatement lastId = db.statements().prepare(c, "SELECT last_insert_rowid()");
            for (HonoJournal.Entry e : entries) {
                if (e.kind() != null) {
                    insert(c, ps, e.kind(), e.device(), e.contentType(), e.body());
                    if (first == -1) {
                        first = lastInsertId(lastId);
                    }
                    inserted.add(e);
                }
            }
            // read before the mark's upsert, which may insert a row of its own
            long last = inserted.isEmpty() ? -1 : lastInsertId(lastId);
            PreparedStatement markIt = db.statements().prepare(c, "INSERT INTO hono_mark(name, value) VALUES ('journal', ?) "
                    + "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
            markIt.setLong(1, mark);
            markIt.executeUpdate();
            if (inserted.isEmpty()) {
                return List.of();
            }
            // AUTOINCREMENT with this one writer gives each insert of the transaction the next id:
            // checked, not assumed (the first and the last id must span exactly the rows inserted)
            if (dropped.get() != droppedBefore || last - first != inserted.size() - 1) {
                return null;
            }
            List<Outgoing> added = new ArrayList<>(inserted.size());
            for (HonoJournal.Entry e : inserted) {
                added.add(new Outgoing(first + added.size(), e.kind(), e.device(), e.contentType(), e.body()));
            }
            return added;
        });
    }

    private static long lastInsertId(PreparedStatement lastId) throws SQLException {
        try (ResultSet rs = lastId.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The id of the last journal entry this buffer has taken (0 for none), as on disk. */
    public Future<Long> mark() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM hono_mark WHERE name = 'journal'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static final String INSERT = "INSERT INTO hono_outbox(kind, tenant, device, content_type, body) VALUES (?,?,?,?,?)";

    private void insert(Connection c, PreparedStatement ps, Kind kind, DeviceId device, String contentType, byte[] body)
            throws SQLException {
        ps.setString(1, kind.name());
        ps.setString(2, device.tenant());
        ps.setString(3, device.device());
        ps.setString(4, contentType);
        ps.setBytes(5, body);
        ps.executeUpdate();
        waiting.get(kind).incrementAndGet();
        if (kind == Kind.TELEMETRY && waiting.get(Kind.TELEMETRY).get() > telemetryLimit) {
            dropOldestTelemetry(c);
        }
    }

    private void dropOldestTelemetry(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM hono_outbox WHERE id = "
                + "(SELECT MIN(id) FROM hono_outbox WHERE kind = 'TELEMETRY')")) {
            if (ps.executeUpdate() == 1) {
                waiting.get(Kind.TELEMETRY).decrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * Up to {@code limit} waiting messages to send next: alarms and events first, oldest first, then
     * readings, oldest first. They stay until {@link #remove}d.
     */
    public Future<List<Outgoing>> next(int limit) {
        return next(limit, 0, 0);
    }

    /**
     * As {@link #next(int)}, leaving out events and alarms with an id up to {@code afterEvents} and
     * readings with an id up to {@code afterTelemetry}: those a sender has already in flight. (Ids
     * only grow, so what is added later is never left out.)
     */
    public Future<List<Outgoing>> next(int limit, long afterEvents, long afterTelemetry) {
        // on the buffer's read-only connection: a sender refilling its window never waits behind the
        // writer's fsync of an append or a delete
        return db.query(c -> {
            List<Outgoing> out = new ArrayList<>();
            select(c, "kind IN ('EVENT', 'ALARM')", afterEvents, limit, out);
            if (out.size() < limit) {
                select(c, "kind = 'TELEMETRY'", afterTelemetry, limit - out.size(), out);
            }
            return out;
        });
    }

    private static void select(Connection c, String kinds, long after, int limit, List<Outgoing> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, tenant, device, content_type, body FROM hono_outbox WHERE "
                + kinds + " AND id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Outgoing(rs.getLong(1), Kind.valueOf(rs.getString(2)),
                            new DeviceId(rs.getString(3), rs.getString(4)), rs.getString(5), rs.getBytes(6)));
                }
            }
        }
    }

    /**
     * Removes messages Hono has settled (or refused for good); completes once that is on disk. A run
     * of consecutive ids of one kind (what a drain settles) is deleted by one statement over its id
     * range: every id of the range is in {@code sent}, so nothing else can be in it.
     */
    public Future<Void> remove(List<Outgoing> sent) {
        if (sent.isEmpty()) {
            return Future.succeededFuture();
        }
        Outgoing[] sorted = sent.toArray(new Outgoing[0]);
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingLong(Outgoing::id));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM hono_outbox WHERE id BETWEEN ? AND ?")) {
                int i = 0;
                while (i < sorted.length) {
                    int j = i;
                    while (j + 1 < sorted.length && sorted[j + 1].id() == sorted[j].id() + 1
                            && sorted[j + 1].kind() == sorted[i].kind()) {
                        j++;
                    }
                    ps.setLong(1, sorted[i].id());
                    ps.setLong(2, sorted[j].id());
                    int deleted = ps.executeUpdate();
                    if (deleted > 0) {
                        waiting.get(sorted[i].kind()).addAndGet(-deleted);
                    }
                    i = j + 1;
                }
            }
            return null;
        });
    }

    /** Messages of {@code kind} waiting now. */
    public long waiting(Kind kind) {
        return waiting.get(kind).get();
    }

    /** Messages waiting now, all kinds. */
    public long waiting() {
        return waiting.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Telemetry messages dropped to make room since this buffer was opened. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        db.close();
    }
}
