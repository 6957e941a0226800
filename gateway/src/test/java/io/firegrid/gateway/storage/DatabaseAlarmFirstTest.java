package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database.Lane;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * An event waits for as little of the readings' work as the writer can manage: its transaction
 * carries no readings, and a batch of readings being run stops at the next reading once an event
 * waits, commits what it ran and puts the rest back, first in their lane. What each write's
 * {@link WriteTiming} says is what happened.
 */
class DatabaseAlarmFirstTest {

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
    void anEventsTransactionCarriesNoReadings() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        holdTheWriter();
        List<Future<Integer>> readings = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = 1_000 + i;
            readings.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
        }
        WriteTiming timing = new WriteTiming();
        Future<Integer> event = db.write(Lane.ALARM, c -> insert(c, 1, "alarm"), timing);

        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> event.succeeded() && readings.stream().allMatch(Future::succeeded));
        assertThat(timing.batchWrites()).as("the event was committed alone").isEqualTo(1);
        assertThat(timing.batchReadings()).isZero();
        assertThat(timing.queuedNanos()).isPositive();
        assertThat(timing.takenNanos()).isGreaterThanOrEqualTo(timing.queuedNanos());
        assertThat(timing.startedNanos()).isGreaterThanOrEqualTo(timing.takenNanos());
        assertThat(timing.committedNanos()).isGreaterThanOrEqualTo(timing.startedNanos());
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(101);
    }

    @Test
    void aBatchOfReadingsStopsAtTheNextReadingOnceAnEventWaitsAndTheRestAreStoredOnceAfterIt() throws Exception {
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        holdTheWriter();
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Future<Integer>> event = new AtomicReference<>();
        WriteTiming timing = new WriteTiming();
        List<Future<Integer>> readings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = 1_000 + i;
            boolean first = i == 0;
            readings.add(db.write(Lane.TELEMETRY, c -> {
                if (first) {
                    // the event arrives while the writer runs the batch of readings
                    event.set(db.write(Lane.ALARM, c2 -> insert(c2, 1, "alarm"), timing)
                            .onSuccess(v -> committed.add("event")));
                }
                return insert(c, k, "telemetry");
            }).onSuccess(v -> committed.add("reading " + k)));
        }

        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> readings.stream().allMatch(Future::succeeded)
                && event.get() != null && event.get().succeeded());
        assertThat(committed).hasSize(201);
        assertThat(committed.subList(0, 2)).as("one reading committed, then the event, then the other readings")
                .containsExactly("reading 1000", "event");
        assertThat(committed.subList(2, 201)).as("the readings put back keep their order")
                .isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.substring(8)), Integer.parseInt(b.substring(8))));
        assertThat(timing.batchReadings()).isZero();
        assertThat(count("SELECT count(*) FROM t WHERE lane = 'telemetry'")).as("every reading stored once").isEqualTo(200);
    }

    @Test
    void otherAlarmLaneWritesStillShareTheirTransactionWithReadings() throws Exception {
        // a reconnecting fleet's connection alarms must not cost an fsync each nor starve the readings
        db = Database.open(dir.resolve("t.db"), SCHEMA);
        holdTheWriter();
        List<Future<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = 1_000 + i;
            writes.add(db.write(Lane.TELEMETRY, c -> insert(c, k, "telemetry")));
        }
        writes.add(db.write(c -> insert(c, 1, "alarm")));
        long commitsBefore = db.commits();

        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> writes.stream().allMatch(Future::succeeded));
        assertThat(db.commits() - commitsBefore).as("the held write's commit, then one for the alarm write and the readings")
                .isEqualTo(2);
    }

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
