package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database.Lane;
import io.firegrid.gateway.storage.Database.Limits;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's lanes and bounds: events never wait behind readings, every queue refuses with a
 * reason when full, queries do not wait for the writer, and a fatal error stops the store loudly.
 */
class DatabaseLanesTest {

    private static final List<String> SCHEMA = List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, lane TEXT)");

    @TempDir
    Path dir;

    private Database db;
    private final CountDownLatch writerHeld = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anEventQueuedBehindThousandsOfReadingsIsCommittedBeforeAnyOfThem() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        holdTheWriter();
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        List<Future<Integer>> readings = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int k = 1_000 + i;
            readings.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry"))
                    .onSuccess(v -> committed.add("reading")));
        }
        Future<Integer> event = db.write(c -> insert(c, 1, "alarm")).onSuccess(v -> committed.add("event"));

        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> readings.stream().allMatch(Future::succeeded));
        assertThat(event.succeeded()).isTrue();
        assertThat(committed).hasSize(2_001);
        assertThat(committed.get(0)).as("the event goes first, in the batch after the one being written").isEqualTo("event");
        assertThat(db.commits()).as("readings were committed in bounded batches")
                .isGreaterThanOrEqualTo(1 + 2_000 / Limits.DEFAULT_MAX_TELEMETRY_PER_BATCH);
    }

    @Test
    void aFullTelemetryLaneRefusesReadingsWithStoreBusyWhileEventsAreStillTaken() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA, Limits.DEFAULTS.withTelemetryQueue(10), Clock.systemUTC());
        holdTheWriter();
        List<Future<Integer>> readings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int k = 1_000 + i;
            readings.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
        }

        Future<Integer> eleventh = db.write(Lane.TELEMETRY, c -> insert(c, 2_000, "telemetry"));
        Future<Integer> event = db.write(c -> insert(c, 1, "alarm"));

        assertThat(eleventh.failed()).as("refused at once, not queued").isTrue();
        assertThat(((FireGridException) eleventh.cause()).code()).isEqualTo("store-busy");
        assertThat(((FireGridException) eleventh.cause()).status()).isEqualTo(FireGridException.Status.UNAVAILABLE);
        assertThat(eleventh.cause().getMessage()).contains("10 readings waiting", "send again later");
        assertThat(db.refusedBusy()).isEqualTo(1);
        assertThat(db.health().telemetryQueued()).isEqualTo(10);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> event.succeeded() && readings.stream().allMatch(Future::succeeded));
        assertThat(count("SELECT COUNT(*) FROM t WHERE k = 2000")).as("the refused reading was not stored").isZero();
    }

    @Test
    void readingsAreRefusedWhileTheDiskIsBelowTheReserveAndEventsAreStored() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA, Limits.DEFAULTS.withTelemetryReserveBytes(Long.MAX_VALUE),
                Clock.systemUTC());

        Future<Integer> reading = db.write(Lane.TELEMETRY, c -> insert(c, 1_000, "telemetry"));
        Future<Integer> event = db.write(c -> insert(c, 1, "alarm"));

        assertThat(reading.failed()).isTrue();
        assertThat(((FireGridException) reading.cause()).code()).isEqualTo("disk-low");
        assertThat(reading.cause().getMessage()).contains("kept for events");
        assertThat(db.refusedDiskLow()).isEqualTo(1);
        assertThat(event.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aQueryIsAnsweredWhileTheWriterIsBusy() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        db.write(c -> insert(c, 7, "alarm")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        holdTheWriter();

        Integer rows = db.query(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(rows).isEqualTo(1);
        assertThat(db.health().stalledMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aQueryCannotWrite() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);

        Future<Integer> write = db.query(c -> insert(c, 1, "alarm"));

        await().atMost(Duration.ofSeconds(10)).until(write::failed);
        assertThat(count("SELECT COUNT(*) FROM t")).isZero();
    }

    @Test
    void aFatalErrorStopsTheWriterLoudlyAndLaterWritesAreRefusedWithAReason() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        db.onFatal(fatal::set);

        Future<Integer> doomed = db.write(c -> {
            throw new OutOfMemoryError("simulated");
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> fatal.get() != null);
        assertThat(fatal.get()).hasMessage("simulated");
        assertThat(doomed.failed()).isTrue();
        assertThat(db.health().writerAlive()).isFalse();
        Future<Integer> after = db.write(c -> insert(c, 1, "alarm"));
        assertThat(after.failed()).isTrue();
        assertThat(((FireGridException) after.cause()).code()).isEqualTo("store-dead");
    }

    /** Blocks the writer thread inside a write until {@link #release} opens; returns once it is blocked. */
    private void holdTheWriter() throws InterruptedException {
        db.write(c -> {
            writerHeld.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(writerHeld.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static int insert(java.sql.Connection c, int k, String lane) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            ps.setInt(1, k);
            ps.setString(2, lane);
            return ps.executeUpdate();
        }
    }

    private int count(String sql) throws Exception {
        return db.query(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
