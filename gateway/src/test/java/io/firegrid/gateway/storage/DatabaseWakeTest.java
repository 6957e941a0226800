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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work an event loop queues in one of its tasks (the PUBLISHes of one read: a connection's window)
 * is committed in one transaction: the writer is woken once the task is done, not at its first
 * write, which it would otherwise commit alone with an fsync of its own. Events among them still
 * carry no readings.
 */
class DatabaseWakeTest {

    private static final List<String> SCHEMA = List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, lane TEXT)");
    private static final int WINDOW = 32;

    @TempDir
    Path dir;

    private Database db;
    private Vertx vertx;

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
    void eventsQueuedInOneEventLoopTaskAreCommittedTogether() {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        vertx = Vertx.vertx();
        Context loop = vertx.getOrCreateContext();
        List<WriteTiming> timings = Collections.synchronizedList(new ArrayList<>());
        List<Future<Integer>> events = Collections.synchronizedList(new ArrayList<>());
        List<Future<Integer>> readings = Collections.synchronizedList(new ArrayList<>());
        long[] commitsBefore = new long[1];

        // GIVEN an idle writer: the task below runs as the writer finishes a write and goes to wait
        db.write(c -> insert(c, 0, "alarm")).onComplete(ar -> {
            commitsBefore[0] = db.commits();
            loop.runOnContext(v -> {
                spin(5); // the writer goes back to waiting meanwhile
                // WHEN an event loop queues a window of events in one task, taking its time between them
                for (int i = 1; i <= WINDOW; i++) {
                    int k = i;
                    WriteTiming timing = new WriteTiming();
                    timings.add(timing);
                    events.add(db.write(Lane.ALARM, c -> insert(c, k, "alarm"), timing));
                    if (i == 1) {
                        spin(5); // a writer woken at the first would take it alone meanwhile
                    }
                }
                // and readings in the same task
                for (int i = 1; i <= WINDOW; i++) {
                    int k = 1_000 + i;
                    readings.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
                }
            });
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == WINDOW && readings.size() == WINDOW
                && events.stream().allMatch(Future::succeeded) && readings.stream().allMatch(Future::succeeded));

        // THEN the events were committed in one transaction without the readings, the readings in the next
        assertThat(timings).allSatisfy(t -> {
            assertThat(t.batchWrites()).as("writes in the event's transaction").isEqualTo(WINDOW);
            assertThat(t.batchReadings()).isZero();
        });
        assertThat(db.commits() - commitsBefore[0]).isEqualTo(2);
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
