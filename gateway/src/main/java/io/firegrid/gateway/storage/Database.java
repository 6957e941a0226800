package io.firegrid.gateway.storage;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded, crash-safe store: one SQLite file in WAL mode with
 * {@code synchronous=FULL}, so a transaction is on disk (fsync'd) when its commit returns, and
 * survives {@code kill -9} and power loss.
 *
 * <p>Thread model: one dedicated thread ("firegrid-db") owns the connection and runs every unit of
 * work, reads and writes, in submission order. Writes waiting in the queue are committed together
 * (group commit): one fsync for many messages, so throughput grows with load while each caller
 * still learns of success only after its data is durable. Each write runs inside a savepoint, so a
 * failing write is rolled back alone and the others in its batch commit. Results are delivered on
 * the Vert.x context that submitted the work (or on the db thread when there is none).
 *
 * <p>Code run on the db thread may keep state confined to that thread (the alarm engine does):
 * no locks are needed, and {@link #onRollback(Runnable)} hooks let such state be reloaded when a
 * commit fails.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Most writes committed in one transaction. */
    public static final int DEFAULT_MAX_BATCH = 512;

    /** One unit of work run on the db thread with the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Task<T>(Work<T> work, boolean write, Promise<T> promise, Context context) {
    }

    private final Path file;
    private final Connection connection;
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Work<?>> rollbackHooks = new ArrayList<>();
    private volatile long commits;
    private volatile long committedWrites;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.thread = new Thread(this::loop, "firegrid-db");
        this.thread.setDaemon(false);
    }

    /**
     * Opens (creating if needed) the database file and applies {@code schema} statements, each of
     * which must be idempotent ({@code CREATE TABLE IF NOT EXISTS ...}).
     */
    public static Database open(Path file, List<String> schema) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=5000");
                int from = checkSchemaVersion(st, file);
                migrate(st, from);
                for (String ddl : schema) {
                    st.execute(ddl);
                }
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
            c.setAutoCommit(false);
            c.commit();
            Database db = new Database(file, c);
            db.thread.start();
            LOG.info("store opened [file: {}]", file.toAbsolutePath());
            return db;
        } catch (SQLException | java.io.IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "store-unavailable",
                    "cannot open the store at " + file.toAbsolutePath() + ": " + e.getMessage()
                            + " (check that the data directory is writable and not used by another gateway)", e);
        }
    }

    /**
     * Version of the table layout this gateway writes. A file of another version is refused with
     * a clear reason instead of failing later on a missing column.
     */
    public static final int SCHEMA_VERSION = 7;

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
            List.of());

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

    /** Runs {@code work} in a transaction; the future completes after the commit is on disk. */
    public <T> Future<T> write(Work<T> work) {
        return submit(work, true);
    }

    /** Runs {@code work} on the db thread without a commit; sees everything committed before it. */
    public <T> Future<T> read(Work<T> work) {
        return submit(work, false);
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

    /** Transactions committed since open. */
    public long commits() {
        return commits;
    }

    /** Writes committed since open. */
    public long committedWrites() {
        return committedWrites;
    }

    public Path file() {
        return file;
    }

    private <T> Future<T> submit(Work<T> work, boolean write) {
        Promise<T> promise = Promise.promise();
        if (closed.get()) {
            promise.fail(new FireGridException(FireGridException.Status.UNAVAILABLE, "store-closed", "the store is shutting down"));
            return promise.future();
        }
        queue.add(new Task<>(work, write, promise, Vertx.currentContext()));
        return promise.future();
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>();
        while (!closed.get() || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, DEFAULT_MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("store thread survived an unexpected error", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Task<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        int writes = 0;
        for (Task<?> task : batch) {
            if (task.write()) {
                writes++;
            }
            completions.add(execute(task));
        }
        if (writes > 0) {
            try {
                connection.commit();
                commits++;
                committedWrites += writes;
            } catch (SQLException e) {
                LOG.error("commit failed, {} writes rolled back [file: {}]", writes, file, e);
                rollbackQuietly();
                runRollbackHooks();
                FireGridException failure = new FireGridException(FireGridException.Status.UNAVAILABLE,
                        "store-failed", "the store could not commit: " + e.getMessage(), e);
                for (Task<?> task : batch) {
                    if (task.write()) {
                        deliver(task, () -> task.promise().tryFail(failure));
                    }
                }
                // reads of this batch saw uncommitted data of failed writes only if ordered after them;
                // fail them too rather than report state that is not on disk
                for (Task<?> task : batch) {
                    if (!task.write()) {
                        deliver(task, () -> task.promise().tryFail(failure));
                    }
                }
                return;
            }
        }
        completions.forEach(Runnable::run);
    }

    /** Runs one task; returns what completes its promise once the batch is committed. */
    private <T> Runnable execute(Task<T> task) {
        String savepoint = null;
        try {
            if (task.write()) {
                savepoint = "w";
                try (Statement st = connection.createStatement()) {
                    st.execute("SAVEPOINT " + savepoint);
                }
            }
            T result = task.work().run(connection);
            if (savepoint != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute("RELEASE " + savepoint);
                }
            }
            return () -> deliver(task, () -> task.promise().tryComplete(result));
        } catch (Exception e) {
            if (savepoint != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ROLLBACK TO " + savepoint);
                    st.execute("RELEASE " + savepoint);
                } catch (SQLException rollbackError) {
                    e.addSuppressed(rollbackError);
                }
            }
            if (savepoint != null) {
                runRollbackHooks();
            }
            Throwable failure = e instanceof FireGridException ? e
                    : new FireGridException(FireGridException.Status.INTERNAL, "store-error", "store error: " + e.getMessage(), e);
            if (!(e instanceof FireGridException)) {
                LOG.warn("unit of work failed [file: {}]", file, e);
            }
            return () -> deliver(task, () -> task.promise().tryFail(failure));
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
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rollback failed [file: {}]", file, e);
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the store failed [file: {}]", file, e);
        }
        LOG.info("store closed [file: {}, commits: {}, writes: {}]", file, commits, committedWrites);
    }
}
