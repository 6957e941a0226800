package io.firegrid.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.storage.Database;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log keeps its retention and its most entries, oldest deleted first, in small transactions. */
class AuditRetentionTest {

    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @TempDir
    Path dir;

    Database db;
    AuditLog log;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("audit.db"), AuditLog.schema());
        log = new AuditLog(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void entriesPastTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        // GIVEN entries from six years ago, four years ago and today
        record(NOW.minus(Duration.ofDays(6 * 365)), 3);
        record(NOW.minus(Duration.ofDays(4 * 365)), 2);
        record(NOW, 1);

        // WHEN the log is pruned to five years and a million entries
        int deleted = await(log.prune(NOW.minus(Duration.ofDays(5 * 366)), 1_000_000));

        // THEN the six-year-old ones are gone, the rest stay
        assertThat(deleted).isEqualTo(3);
        List<AuditEntry> left = await(log.list(Instant.EPOCH, NOW.plusSeconds(1), null, null, AuditLog.MAX_LIST));
        assertThat(left).hasSize(3).allMatch(e -> e.at().isAfter(NOW.minus(Duration.ofDays(5 * 366))));
    }

    @Test
    void beyondTheMostEntriesTheOldestGoFirstOverSeveralTransactions() throws Exception {
        // GIVEN more entries than the most kept, by more than one delete batch
        int kept = 1_000;
        int total = kept + 2 * AuditLog.DELETE_BATCH + 7;
        List<Future<Void>> writes = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            writes.add(log.record(entry(NOW.minusSeconds(total - i), "/api/v1/people/t1/p-" + i)));
        }
        await(Future.all(writes));

        // WHEN the log is pruned; nothing is past the retention
        int deleted = await(log.prune(NOW.minus(Duration.ofDays(365)), kept));

        // THEN exactly the oldest are gone and the newest kept remain, newest first
        assertThat(deleted).isEqualTo(total - kept);
        List<AuditEntry> left = await(log.list(Instant.EPOCH, NOW.plusSeconds(1), null, null, AuditLog.MAX_LIST));
        assertThat(left).hasSize(kept);
        assertThat(left.get(0).path()).isEqualTo("/api/v1/people/t1/p-" + (total - 1));
        assertThat(left.get(kept - 1).path()).isEqualTo("/api/v1/people/t1/p-" + (total - kept));

        // AND a second prune finds nothing to do
        assertThat(await(log.prune(NOW.minus(Duration.ofDays(365)), kept))).isZero();
    }

    private void record(Instant at, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            await(log.record(entry(at, "/api/v1/sites/t1/s-" + i)));
        }
    }

    private static AuditEntry entry(Instant at, String path) {
        return new AuditEntry(0, at, "admin", "admin", "t1", "PUT", path, "people", path.substring(path.lastIndexOf('/') + 1), 200);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
