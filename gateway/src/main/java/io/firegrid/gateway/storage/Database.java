package io.firegrid.gateway.storage;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The gateway's embedded, crash-safe store: one SQLite file in WAL mode with
 * {@code synchronous=FULL}, so a transaction is on disk (fsync'd) when its commit returns, and
 * survives {@code kill -9} and power loss.
 *
 * <p>Thread model: one dedicated thread ("firegrid-db") owns the writing connection and runs every
 * write, and every {@link #read read} that needs state confined to that thread, in two lanes:
 * <ul>
 *   <li>the <b>alarm lane</b> ({@link Lane#ALARM}): events, alarm changes, dispatch, the API's
 *       writes. Its work is always taken first.</li>
 *   <li>the <b>telemetry lane</b> ({@link Lane#TELEMETRY}): readings. Taken after the alarm lane,
 *       at most {@link Limits#maxTelemetryPerBatch()} per transaction, and never into the
 *       transaction of an urgent write (a device's event, {@link #write(Lane, Work, WriteTiming)});
 *       a batch of readings being run stops at the next reading when an event arrives, so an event
 *       waits for one reading's work and an fsync, not a batch.</li>
 * </ul>
 * Each lane is bounded ({@link Limits}); work offered to a full lane is refused at once with
 * {@code UNAVAILABLE/store-busy}, and readings are refused with {@code UNAVAILABLE/disk-low} while
 * the disk has less than {@link Limits#telemetryReserveBytes()} free, so the last of the space is
 * kept for events. A refusal is never acknowledged to a device, which keeps the message and sends it
 * again later. A caller that would rather wait than refuse asks {@link #whenTelemetryRoom} to be
 * told, once, when the telemetry lane is down to half its bound (the MQTT endpoint holds its
 * readings meanwhile).
 *
 * <p>Writes taken together are committed together (group commit): one fsync for many messages,
 * while each caller still learns of success only after its data is durable. Work queued from a
 * Vert.x event loop wakes the writer once the loop's current task is done, so that what one read
 * of a socket brought (a connection's window of messages) is taken together rather than its first
 * message committed alone ({@link #wakeAfterThisTask}). Each write runs inside
 * a savepoint, so a failing write is rolled back alone and the others in its batch commit. When
 * SQLite itself fails (disk full, I/O error), the whole batch is rolled back and every caller in it
 * told so: what a caller was told is what happened. The next batch starts a fresh transaction, so
 * the store recovers by itself once space returns.
 *
 * <p>Pure queries ({@link #query}) run on a second, read-only connection and thread
 * ("firegrid-db-read"), so reports and listings never stall a write; they see everything committed
 * before they start. Results are delivered on the Vert.x context that submitted the work (or on
 * the db thread when there is none).
 *
 * <p>Code run on the db thread may keep state confined to that thread (the alarm engine does):
 * no locks are needed, and {@link #onRollback(Work)} hooks let such state be reloaded when a
 * commit fails. The db thread never dies of an exception; an {@link Error} such as
 * {@link OutOfMemoryError} marks the store dead ({@link #health()}) and is handed to the fatal
 * handler, which in a gateway stops the process so that its supervisor restarts it.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Which queue of the writer a unit of work waits in; see the class comment. */
    public enum Lane {
        /** Events, alarm changes, dispatch and API writes: always taken first. */
        ALARM,
        /** Readings: taken when no alarm-lane work waits; refused first when the store is busy or the disk low. */
        TELEMETRY
    }

    /**
     * The bounds of the store's queues.
     *
     * @param alarmQueue            most units of work waiting in the alarm lane, default
     *                              {@value #DEFAULT_ALARM_QUEUE}: far more than the events of every
     *                              connected device at once, small enough to stay a few MB of heap
     * @param telemetryQueue        most writes waiting in the telemetry lane, default
     *                              {@value #DEFAULT_TELEMETRY_QUEUE}: about half a second of the
     *                              store's rate on a 2-core machine, so a reading is either stored
     *                              within about a second or refused for the device to send later
     * @param maxBatch              most writes in one transaction, default {@value #DEFAULT_MAX_BATCH}
     * @param maxTelemetryPerBatch  most readings in one transaction, default
     *                              {@value #DEFAULT_MAX_TELEMETRY_PER_BATCH}: the longest an event can
     *                              wait behind readings is one such batch and its fsync
     * @param queryQueue            most queries waiting for the read-only connection, default
     *                              {@value #DEFAULT_QUERY_QUEUE}
     * @param telemetryReserveBytes readings are refused while the disk has less free space than
     *                              this, default {@value #DEFAULT_TELEMETRY_RESERVE_BYTES} (64 MiB),
     *                              keeping room for events and alarms
     * @param cacheMiB              most of the file's pages the writer's connection keeps in memory
     *                              (SQLite's {@code cache_size}; memory is taken only as pages are
     *                              used), default {@value #DEFAULT_CACHE_MIB} MiB. Each message's
     *                              insert touches its device's leaf of the {@code messages} key and
     *                              of the tables kept per device: with SQLite's own 2 MiB default, a
     *                              thousand devices' leaves no longer fit and every insert read
     *                              pages back from the operating system (bench/README.md, "Profiles
     *                              with async-profiler")
     */
    public record Limits(int alarmQueue, int telemetryQueue, int maxBatch, int maxTelemetryPerBatch, int queryQueue,
                         long telemetryReserveBytes, int cacheMiB) {

        public static final int DEFAULT_ALARM_QUEUE = 20_000;
        public static final int DEFAULT_TELEMETRY_QUEUE = 5_000;
        public static final int DEFAULT_MAX_BATCH = 512;
        public static final int DEFAULT_MAX_TELEMETRY_PER_BATCH = 256;
        public static final int DEFAULT_QUERY_QUEUE = 1_000;
        public static final long DEFAULT_TELEMETRY_RESERVE_BYTES = 64L * 1024 * 1024;
        public static final int DEFAULT_CACHE_MIB = 64;

        public static final Limits DEFAULTS = new Limits(DEFAULT_ALARM_QUEUE, DEFAULT_TELEMETRY_QUEUE, DEFAULT_MAX_BATCH,
                DEFAULT_MAX_TELEMETRY_PER_BATCH, DEFAULT_QUERY_QUEUE, DEFAULT_TELEMETRY_RESERVE_BYTES, DEFAULT_CACHE_MIB);

        public Limits {
            if (alarmQueue < 1 || telemetryQueue < 1 || maxBatch < 1 || maxTelemetryPerBatch < 1 || queryQueue < 1) {
                throw new IllegalArgumentException("store queue limits must be at least 1");
            }
            if (telemetryReserveBytes < 0) {
                throw new IllegalArgumentException("the telemetry disk reserve cannot be negative");
            }
            if (cacheMiB < 1) {
                throw new IllegalArgumentException("the store's page cache must be at least 1 MiB");
            }
        }

        public Limits withTelemetryQueue(int n) {
            return new Limits(alarmQueue, n, maxBatch, maxTelemetryPerBatch, queryQueue, telemetryReserveBytes, cacheMiB);
        }

        public Limits withAlarmQueue(int n) {
            return new Limits(n, telemetryQueue, maxBatch, maxTelemetryPerBatch, queryQueue, telemetryReserveBytes, cacheMiB);
        }

        public Limits withTelemetryReserveBytes(long bytes) {
            return new Limits(alarmQueue, telemetryQueue, maxBatch, maxTelemetryPerBatch, queryQueue, bytes, cacheMiB);
        }

        public Limits withCacheMiB(int mib) {
            return new Limits(alarmQueue, telemetryQueue, maxBatch, maxTelemetryPerBatch, queryQueue, telemetryReserveBytes, mib);
        }
    }

    /**
     * What the store can do now, for {@code /health}.
     *
     * @param writerAlive    the writer thread is running (false after an {@link Error} or close)
     * @param alarmQueued    units of work waiting in the alarm lane
     * @param telemetryQueued writes waiting in the telemetry lane
     * @param queriesQueued  queries waiting for the read-only connection
     * @param freeBytes      usable space on the store's disk when last looked at (every second)
     * @param failingSince   when commits started failing (disk full, I/O error), null while they succeed
     * @param lastFailure    why the last commit failed, null if none has
     * @param stalledMillis  how long the writer has been busy with one batch, 0 when idle or quick
     */
    public record Health(boolean writerAlive, int alarmQueued, int telemetryQueued, int queriesQueued, long freeBytes,
                         Instant failingSince, String lastFailure, long stalledMillis) {
    }

    /** One unit of work run on a store thread with its connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Task<T>(Work<T> work, boolean write, Lane lane, Promise<T> promise, Context context, WriteTiming timing) {

        /** A timed write of the alarm lane: a device's event, on its way to an alarm (see {@link #write(Lane, Work, WriteTiming)}). */
        boolean urgent() {
            return timing != null && lane == Lane.ALARM;
        }
    }

    private final Path file;
    private final Connection connection;
    private final StatementCache statements;
    private final Connection readConnection;
    private final Limits limits;
    private final Clock clock;
    private final Thread thread;
    private final Thread readThread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workWaiting = lock.newCondition();
    private final Condition queryWaiting = lock.newCondition();
    private final ArrayDeque<Task<?>> alarmLane = new ArrayDeque<>();
    private final ArrayDeque<Task<?>> telemetryLane = new ArrayDeque<>();
    private final ArrayDeque<Task<?>> queries = new ArrayDeque<>();
    /** Told once when the telemetry lane has room again ({@link #whenTelemetryRoom}); guarded by {@link #lock}. */
    private final List<Runnable> roomListeners = new ArrayList<>();
    private boolean closed;
    /**
     * Set when an urgent write (an event) is offered to the alarm lane, cleared when the writer has
     * taken the lane: a batch of readings being run stops at the next reading and commits what it
     * has, so that the event waits for one reading and an fsync, not a whole batch. Read without
     * the lock.
     */
    private volatile boolean urgentWaiting;
    /** Per event-loop thread: a wake-up of the writer is scheduled for the end of its current task. */
    private final ThreadLocal<boolean[]> wakeScheduled = ThreadLocal.withInitial(() -> new boolean[1]);
    private final List<Work<?>> rollbackHooks = new ArrayList<>();
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong refusedDiskLow = new AtomicLong();
    private volatile Consumer<Throwable> fatalHandler = t -> { };
    private volatile boolean writerAlive = true;
    private volatile long commits;
    private volatile long committedWrites;
    private volatile long freeBytes = Long.MAX_VALUE;
    private volatile long freeCheckedAtNanos;
    private volatile long batchStartedNanos;
    private volatile Instant failingSince;
    private volatile String lastFailure;

    private Database(Path file, Connection connection, Connection readConnection, Limits limits, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.statements = new StatementCache(connection);
        this.readConnection = readConnection;
        this.limits = limits;
        this.clock = clock;
        this.thread = new Thread(this::loop, "firegrid-db");
        this.thread.setDaemon(false);
        this.readThread = new Thread(this::queryLoop, "firegrid-db-read");
        this.readThread.setDaemon(true);
    }

    /**
     * Opens (creating if needed) the database file and applies {@code schema} statements, each of
     * which must be idempotent ({@code CREATE TABLE IF NOT EXISTS ...}), with the default limits.
     */
    public static Database open(Path file, List<String> schema) {
        return open(file, schema, Limits.DEFAULTS, Clock.systemUTC());
    }

    /** As {@link #open(Path, List)}, with the queues bounded by {@code limits}. */
    public static Database open(Path file, List<String> schema, Limits limits, Clock clock) {
        Connection c = null;
        try {
            // mode 600 before SQLite opens it: its -wal and -shm files take the database file's mode
            PrivateFiles.createFile(file);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            // else the driver runs "SELECT last_insert_rowid()" (a statement prepared anew) after every
            // INSERT, whether anyone asks for the key or not. getGeneratedKeys() is then empty on this
            // connection: work that needs a new row's id asks SQLite for last_insert_rowid() itself
            c.unwrap(SQLiteConnection.class).getConnectionConfig().setGetGeneratedKeys(false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=5000");
                // negative: a size in KiB rather than in pages
                st.execute("PRAGMA cache_size=-" + limits.cacheMiB() * 1024L);
                int from = checkSchemaVersion(st, file);
                migrate(st, from);
                for (String ddl : schema) {
                    st.execute(ddl);
                }
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
            // transactions are begun and ended by the writer loop itself (see runBatch): the driver's
            // own begin-after-commit would leave no transaction at all after a failed commit
            Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = reader.createStatement()) {
                st.execute("PRAGMA query_only=1");
                st.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(file, c, reader, limits, clock);
            db.refreshFreeSpace();
            db.thread.start();
            db.readThread.start();
            LOG.info("store opened [file: {}]", file.toAbsolutePath());
            return db;
        } catch (SQLException | IOException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new FireGridException(FireGridException.Status.INTERNAL, "store-unavailable",
                    "cannot open the store at " + file.toAbsolutePath() + ": " + e.getMessage()
                            + " (check that the data directory is writable and not used by another gateway)", e);
        }
    }

    /**
     * Version of the table layout this gateway writes. A file of another version is refused with
     * a clear reason instead of failing later on a missing column.
     */
    public static final int SCHEMA_VERSION = 9;

    /**
     * The statements that take a store of version {@code k - 1} to version {@code k}, at index
     * {@code k}. Only changes to tables that already existed belong here: a table new in a version
     * is made by its store's {@code CREATE TABLE IF NOT EXISTS}, which runs after the migrations.
     */
    private static final List<List<Change>> MIGRATIONS = List.of(
            List.of(),
            List.of(),
            List.of(),
            // 3: drills end by themselves (Drill.until)
            List.of(new Change("drills", "ALTER TABLE drills ADD COLUMN until TEXT")),
            // 4: API tokens scoped to one tenant (ApiToken.tenant)
            List.of(new Change("api_tokens", "ALTER TABLE api_tokens ADD COLUMN tenant TEXT")),
            // 5: the device_psks table (DTLS pre-shared keys, encrypted), made by DeviceStore's schema
            List.of(),
            // 6: a device's own silence limit (Device.maxSilenceSeconds); the device_heard table is
            // made by AlarmStore's schema
            List.of(new Change("devices", "ALTER TABLE devices ADD COLUMN max_silence_s INTEGER")),
            // 7: the hono_journal table (what Hono must get), made by HonoJournal when Hono is switched on
            List.of(),
            // 8: API tokens that expire (ApiToken.expiresAt)
            List.of(new Change("api_tokens", "ALTER TABLE api_tokens ADD COLUMN expires_at TEXT")),
            // 9: where devices are (Device.location) and a site's address, buildings and basements (Site.layout)
            List.of(new Change("devices", "ALTER TABLE devices ADD COLUMN location TEXT"),
                    new Change("sites", "ALTER TABLE sites ADD COLUMN layout TEXT")));

    /** A statement changing {@code table}; skipped when the file has no such table (its store then creates it anew). */
    private record Change(String table, String sql) {
    }

    /** The oldest layout a store can be upgraded from. */
    static final int FIRST_MIGRATABLE_VERSION = 2;

    /** Brings a store written by an older gateway to {@link #SCHEMA_VERSION}, in one transaction. */
    private static void migrate(Statement st, int from) throws SQLException {
        if (from == 0 || from == SCHEMA_VERSION) {
            return;
        }
        st.execute("BEGIN IMMEDIATE");
        try {
            for (int v = from + 1; v <= SCHEMA_VERSION; v++) {
                for (Change change : MIGRATIONS.get(v)) {
                    if (hasTable(st, change.table())) {
                        st.execute(change.sql());
                    }
                }
            }
            st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            st.execute("COMMIT");
        } catch (SQLException e) {
            st.execute("ROLLBACK");
            throw e;
        }
        LOG.info("store layout upgraded [from: {}, to: {}]", from, SCHEMA_VERSION);
    }

    private static boolean hasTable(Statement st, String table) throws SQLException {
        try (var rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='" + table + "'")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** The layout version of the store, 0 for a new one; refuses a version this gateway cannot read. */
    private static int checkSchemaVersion(Statement st, Path file) throws SQLException {
        int version;
        try (var rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        boolean empty;
        try (var rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type='table'")) {
            empty = rs.next() && rs.getInt(1) == 0;
        }
        if (version > SCHEMA_VERSION || version < FIRST_MIGRATABLE_VERSION && !(version == 0 && empty)) {
            st.getConnection().close();
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "store-version", "the store "
                    + file.toAbsolutePath() + " has layout version " + version + ", this gateway reads versions "
                    + FIRST_MIGRATABLE_VERSION + " to " + SCHEMA_VERSION
                    + ": run the gateway version that wrote it, or move the data directory away to start afresh");
        }
        return empty ? 0 : version;
    }

    /**
     * The id of the row the last INSERT on {@code c} made. The store's connection does not fetch
     * generated keys after every INSERT ({@code getGeneratedKeys()} is empty on it): work that needs
     * the new id asks here.
     */
    public static long lastRowId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet keys = st.executeQuery("SELECT last_insert_rowid()")) {
            keys.next();
            return keys.getLong(1);
        }
    }

        /** Runs {@code work} in a transaction of the alarm lane; the future completes after the commit is on disk. */
    public <T> Future<T> write(Work<T> work) {
        return submit(work, true, Lane.ALARM);
    }

    /**
     * Runs {@code work} in a transaction of {@code lane}; the future completes after the commit is
     * on disk, or fails at once with {@code UNAVAILABLE} when the lane is full ({@code store-busy})
     * or, for the telemetry lane, the disk is low ({@code disk-low}).
     */
    public <T> Future<T> write(Lane lane, Work<T> work) {
        return submit(work, true, lane);
    }

    /**
     * As {@link #write(Lane, Work)}, noting in {@code timing} when the write was queued, taken,
     * begun and committed (for the alarm path's stage timers and the live stream's timings). In
     * the alarm lane such a write is <b>urgent</b> (the ingest path gives one to every event): its
     * transaction carries no readings, and a batch of readings being run stops at the next reading
     * and commits, so that the event waits for one reading's work and an fsync rather than a whole
     * batch. Other alarm-lane work (alarm changes, the API, connection alarms) is taken first but
     * shares its transaction with readings as before: a reconnecting fleet's connection alarms do
     * not cost an fsync each nor starve the readings.
     */
    public <T> Future<T> write(Lane lane, Work<T> work, WriteTiming timing) {
        return submit(work, true, lane, timing);
    }

    /**
     * Runs {@code submissions}, which hands work to this store ({@link #write}), so that the writer
     * takes all of it at once: the writes of its alarm lane go into one transaction and one commit,
     * instead of the first alone with an fsync of its own and the rest in a second. For what arrives
     * as one unit and is answered once all of it is stored (a GB/T 26875.3 frame: its events, then
     * the panel's conditions and components). The store's lock is held meanwhile, so
     * {@code submissions} must only queue work, never wait for the store.
     */
    public void together(Runnable submissions) {
        lock.lock();
        try {
            submissions.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} on the db thread, in the alarm lane, without a commit; sees everything
     * committed before it. For work that needs state confined to the db thread; plain queries
     * belong in {@link #query}.
     */
    public <T> Future<T> read(Work<T> work) {
        return submit(work, false, Lane.ALARM);
    }

    /**
     * Runs the read-only {@code work} on the query connection and thread, so that it never delays
     * a write; sees everything committed before it starts. Fails at once with
     * {@code UNAVAILABLE/store-busy} when {@link Limits#queryQueue()} queries already wait.
     */
    public <T> Future<T> query(Work<T> work) {
        Promise<T> promise = Promise.promise();
        lock.lock();
        try {
            if (closed) {
                promise.fail(closedFailure());
            } else if (queries.size() >= limits.queryQueue()) {
                refusedBusy.incrementAndGet();
                promise.fail(new FireGridException(FireGridException.Status.UNAVAILABLE, "store-busy",
                        "the store has " + queries.size() + " queries waiting: try again in a moment"));
            } else {
                queries.add(new Task<>(work, false, Lane.ALARM, promise, Vertx.currentContext(), null));
                queryWaiting.signal();
            }
        } finally {
            lock.unlock();
        }
        return promise.future();
    }

    /**
     * Runs {@code listener} once, as soon as the telemetry lane holds at most half its bound (its
     * low-water mark): on the store's thread right after the writer took the batch that brought it
     * there, or at once on the caller's thread when the lane is already that empty. It is also run
     * when the store closes or its writer dies, so that nobody waits for room that will never come
     * (their next write is then refused with the reason). For a caller whose reading was refused
     * {@code store-busy} and who would rather wait than refuse its client: no polling, one call per
     * wait. The listener must not block; it hands the work to its own thread or event loop.
     */
    public void whenTelemetryRoom(Runnable listener) {
        boolean now;
        lock.lock();
        try {
            now = closed || !writerAlive || telemetryLane.size() <= lowWater();
            if (!now) {
                roomListeners.add(listener);
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            listener.run();
        }
    }

    /** Readings the telemetry lane can take now before it refuses {@code store-busy}; cheap, any thread. */
    public int telemetryRoom() {
        lock.lock();
        try {
            return Math.max(0, limits.telemetryQueue() - telemetryLane.size());
        } finally {
            lock.unlock();
        }
    }

    /** Half the telemetry lane's bound: at or below it the lane has room again. */
    private int lowWater() {
        return limits.telemetryQueue() / 2;
    }

    /** The room listeners due now (lane at or below its low-water mark), removed; call holding the lock. */
    private List<Runnable> roomListenersDue() {
        if (roomListeners.isEmpty() || telemetryLane.size() > lowWater() && !closed && writerAlive) {
            return List.of();
        }
        List<Runnable> due = List.copyOf(roomListeners);
        roomListeners.clear();
        return due;
    }

    private void tellRoom(List<Runnable> due) {
        for (Runnable r : due) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("telemetry room listener failed [file: {}]", file, e);
            }
        }
    }

    /**
     * Runs {@code hook} on the db thread whenever a write was rolled back (it failed, or its batch's
     * commit failed), before its caller learns of the failure: the place to reload state kept in
     * memory by code that runs on the db thread.
     */
    public void onRollback(Work<?> hook) {
        synchronized (rollbackHooks) {
            rollbackHooks.add(hook);
        }
    }

    /**
     * Who is told when the db thread meets an {@link Error} it cannot go on from (out of memory):
     * the gateway exits so its supervisor starts it afresh. Until set, such an error is only logged.
     */
    public void onFatal(Consumer<Throwable> handler) {
        this.fatalHandler = handler;
    }

    /**
     * The prepared statements of the writer's connection, for work run by {@link #write} and
     * {@link #read} on the messages of every device (the ingest path): such work takes its
     * statements from here rather than preparing them each time. Only for use on the store's
     * thread, with the connection the work was given.
     */
    public StatementCache statements() {
        return statements;
    }

    /** Transactions committed since open. */
    public long commits() {
        return commits;
    }

    /** Writes committed since open. */
    public long committedWrites() {
        return committedWrites;
    }

    /** Work refused since open because a queue was full. */
    public long refusedBusy() {
        return refusedBusy.get();
    }

    /** Readings refused since open because the disk was low. */
    public long refusedDiskLow() {
        return refusedDiskLow.get();
    }

    public Limits limits() {
        return limits;
    }

    public Path file() {
        return file;
    }

    /** What the store can do now; cheap, callable from any thread. */
    public Health health() {
        int alarm;
        int telemetry;
        int waitingQueries;
        lock.lock();
        try {
            alarm = alarmLane.size();
            telemetry = telemetryLane.size();
            waitingQueries = queries.size();
        } finally {
            lock.unlock();
        }
        long started = batchStartedNanos;
        long stalled = started == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Health(writerAlive && thread.isAlive(), alarm, telemetry, waitingQueries, freeBytes, failingSince,
                lastFailure, stalled < 1_000 ? 0 : stalled);
    }

    private <T> Future<T> submit(Work<T> work, boolean write, Lane lane) {
        return submit(work, write, lane, null);
    }

    private <T> Future<T> submit(Work<T> work, boolean write, Lane lane, WriteTiming timing) {
        Promise<T> promise = Promise.promise();
        FireGridException refusal = null;
        Context context = Vertx.currentContext();
        // readings queued on an event loop wake the writer once the loop's current task is done (see
        // wakeAfterThisTask); an event wakes it at once: it must not wait for the rest of the loop's work
        boolean deferWake = lane == Lane.TELEMETRY && context != null && context.isEventLoopContext()
                && Context.isOnEventLoopThread();
        boolean queued = false;
        lock.lock();
        try {
            ArrayDeque<Task<?>> queue = lane == Lane.ALARM ? alarmLane : telemetryLane;
            int bound = lane == Lane.ALARM ? limits.alarmQueue() : limits.telemetryQueue();
            if (closed) {
                refusal = closedFailure();
            } else if (!writerAlive) {
                refusal = new FireGridException(FireGridException.Status.UNAVAILABLE, "store-dead",
                        "the store's writer stopped after a fatal error: the gateway must be restarted");
            } else if (queue.size() >= bound) {
                refusedBusy.incrementAndGet();
                refusal = new FireGridException(FireGridException.Status.UNAVAILABLE, "store-busy", "the store has "
                        + queue.size() + " " + (lane == Lane.ALARM ? "events" : "readings")
                        + " waiting: send again later");
            } else if (lane == Lane.TELEMETRY && freeBytes < limits.telemetryReserveBytes()) {
                refusedDiskLow.incrementAndGet();
                refusal = new FireGridException(FireGridException.Status.UNAVAILABLE, "disk-low", "the gateway's disk has "
                        + (freeBytes >> 20) + " MB free, less than the " + (limits.telemetryReserveBytes() >> 20)
                        + " MB kept for events: readings are refused until space is freed");
            } else {
                if (timing != null) {
                    timing.queuedNanos = System.nanoTime();
                }
                queue.add(new Task<>(work, write, lane, promise, context, timing));
                if (lane == Lane.ALARM && timing != null) {
                    urgentWaiting = true;
                }
                queued = true;
                if (!deferWake) {
                    workWaiting.signal();
                }
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            promise.fail(refusal);
        } else if (queued && deferWake) {
            wakeAfterThisTask(context);
        }
        return promise.future();
    }

    /**
     * Wakes the writer once the event loop running {@code context} has finished its current task,
     * once for all the work it queued meanwhile. An event loop hands over in one task everything
     * it read from its sockets in one go (a connection's window of PUBLISHes, an agent replaying
     * its outbox); woken at the first of them, the writer took that one alone and committed it
     * with an fsync of its own while the rest queued, so every window cost two commits. Woken
     * here, it takes them together. Only readings wait for it: what it costs is the rest of the
     * event loop's round (every socket it read, and the tasks queued before this one), which under
     * load is milliseconds, too long for a fire alarm. Work for the alarm lane wakes the writer at
     * once and, when the writer is busy, stops a batch of readings ({@link #urgentWaiting}); an
     * event's transaction still carries no readings. Should the event loop never get to it, the
     * writer looks at its lanes again within 200 ms by itself.
     */
    private void wakeAfterThisTask(Context context) {
        boolean[] scheduled = wakeScheduled.get();
        if (scheduled[0]) {
            return;
        }
        scheduled[0] = true;
        context.runOnContext(v -> {
            scheduled[0] = false;
            lock.lock();
            try {
                workWaiting.signal();
            } finally {
                lock.unlock();
            }
        });
    }

    private static FireGridException closedFailure() {
        return new FireGridException(FireGridException.Status.UNAVAILABLE, "store-closed", "the store is shutting down");
    }

    /**
     * Waits up to 200 ms for work; takes the alarm lane first, then a bounded share of readings,
     * except when an urgent write (an event) was taken: an event's transaction carries no readings,
     * so its commit waits for no reading's work.
     */
    private List<Task<?>> takeBatch() throws InterruptedException {
        List<Task<?>> batch = new ArrayList<>();
        List<Runnable> due;
        lock.lock();
        try {
            if (alarmLane.isEmpty() && telemetryLane.isEmpty() && !closed) {
                workWaiting.await(200, TimeUnit.MILLISECONDS);
            }
            boolean urgent = false;
            while (batch.size() < limits.maxBatch() && !alarmLane.isEmpty()) {
                Task<?> task = alarmLane.poll();
                urgent |= task.urgent();
                batch.add(task);
            }
            urgentWaiting = alarmLane.stream().anyMatch(Task::urgent);
            int readings = 0;
            while (!urgent && batch.size() < limits.maxBatch() && readings < limits.maxTelemetryPerBatch()
                    && !telemetryLane.isEmpty()) {
                batch.add(telemetryLane.poll());
                readings++;
            }
            for (Task<?> task : batch) {
                if (task.timing() != null) {
                    task.timing().takenNanos = System.nanoTime();
                }
            }
            due = roomListenersDue();
        } finally {
            lock.unlock();
        }
        // before the batch runs: those waiting for room hand their readings over while it commits
        tellRoom(due);
        return batch;
    }

    private boolean drained() {
        lock.lock();
        try {
            return closed && alarmLane.isEmpty() && telemetryLane.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!drained()) {
            List<Task<?>> batch = List.of();
            try {
                refreshFreeSpace();
                batch = takeBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                batchStartedNanos = System.nanoTime();
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                abort(batch, t);
                if (t instanceof Error error) {
                    die(error);
                    return;
                }
                LOG.error("store thread survived an unexpected error [file: {}]", file, t);
            } finally {
                batchStartedNanos = 0;
            }
        }
    }

    /** Fails every unfinished task of {@code batch} after rolling back whatever it began. */
    private void abort(List<Task<?>> batch, Throwable cause) {
        try {
            rollbackQuietly();
            runRollbackHooks();
        } catch (Throwable t) {
            cause.addSuppressed(t);
        }
        FireGridException failure = new FireGridException(FireGridException.Status.UNAVAILABLE, "store-failed",
                "the store failed: " + cause, cause);
        for (Task<?> task : batch) {
            deliver(task, () -> task.promise().tryFail(failure));
        }
    }

    private void die(Error error) {
        writerAlive = false;
        LOG.error("store thread stopped by a fatal error; nothing more can be stored [file: {}]", file, error);
        List<Task<?>> left = new ArrayList<>();
        List<Runnable> due;
        lock.lock();
        try {
            left.addAll(alarmLane);
            left.addAll(telemetryLane);
            alarmLane.clear();
            telemetryLane.clear();
            due = roomListenersDue();
        } finally {
            lock.unlock();
        }
        abort(left, error);
        tellRoom(due);
        try {
            fatalHandler.accept(error);
        } catch (Throwable t) {
            LOG.error("fatal-error handler failed", t);
        }
    }

    private void runBatch(List<Task<?>> batch) throws SQLException {
        List<Outcome> completions = new ArrayList<>(batch.size());
        int writes = 0;
        int readings = 0;
        boolean inTransaction = false;
        for (int i = 0; i < batch.size(); i++) {
            Task<?> task = batch.get(i);
            if (task.lane() == Lane.TELEMETRY && writes > 0 && urgentWaiting) {
                // an event waits: commit the readings run so far, the rest go back first in their lane
                putBack(batch, i);
                break;
            }
            if (task.lane() == Lane.TELEMETRY && task.write()) {
                readings++;
            }
            if (task.timing() != null) {
                task.timing().startedNanos = System.nanoTime();
            }
            if (task.write()) {
                writes++;
                if (!inTransaction) {
                    execute("BEGIN IMMEDIATE");
                    inTransaction = true;
                }
            }
            Outcome outcome = execute(task);
            if (outcome.batchLost() != null) {
                failBatch(batch, writes, outcome.batchLost());
                return;
            }
            completions.add(outcome);
        }
        if (inTransaction) {
            try {
                execute("COMMIT");
                commits++;
                committedWrites += writes;
                noteCommitted(batch, writes, readings);
                if (failingSince != null) {
                    LOG.info("store commits again [file: {}, failing since: {}]", file, failingSince);
                    failingSince = null;
                }
            } catch (SQLException e) {
                failBatch(batch, writes, e);
                return;
            }
        }
        deliverAll(completions);
    }

    /**
     * Moves the tasks of {@code batch} from {@code from} on (not yet run) back to the head of the
     * telemetry lane, in order, and out of {@code batch}: nothing of them is in this transaction,
     * and should the batch fail they are not told so.
     */
    private void putBack(List<Task<?>> batch, int from) {
        List<Task<?>> rest = batch.subList(from, batch.size());
        lock.lock();
        try {
            for (int i = rest.size() - 1; i >= 0; i--) {
                telemetryLane.addFirst(rest.get(i));
            }
        } finally {
            lock.unlock();
        }
        rest.clear();
    }

    private static void noteCommitted(List<Task<?>> batch, int writes, int readings) {
        long now = System.nanoTime();
        for (Task<?> task : batch) {
            WriteTiming t = task.timing();
            if (t != null) {
                t.batchWrites = writes;
                t.batchReadings = readings;
                t.committedNanos = now;
            }
        }
    }

    /**
     * Completes the batch's futures with one task per Vert.x context rather than one per future, in
     * batch order (the alarm lane's first): under load, an event loop is not flooded with
     * completions of readings queued ahead of an event's.
     */
    private static void deliverAll(List<Outcome> outcomes) {
        java.util.Map<Context, List<Runnable>> byContext = new java.util.LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.context() == null) {
                o.completion().run();
            } else {
                byContext.computeIfAbsent(o.context(), k -> new ArrayList<>()).add(o.completion());
            }
        }
        byContext.forEach((context, completions) -> context.runOnContext(v -> completions.forEach(Runnable::run)));
    }

    /** The batch's transaction is gone (commit failed, or SQLite rolled it back): tell every caller. */
    private void failBatch(List<Task<?>> batch, int writes, SQLException e) {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        lastFailure = e.getMessage();
        LOG.error("store transaction failed, {} writes rolled back [file: {}]: {}", writes, file, e.getMessage());
        rollbackQuietly();
        runRollbackHooks();
        String what = isDiskFull(e) ? "the gateway's disk is full" : "the store could not commit: " + e.getMessage();
        FireGridException failure = new FireGridException(FireGridException.Status.UNAVAILABLE,
                isDiskFull(e) ? "disk-full" : "store-failed", what + "; nothing of this message was stored, send it again", e);
        // reads of this batch may have seen uncommitted data of failed writes: fail them too
        // rather than report state that is not on disk
        for (Task<?> task : batch) {
            deliver(task, () -> task.promise().tryFail(failure));
        }
    }

    private static boolean isDiskFull(SQLException e) {
        return e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code;
    }

    /**
     * An error of SQLite itself rather than of the work's statements: after it the transaction may
     * have been rolled back by SQLite, so the batch cannot go on.
     */
    private static boolean isStoreFailure(SQLException e) {
        if (!(e instanceof SQLiteException s)) {
            return false;
        }
        int primary = s.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code
                || primary == SQLiteErrorCode.SQLITE_NOMEM.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_READONLY.code;
    }

    /**
     * What became of one task: what completes its future, run on {@code context} (or at once when
     * null), or the loss of the whole batch's transaction.
     */
    private record Outcome(Context context, Runnable completion, SQLException batchLost) {

        static Outcome lost(SQLException e) {
            return new Outcome(null, null, e);
        }
    }

    /** Runs one task; returns what completes its promise once the batch is committed. */
    private <T> Outcome execute(Task<T> task) {
        boolean savepoint = task.write();
        try {
            if (savepoint) {
                execute("SAVEPOINT w");
            }
            T result = task.work().run(connection);
            if (savepoint) {
                execute("RELEASE w");
            }
            return new Outcome(task.context(), () -> task.promise().tryComplete(result), null);
        } catch (SQLException e) {
            if (isStoreFailure(e)) {
                return Outcome.lost(e);
            }
            return failed(task, savepoint, e);
        } catch (RuntimeException e) {
            return failed(task, savepoint, e);
        }
    }

    private <T> Outcome failed(Task<T> task, boolean savepoint, Exception e) {
        if (savepoint) {
            try {
                execute("ROLLBACK TO w");
                execute("RELEASE w");
            } catch (SQLException rollbackError) {
                // the savepoint is gone with the transaction: the batch cannot go on
                rollbackError.addSuppressed(e);
                return Outcome.lost(rollbackError);
            }
            runRollbackHooks();
        }
        Throwable failure = e instanceof FireGridException ? e
                : new FireGridException(FireGridException.Status.INTERNAL, "store-error", "store error: " + e.getMessage(), e);
        if (!(e instanceof FireGridException)) {
            LOG.warn("unit of work failed [file: {}]", file, e);
        }
        return new Outcome(task.context(), () -> task.promise().tryFail(failure), null);
    }

    /** Runs one of the writer's own statements (begin, savepoint, commit), prepared once. */
    private void execute(String sql) throws SQLException {
        statements.prepare(sql).execute();
    }

    private void queryLoop() {
        while (true) {
            Task<?> task;
            lock.lock();
            try {
                while (queries.isEmpty() && !closed) {
                    queryWaiting.await();
                }
                if (queries.isEmpty()) {
                    return;
                }
                task = queries.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            runQuery(task);
        }
    }

    private <T> void runQuery(Task<T> task) {
        try {
            T result;
            // one read transaction: every statement of the work sees the same committed state
            try (Statement st = readConnection.createStatement()) {
                st.execute("BEGIN");
                try {
                    result = task.work().run(readConnection);
                } finally {
                    st.execute("ROLLBACK");
                }
            }
            deliver(task, () -> task.promise().tryComplete(result));
        } catch (Throwable t) {
            FireGridException failure = t instanceof FireGridException fe ? fe
                    : new FireGridException(FireGridException.Status.INTERNAL, "store-error", "store error: " + t.getMessage(), t);
            if (!(t instanceof FireGridException)) {
                LOG.warn("query failed [file: {}]", file, t);
            }
            deliver(task, () -> task.promise().tryFail(failure));
            if (t instanceof Error error && !(t instanceof AssertionError)) {
                throw error;
            }
        }
    }

    /** Looks at the disk's free space at most once a second. */
    private void refreshFreeSpace() {
        long now = System.nanoTime();
        if (freeCheckedAtNanos != 0 && now - freeCheckedAtNanos < 1_000_000_000L) {
            return;
        }
        freeCheckedAtNanos = now;
        try {
            freeBytes = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot tell the free space of the store's disk [file: {}]: {}", file, e.getMessage());
        }
    }

    private static void deliver(Task<?> task, Runnable completion) {
        if (task.context() != null) {
            task.context().runOnContext(v -> completion.run());
        } else {
            completion.run();
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // "no transaction is active": SQLite rolled it back already
            LOG.debug("rollback: {} [file: {}]", e.getMessage(), file);
        }
    }

    private void runRollbackHooks() {
        List<Work<?>> hooks;
        synchronized (rollbackHooks) {
            hooks = List.copyOf(rollbackHooks);
        }
        for (Work<?> hook : hooks) {
            try {
                hook.run(connection);
            } catch (SQLException | RuntimeException e) {
                LOG.error("rollback hook failed", e);
            }
        }
    }

    /** Finishes the queued work, then closes the file. */
    @Override
    public void close() {
        List<Runnable> due;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            workWaiting.signalAll();
            queryWaiting.signalAll();
            due = roomListenersDue();
        } finally {
            lock.unlock();
        }
        tellRoom(due);
        try {
            thread.join(10_000);
            readThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        statements.close();
        for (Connection c : List.of(readConnection, connection)) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing the store failed [file: {}]", file, e);
            }
        }
        LOG.info("store closed [file: {}, commits: {}, writes: {}]", file, commits, committedWrites);
    }
}
