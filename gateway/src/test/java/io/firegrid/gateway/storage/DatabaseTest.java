package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: a failing write harms no other write of its batch; a foreign file is refused with a reason. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void failingWriteIsRolledBackAloneWhileTheRestOfItsBatchCommits() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"), List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY)"))) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i;
                writes.add(db.write(c -> {
                    if (k == 100) {
                        try (Statement st = c.createStatement()) {
                            st.execute("INSERT INTO t VALUES (1000)"); // the key write 0 already took
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                        ps.setInt(1, 1000 + k);
                        return ps.executeUpdate();
                    }
                }));
            }
            for (int i = 0; i < 200; i++) {
                Future<Integer> f = writes.get(i);
                f.toCompletionStage().toCompletableFuture().handle((v, t) -> null).get(10, TimeUnit.SECONDS);
                assertThat(f.succeeded()).as("write %d", i).isEqualTo(i != 100);
            }
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(199);
        }
    }

    @Test
    void refusesAFileOfAnotherLayoutVersionWithAReason() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("old.db"))) {
            c.createStatement().execute("CREATE TABLE alarms (id INTEGER PRIMARY KEY, raised_at TEXT)");
        }
        assertThatThrownBy(() -> Database.open(dir.resolve("old.db"), List.of()))
                .isInstanceOfSatisfying(FireGridException.class, e -> {
                    assertThat(e.code()).isEqualTo("store-version");
                    assertThat(e.reason()).contains("move the data directory away");
                });
    }

    @Test
    void refusesAFileWrittenByANewerGateway() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("new.db"))) {
            c.createStatement().execute("CREATE TABLE alarms (id INTEGER PRIMARY KEY, raised_at TEXT)");
            c.createStatement().execute("PRAGMA user_version=" + (Database.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> Database.open(dir.resolve("new.db"), List.of()))
                .isInstanceOfSatisfying(FireGridException.class, e -> {
                    assertThat(e.code()).isEqualTo("store-version");
                    assertThat(e.reason()).contains("layout version " + (Database.SCHEMA_VERSION + 1));
                });
    }

    @Test
    void upgradesAVersion2StoreKeepingItsRows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v2.db"))) {
            c.createStatement().execute("CREATE TABLE drills (tenant TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,"
                    + " since TEXT NOT NULL, by_whom TEXT NOT NULL, PRIMARY KEY (tenant, kind, id))");
            c.createStatement().execute("INSERT INTO drills VALUES ('t1','site','b7','2026-11-28T03:00:00Z','chief')");
            c.createStatement().execute("PRAGMA user_version=2");
        }
        Database.open(dir.resolve("v2.db"), List.of()).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v2.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT id, by_whom, until FROM drills")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("b7");
            assertThat(rs.getString(2)).isEqualTo("chief");
            assertThat(rs.getString(3)).as("drills from before have no end").isNull();
            try (ResultSet v = c.createStatement().executeQuery("PRAGMA user_version")) {
                assertThat(v.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
            }
        }
    }

    @Test
    void upgradesALayout2FileInPlaceKeepingItsRows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v2.db"))) {
            c.createStatement().execute("CREATE TABLE t (k INTEGER PRIMARY KEY)");
            c.createStatement().execute("INSERT INTO t VALUES (7)");
            c.createStatement().execute("PRAGMA user_version=2");
        }

        try (Database db = Database.open(dir.resolve("v2.db"), List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY)",
                "CREATE TABLE IF NOT EXISTS added (k INTEGER PRIMARY KEY)"))) {
            assertThat(db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT k FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(7);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v2.db"));
             ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
        }
    }

    @Test
    void upgradesAVersion5StoreGivingItsDevicesNoSilenceLimit() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v5.db"))) {
            c.createStatement().execute("CREATE TABLE devices (tenant TEXT NOT NULL, device TEXT NOT NULL, site TEXT,"
                    + " sensors TEXT NOT NULL, password_hash TEXT NOT NULL, registered_at TEXT NOT NULL,"
                    + " PRIMARY KEY (tenant, device))");
            c.createStatement().execute("INSERT INTO devices VALUES ('t1','nb-1',NULL,'[]','h','2026-11-28T03:00:00Z')");
            c.createStatement().execute("PRAGMA user_version=5");
        }
        Database.open(dir.resolve("v5.db"), List.of()).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v5.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT device, max_silence_s FROM devices")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("nb-1");
            rs.getInt(2);
            assertThat(rs.wasNull()).as("devices from before keep the rule of their protocol").isTrue();
        }
    }

    @Test
    void theWritersPageCacheIsTheConfiguredSizeAndTheSettingReadsIt() throws Exception {
        // SQLite's own default (2 MiB) is too small for a thousand devices' leaves of the messages key
        try (Database db = Database.open(dir.resolve("default.db"), List.of(), Database.Limits.DEFAULTS,
                java.time.Clock.systemUTC())) {
            assertThat(cacheSize(db)).isEqualTo(-Database.Limits.DEFAULT_CACHE_MIB * 1024L).isLessThan(-2000);
        }
        Database.Limits limits = StoreOptions.fromEnv(java.util.Map.of("FIREGRID_STORE_CACHE_MB", "8")).limits();
        try (Database db = Database.open(dir.resolve("small.db"), List.of(), limits, java.time.Clock.systemUTC())) {
            assertThat(cacheSize(db)).isEqualTo(-8 * 1024L);
        }
        assertThatThrownBy(() -> StoreOptions.fromEnv(java.util.Map.of("FIREGRID_STORE_CACHE_MB", "0")))
                .hasMessageContaining("FIREGRID_STORE_CACHE_MB");
    }

    /** The writer connection's {@code cache_size} (negative: KiB). */
    private static long cacheSize(Database db) throws Exception {
        return db.write(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA cache_size")) {
                rs.next();
                return rs.getLong(1);
            }
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
