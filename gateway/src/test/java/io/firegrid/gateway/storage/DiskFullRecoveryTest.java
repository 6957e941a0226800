package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: writes are refused with a reason while it lasts, what a caller was told is what is
 * on disk, and the store recovers by itself when space returns, without a restart. SQLite's
 * {@code max_page_count} makes the file "full" exactly as a full disk does (SQLITE_FULL).
 */
class DiskFullRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void writesRefusedOnAFullDiskAreNotStoredAndTheStoreRecoversWhenSpaceReturns() throws Exception {
        Path file = dir.resolve("full.db");
        Set<Integer> acknowledged = new HashSet<>();
        Set<Integer> refused = new HashSet<>();
        try (Database db = Database.open(file, List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, pad TEXT)"))) {
            FullDisk.leaveRoomFor(db, 8);

            // GIVEN a disk that fills up while messages arrive
            List<Future<Integer>> writes = new ArrayList<>();
            for (int k = 0; k < 300; k++) {
                int key = k;
                writes.add(db.write(c -> insert(c, key)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> writes.stream().allMatch(Future::isComplete));
            for (int k = 0; k < writes.size(); k++) {
                (writes.get(k).succeeded() ? acknowledged : refused).add(k);
            }
            assertThat(refused).as("the disk filled up").isNotEmpty();
            FireGridException reason = (FireGridException) writes.get(refused.iterator().next()).cause();
            assertThat(reason.code()).isEqualTo("disk-full");
            assertThat(reason.status()).isEqualTo(FireGridException.Status.UNAVAILABLE);
            assertThat(reason.reason()).contains("disk is full", "send it again");
            assertThat(db.health().failingSince()).isNotNull();

            // WHEN space returns
            FullDisk.free(db);

            // THEN the next write is stored without a restart, and health says so
            List<Integer> retried = new ArrayList<>(refused);
            for (int key : retried) {
                assertThat(db.write(c -> insert(c, key)).toCompletionStage().toCompletableFuture().get())
                        .as("write %d after space returned", key).isEqualTo(1);
            }
            assertThat(db.health().failingSince()).isNull();
        }
        // and the file holds exactly what callers were told: every acknowledged write, each refused
        // one only from its second, acknowledged attempt
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(acknowledged.size() + refused.size());
        }
    }

    @Test
    void aFullDiskDuringABatchRollsBackTheWholeBatchAndKeepsEarlierBatches() throws Exception {
        Path file = dir.resolve("full2.db");
        try (Database db = Database.open(file, List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, pad TEXT)"))) {
            assertThat(db.write(c -> insert(c, -1)).toCompletionStage().toCompletableFuture().get()).isEqualTo(1);
            FullDisk.leaveRoomFor(db, 0);

            Future<Integer> tooBig = db.write(c -> {
                int n = 0;
                for (int k = 1; k <= 20; k++) {
                    n += insert(c, k);
                }
                return n;
            });
            await().atMost(Duration.ofSeconds(10)).until(tooBig::isComplete);

            assertThat(tooBig.failed()).isTrue();
            assertThat(((FireGridException) tooBig.cause()).code()).isEqualTo("disk-full");
            Integer rows = db.query(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }).toCompletionStage().toCompletableFuture().get();
            assertThat(rows).as("the write acknowledged before the disk filled is kept").isEqualTo(1);
        }
    }

    private static int insert(java.sql.Connection c, int k) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            ps.setInt(1, k);
            ps.setString(2, "x".repeat(2_000));
            return ps.executeUpdate();
        }
    }
}
