package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database.Lane;
import io.firegrid.gateway.storage.Database.Limits;
import io.firegrid.protocol.FireGridException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry lane's "room again" signal: whoever had a reading refused {@code store-busy} is
 * told once, when the lane is down to half its bound, without asking again and again.
 */
class DatabaseRoomTest {

    private static final List<String> SCHEMA = List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY)");

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
    void aListenerIsToldOnceOnTheStoreThreadWhenTheLaneIsDownToHalf() throws Exception {
        // GIVEN a lane of 600 readings, full behind a busy writer, and a reading refused store-busy
        db = Database.open(dir.resolve("t.db"), SCHEMA, Limits.DEFAULTS.withTelemetryQueue(600), Clock.systemUTC());
        holdTheWriter();
        for (int k = 0; k < 600; k++) {
            int key = k;
            db.write(Lane.TELEMETRY, c -> insert(c, key));
        }
        assertThat(code(db.write(Lane.TELEMETRY, c -> insert(c, 10_000)).cause())).isEqualTo("store-busy");
        assertThat(db.telemetryRoom()).isZero();

        // WHEN its sender asks to be told when there is room, and the writer goes on
        AtomicInteger told = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicInteger roomWhenTold = new AtomicInteger(-1);
        db.whenTelemetryRoom(() -> {
            told.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            roomWhenTold.set(db.telemetryRoom());
        });
        assertThat(told).as("not told while the lane is full").hasValue(0);
        release.countDown();

        // THEN it is told once, by the writer, when at most half the lane was left and readings still waited
        await().atMost(Duration.ofSeconds(20)).until(() -> db.health().telemetryQueued() == 0 && told.get() > 0);
        assertThat(told).hasValue(1);
        assertThat(thread.get()).isEqualTo("firegrid-db");
        assertThat(roomWhenTold.get()).isBetween(300, 599);
    }

    @Test
    void aListenerAskingWhileTheLaneHasRoomIsToldAtOnce() {
        db = Database.open(dir.resolve("t.db"), SCHEMA, Limits.DEFAULTS.withTelemetryQueue(10), Clock.systemUTC());
        AtomicReference<String> thread = new AtomicReference<>();

        db.whenTelemetryRoom(() -> thread.set(Thread.currentThread().getName()));

        assertThat(thread.get()).as("told on the caller's thread").isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void waitingListenersAreToldWhenTheStoreCloses() throws Exception {
        // GIVEN a full lane behind a busy writer and a listener waiting for room
        db = Database.open(dir.resolve("t.db"), SCHEMA, Limits.DEFAULTS.withTelemetryQueue(2), Clock.systemUTC());
        holdTheWriter();
        db.write(Lane.TELEMETRY, c -> insert(c, 1));
        db.write(Lane.TELEMETRY, c -> insert(c, 2));
        CountDownLatch told = new CountDownLatch(1);
        db.whenTelemetryRoom(told::countDown);

        // WHEN the store closes (its writer still busy)
        Thread closing = new Thread(db::close);
        closing.start();

        // THEN the listener is told before the writer finishes, and a write it then tries is refused with the reason
        assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(code(db.write(Lane.TELEMETRY, c -> insert(c, 3)).cause())).isEqualTo("store-closed");
        release.countDown();
        closing.join(10_000);
        db = null;
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

    private static String code(Throwable t) {
        return ((FireGridException) t).code();
    }

    private static int insert(java.sql.Connection c, int k) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            ps.setInt(1, k);
            return ps.executeUpdate();
        }
    }
}
