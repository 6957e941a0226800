package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database.Lane;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readings an event loop queues in one of its tasks (the PUBLISHes of one read: a connection's
 * window) are committed in one transaction: the writer is woken once the task is done, not at the
 * first of them, which it would otherwise commit alone with an fsync of its own. An event is not
 * kept waiting for the rest of the task: it wakes the writer at once, and its transaction carries
 * no readings. Work queued {@link Database#together together} is taken at once, in one commit.
 */
class DatabaseWakeTest {

    private static final List<String> SCHEMA = List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, lane TEXT)");
    private static final int WINDOW = 32;

    @TempDir
    Path dir;

    private Database db;
    private Vertx vertx;
    private Context loop;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void readingsQueuedInOneEventLoopTaskAreCommittedTogether() {
        List<Future<Integer>> readings = Collections.synchronizedList(new ArrayList<>());
        long[] commitsBefore = new long[1];

        // GIVEN an idle writer: the task below runs as the writer finishes a write and goes to wait
        db.write(c -> insert(c, 0, "alarm")).onComplete(ar -> {
            commitsBefore[0] = db.commits();
            loop.runOnContext(v -> {
                spin(5); // the writer goes back to waiting meanwhile
                // WHEN an event loop queues a window of readings in one task, taking its time between them
                for (int i = 1; i <= WINDOW; i++) {
                    int k = 1_000 + i;
                    readings.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
                    if (i == 1) {
                        spin(5); // a writer woken at the first would take it alone meanwhile
                    }
                }
            });
        });

        await().atMost(Duration.ofSeconds(20))
                .until(() -> readings.size() == WINDOW && readings.stream().allMatch(Future::succeeded));

        // THEN the window was one transaction: one commit, one fsync
        assertThat(db.commits() - commitsBefore[0]).isEqualTo(1);
    }

    @Test
    void anEventQueuedOnAnEventLoopWakesTheWriterBeforeTheTaskEnds() {
        WriteTiming timing = new WriteTiming();
        List<Future<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
        long[] commitsBefore = new long[1];
        boolean[] committedDuringTheTask = new boolean[1];

        // GIVEN an idle writer, which by itself looks at its lanes again only 200 ms after it went to wait
        db.write(c -> insert(c, 0, "alarm")).onComplete(ar -> {
            long idleSince = System.nanoTime();
            commitsBefore[0] = db.commits();
            loop.runOnContext(v -> {
                // WHEN an event loop queues readings and then an event in one task, and goes on working
                for (int i = 1; i <= WINDOW; i++) {
                    int k = 1_000 + i;
                    writes.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
                }
                writes.add(db.write(Lane.ALARM, c -> insert(c, 1, "alarm"), timing));
                // the task lasts until the event is committed, or until 150 ms after the writer went idle
                // (before its own look at 200 ms): a writer woken only at the end of the task commits nothing
                while (System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(150)) {
                    if (db.commits() > commitsBefore[0]) {
                        committedDuringTheTask[0] = true;
                        break;
                    }
                    Thread.onSpinWait();
                }
            });
        });

        await().atMost(Duration.ofSeconds(20))
                .until(() -> writes.size() == WINDOW + 1 && writes.stream().allMatch(Future::succeeded));

        // THEN the event was committed while the event loop was still busy, in a transaction of its own
        assertThat(committedDuringTheTask[0]).as("the event committed before the event loop's task ended").isTrue();
        assertThat(timing.batchReadings()).as("readings in the event's transaction").isZero();
        assertThat(timing.batchWrites()).as("writes in the event's transaction").isEqualTo(1);
    }

    @Test
    void anEventAndTheWritesQueuedWithItTogetherShareOneCommit() {
        WriteTiming timing = new WriteTiming();
        List<Future<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
        long[] commitsBefore = new long[1];

        // GIVEN an idle writer
        db.write(c -> insert(c, 0, "alarm")).onComplete(ar -> {
            commitsBefore[0] = db.commits();
            loop.runOnContext(v -> db.together(() -> {
                // WHEN an event (which wakes the writer at once) and two more writes are queued together,
                // taking time between them
                writes.add(db.write(Lane.ALARM, c -> insert(c, 1, "alarm"), timing));
                spin(20); // a writer free to take the event would commit it alone meanwhile
                writes.add(db.write(Lane.ALARM, c -> insert(c, 2, "alarm")));
                writes.add(db.write(Lane.ALARM, c -> insert(c, 3, "alarm")));
            }));
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> writes.size() == 3 && writes.stream().allMatch(Future::succeeded));

        // THEN the three were one transaction: one commit, one fsync
        assertThat(timing.batchWrites()).as("writes in the event's transaction").isEqualTo(3);
        assertThat(db.commits() - commitsBefore[0]).isEqualTo(1);
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static int insert(java.sql.Connection c, int k, String lane) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            ps.setInt(1, k);
            ps.setString(2, lane);
            return ps.executeUpdate();
        }
    }
}
