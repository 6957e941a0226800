package io.firegrid.gateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded telemetry history kept when no InfluxDB is configured, so the console's charts and
 * the demo work without a server. Readings are downsampled to min / mean / max / count per sensor
 * and {@link TelemetryConfig#historyBucket() bucket} (default one minute); state changes
 * ({@code event} points) are kept as they are. Both are deleted after
 * {@link TelemetryConfig#historyDays()} days.
 *
 * <p>Its own SQLite file ({@code telemetry.db}, WAL, {@code synchronous=NORMAL}: a power cut may
 * lose the last second of history, never the event store) and its own thread
 * ("firegrid-history"), so history never waits on, or delays, the commit of events in the main
 * store. {@link #accept} queues and returns; the thread aggregates in memory and writes once per
 * second in one transaction. Queries run on the same thread after a flush, so they see every
 * point accepted before them.
 *
 * <p>When a write fails (the disk full, an I/O error) the points of that flush are dropped and
 * counted ({@code firegrid_telemetry_dropped_total{reason="write-failed"}}), {@link #status()} says
 * since when and why ({@code failingSince}, {@code lastError}), and the next flush tries again: the
 * history is written again by itself once there is room. Transactions are begun and ended here, not
 * by the driver: SQLite may roll a transaction back itself on a full disk, and the driver's own
 * begin-after-commit then left the connection without one, every later commit failing ("cannot
 * commit - no transaction is active") also once the disk had room.
 */
public final class HistoryStore implements TelemetrySink {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

    /** Points waiting for the history thread; beyond this {@link #accept} drops (counted). */
    public static final int DEFAULT_QUEUE_POINTS = 100_000;
    /** Most buckets or events one query returns. */
    public static final int MAX_ROWS = 10_000;

    private static final Set<String> READING_MEASUREMENTS = Set.of("pressure", "door", "smoke", "device");
    private static final long FLUSH_MS = 1_000;
    /** Free space on its disk below which a failing history is not probed (the store's "disk full" mark). */
    private static final long PROBE_FREE_BYTES = 1L << 20;
    private static final long PURGE_MS = 3_600_000;

    /** One downsampled bucket of a sensor's readings. */
    public record Bucket(Instant start, double min, double mean, double max, long count) {
    }

    /** One state change of a sensor. */
    public record StateChange(Instant at, String kind, String state) {
    }

    /** A sensor's history between two instants; {@code truncated} when more than {@link #MAX_ROWS} rows matched. */
    public record History(String kind, List<Bucket> buckets, List<StateChange> events, boolean truncated) {
    }

    private record Key(String tenant, String device, String sensor, String kind, long bucket) {
    }

    private static final class Agg {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;
    }

    private record Query(String tenant, String device, String sensor, Instant from, Instant to,
                         CompletableFuture<History> result) {
    }

    private final Connection db;
    /** The history's file, whose disk is looked at before a {@link #probe()}. */
    private final Path file;
    private final TelemetryConfig config;
    private final Clock clock;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(DEFAULT_QUEUE_POINTS);
    private final Map<Key, Agg> pending = new HashMap<>();
    private final List<Point> pendingEvents = new ArrayList<>();
    private final Thread thread;
    private final Counter kept;
    private final Counter dropped;
    private final Counter writeFailed;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Instant failingSince;
    private long lastFlush;
    private long lastPurge;

    private HistoryStore(Connection db, Path file, TelemetryConfig config, Clock clock, MeterRegistry meters) {
        this.file = file;
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.kept = meters.counter("firegrid.telemetry.written", "sink", "embedded");
        this.dropped = meters.counter("firegrid.telemetry.dropped", "reason", "queue-full");
        this.writeFailed = meters.counter("firegrid.telemetry.dropped", "reason", "write-failed");
        this.thread = new Thread(this::loop, "firegrid-history");
        this.thread.setDaemon(true);
    }

    /** Opens (creating) {@code file} and starts the history thread. */
    public static HistoryStore open(Path file, TelemetryConfig config, Clock clock, MeterRegistry meters) {
        try {
            // mode 600 before SQLite opens it: its -wal and -shm files take the database file's mode
            io.firegrid.gateway.storage.PrivateFiles.createFile(file);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS readings (tenant TEXT NOT NULL, device TEXT NOT NULL,
                          sensor TEXT NOT NULL, kind TEXT NOT NULL, bucket INTEGER NOT NULL, min REAL NOT NULL,
                          max REAL NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL,
                          PRIMARY KEY (tenant, device, sensor, bucket, kind))""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS states (tenant TEXT NOT NULL, device TEXT NOT NULL,
                          sensor TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, state TEXT NOT NULL)""");
                st.execute("CREATE INDEX IF NOT EXISTS states_by_sensor ON states (tenant, device, sensor, at)");
                st.execute("CREATE INDEX IF NOT EXISTS readings_by_bucket ON readings (bucket)");
            }
            HistoryStore h = new HistoryStore(c, file, config, clock, meters);
            h.thread.start();
            LOG.info("telemetry history kept in the embedded store [file: {}, days: {}, bucket: {}s]",
                    file.toAbsolutePath(), config.historyDays(), config.historyBucket().toSeconds());
            return h;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the telemetry history at " + file.toAbsolutePath() + ": "
                    + e.getMessage() + " (check that FIREGRID_DATA_DIR is writable)", e);
        }
    }

    @Override
    public void accept(Point point) {
        boolean reading = READING_MEASUREMENTS.contains(point.measurement()) && point.fields().get("value") instanceof Double;
        boolean event = point.measurement().equals("event") && point.tags().containsKey("sensor");
        if (!reading && !event) {
            return; // heartbeats and alarms: the main store already has those
        }
        if (!queue.offer(point)) {
            dropped.increment();
        }
    }

    /** A sensor's downsampled readings and state changes in [from, to), oldest first. */
    public CompletableFuture<History> history(String tenant, String device, String sensor, Instant from, Instant to) {
        CompletableFuture<History> f = new CompletableFuture<>();
        if (!running || !queue.offer(new Query(tenant, device, sensor, from, to, f))) {
            f.completeExceptionally(new IllegalStateException("the history store is busy or stopped"));
        }
        return f;
    }

    /** Length of one downsampling bucket. */
    public Duration bucket() {
        return config.historyBucket();
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("sink", "embedded").put("kept", (long) kept.count()).put("queued", queue.size())
                .put("dropped", (long) (dropped.count() + writeFailed.count()))
                .put("droppedWriteFailed", (long) writeFailed.count()).put("retentionDays", config.historyDays())
                .put("bucketSeconds", config.historyBucket().toSeconds())
                .put("failingSince", failingSince == null ? null : failingSince.toString()).put("lastError", lastError);
    }

    private void loop() {
        purge();
        while (running || !queue.isEmpty()) {
            try {
                Object item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item instanceof Point p) {
                    add(p);
                } else if (item instanceof Query q) {
                    flush();
                    answer(q);
                }
                long now = System.currentTimeMillis();
                if (now - lastFlush >= FLUSH_MS) {
                    flush();
                }
                if (now - lastPurge >= PURGE_MS) {
                    purge();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("telemetry history failed; going on", e);
            }
        }
        flush();
    }

    private void add(Point p) {
        if (p.measurement().equals("event")) {
            pendingEvents.add(p);
            return;
        }
        long bucketMs = config.historyBucket().toMillis();
        long bucket = Math.floorDiv(p.time().toEpochMilli(), bucketMs) * bucketMs;
        Key k = new Key(p.tags().get("tenant"), p.tags().get("device"), p.tags().get("sensor"), p.measurement(), bucket);
        Agg a = pending.computeIfAbsent(k, x -> new Agg());
        double v = (Double) p.fields().get("value");
        a.min = Math.min(a.min, v);
        a.max = Math.max(a.max, v);
        a.sum += v;
        a.count++;
    }

    private void flush() {
        lastFlush = System.currentTimeMillis();
        if (pending.isEmpty() && pendingEvents.isEmpty()) {
            if (failingSince != null && roomOnDisk()) {
                probe();
            }
            return;
        }
        long n = pendingEvents.size() + pending.values().stream().mapToLong(agg -> agg.count).sum();
        try {
            execute("BEGIN");
        } catch (SQLException e) {
            rollbackQuietly(); // a transaction left open by an earlier failure: the next flush begins afresh
            failed(e, n);
            pending.clear();
            pendingEvents.clear();
            return;
        }
        try (PreparedStatement up = db.prepareStatement("""
                INSERT INTO readings (tenant, device, sensor, kind, bucket, min, max, sum, count) VALUES (?,?,?,?,?,?,?,?,?)
                ON CONFLICT (tenant, device, sensor, bucket, kind) DO UPDATE SET min = min(min, excluded.min),
                  max = max(max, excluded.max), sum = sum + excluded.sum, count = count + excluded.count""");
             PreparedStatement ev = db.prepareStatement(
                     "INSERT INTO states (tenant, device, sensor, kind, at, state) VALUES (?,?,?,?,?,?)")) {
            for (Map.Entry<Key, Agg> e : pending.entrySet()) {
                Key k = e.getKey();
                Agg a = e.getValue();
                up.setString(1, k.tenant());
                up.setString(2, k.device());
                up.setString(3, k.sensor());
                up.setString(4, k.kind());
                up.setLong(5, k.bucket());
                up.setDouble(6, a.min);
                up.setDouble(7, a.max);
                up.setDouble(8, a.sum);
                up.setLong(9, a.count);
                up.addBatch();
            }
            up.executeBatch();
            for (Point p : pendingEvents) {
                ev.setString(1, p.tags().get("tenant"));
                ev.setString(2, p.tags().get("device"));
                ev.setString(3, p.tags().get("sensor"));
                ev.setString(4, p.tags().get("kind"));
                ev.setLong(5, p.time().toEpochMilli());
                ev.setString(6, String.valueOf(p.fields().get("state")));
                ev.addBatch();
            }
            ev.executeBatch();
            execute("COMMIT");
            kept.increment(n);
            written();
        } catch (SQLException e) {
            rollbackQuietly();
            failed(e, n);
        } finally {
            pending.clear();
            pendingEvents.clear();
        }
    }

    private void purge() {
        lastPurge = System.currentTimeMillis();
        long cutoff = clock.instant().minus(Duration.ofDays(config.historyDays())).toEpochMilli();
        try (PreparedStatement r = db.prepareStatement("DELETE FROM readings WHERE bucket < ?");
             PreparedStatement s = db.prepareStatement("DELETE FROM states WHERE at < ?")) {
            r.setLong(1, cutoff);
            s.setLong(1, cutoff);
            int gone = r.executeUpdate() + s.executeUpdate(); // each its own transaction: no rollback to do
            if (gone > 0) {
                LOG.info("telemetry history older than {} days deleted [rows: {}]", config.historyDays(), gone);
            }
        } catch (SQLException e) {
            lastError = e.getMessage();
            LOG.warn("telemetry history retention failed", e);
        }
    }

    /**
     * After a failure, with nothing to write and room on the disk again: a write that leaves nothing
     * behind (a row added and deleted in one transaction), so that the history is known to be
     * writable again once the disk has room, rather than said to be failing until the next reading
     * comes. Not tried on a full disk, where a small write may still fit into space SQLite's log
     * already holds and would say "written" while the next real flush fails again.
     */
    private void probe() {
        try {
            execute("BEGIN");
            execute("INSERT INTO states (tenant, device, sensor, kind, at, state) VALUES ('', '', '', 'probe', -1, '')");
            execute("DELETE FROM states WHERE tenant = '' AND device = '' AND kind = 'probe' AND at = -1");
            execute("COMMIT");
            written();
        } catch (SQLException e) {
            rollbackQuietly();
            lastError = e.getMessage();
        }
    }

    /** At least {@value #PROBE_FREE_BYTES} bytes free on the history's disk (true when it cannot be read). */
    private boolean roomOnDisk() {
        try {
            return java.nio.file.Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace() >= PROBE_FREE_BYTES;
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    /** A write went through: a failure before is over. */
    private void written() {
        if (failingSince != null) {
            LOG.info("telemetry history written again [failing since: {}]", failingSince);
            failingSince = null;
            lastError = null;
        }
    }

    private void failed(SQLException e, long points) {
        lastError = e.getMessage();
        writeFailed.increment(points);
        if (failingSince == null) {
            failingSince = clock.instant();
            LOG.warn("telemetry history not written; points dropped until a write succeeds [points: {}]", points, e);
        } else {
            LOG.debug("telemetry history still not written [points: {}, error: {}]", points, e.getMessage());
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // "no transaction is active": SQLite rolled it back already (it does on a full disk)
            LOG.debug("telemetry history rollback: {}", e.getMessage());
        }
    }

    private void answer(Query q) {
        try (PreparedStatement r = db.prepareStatement("""
                SELECT bucket, min, max, sum, count, kind FROM readings WHERE tenant=? AND device=? AND sensor=?
                  AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?""");
             PreparedStatement s = db.prepareStatement("""
                SELECT at, kind, state FROM states WHERE tenant=? AND device=? AND sensor=? AND at >= ? AND at < ?
                  ORDER BY at, rowid LIMIT ?""")) {
            long bucketMs = config.historyBucket().toMillis();
            long fromBucket = Math.floorDiv(q.from().toEpochMilli(), bucketMs) * bucketMs;
            for (PreparedStatement st : List.of(r, s)) {
                st.setString(1, q.tenant());
                st.setString(2, q.device());
                st.setString(3, q.sensor());
                st.setLong(4, st == r ? fromBucket : q.from().toEpochMilli());
                st.setLong(5, q.to().toEpochMilli());
                st.setInt(6, MAX_ROWS + 1);
            }
            List<Bucket> buckets = new ArrayList<>();
            String kind = null;
            try (ResultSet rs = r.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(5);
                    buckets.add(new Bucket(Instant.ofEpochMilli(rs.getLong(1)), rs.getDouble(2), rs.getDouble(4) / count,
                            rs.getDouble(3), count));
                    kind = rs.getString(6);
                }
            }
            List<StateChange> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new StateChange(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)));
                    kind = kind == null ? rs.getString(2) : kind;
                }
            }
            boolean truncated = buckets.size() > MAX_ROWS || events.size() > MAX_ROWS;
            q.result().complete(new History(kind, buckets.subList(0, Math.min(MAX_ROWS, buckets.size())),
                    events.subList(0, Math.min(MAX_ROWS, events.size())), truncated));
        } catch (SQLException e) {
            lastError = e.getMessage();
            q.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing the telemetry history failed", e);
        }
    }
}
