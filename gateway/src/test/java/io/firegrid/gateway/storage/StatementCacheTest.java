package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    @TempDir
    Path dir;

    @Test
    void aStatementIsPreparedOnceAndServesEveryUse() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             StatementCache cache = new StatementCache(c)) {
            c.createStatement().execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");

            PreparedStatement first = cache.prepare(c, "INSERT INTO t(k, v) VALUES (?, ?)");
            for (int k = 1; k <= 3; k++) {
                PreparedStatement ps = cache.prepare(c, "INSERT INTO t(k, v) VALUES (?, ?)");
                assertThat(ps).isSameAs(first);
                ps.setInt(1, k);
                ps.setString(2, "v" + k);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            try (ResultSet rs = c.createStatement().executeQuery("SELECT group_concat(v) FROM t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("v1,v2,v3");
            }
            assertThat(cache.size()).isEqualTo(1);
        }
    }

    /**
     * sqlite-jdbc closes a statement that failed with SQLITE_FULL (or another error of SQLite
     * itself); the cache must not hand it out again, or every later message fails with
     * "statement is not executing" after the disk has room again (found by FaultHarnessIT's full disk).
     */
    @Test
    void aStatementThatFailedOnAFullDiskIsPreparedAgainOnceThereIsRoom() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             StatementCache cache = new StatementCache(c)) {
            c.createStatement().execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
            String insert = "INSERT INTO t(k, v) VALUES (?, ?)";
            int pages;
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
                rs.next();
                pages = rs.getInt(1);
            }
            // GIVEN a disk with no room left
            c.createStatement().execute("PRAGMA max_page_count=" + pages);
            PreparedStatement ps = cache.prepare(c, insert);
            ps.setInt(1, 1);
            ps.setString(2, "x".repeat(20_000));
            assertThatThrownBy(ps::executeUpdate).hasMessageContaining("SQLITE_FULL");

            // WHEN space returns
            c.createStatement().execute("PRAGMA max_page_count=1073741823");

            // THEN the same statement text works again
            PreparedStatement again = cache.prepare(c, insert);
            again.setInt(1, 1);
            again.setString(2, "x".repeat(20_000));
            assertThat(again.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void refusesAConnectionOtherThanItsOwn() throws Exception {
        try (Connection own = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             StatementCache cache = new StatementCache(own)) {
            assertThatThrownBy(() -> cache.prepare(other, "SELECT 1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("writer's connection");
        }
    }

    @Test
    void holdsNoMoreThanItsBound() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             StatementCache cache = new StatementCache(c, 4)) {
            for (int i = 0; i < 10; i++) {
                PreparedStatement ps = cache.prepare(c, "SELECT " + i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                }
                assertThat(cache.size()).isBetween(1, 4);
            }
        }
    }
}
