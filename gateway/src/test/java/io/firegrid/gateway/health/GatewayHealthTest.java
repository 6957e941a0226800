package io.firegrid.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.FullDisk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} tells the truth: down while alarms cannot be stored, degraded while something is shed. */
class GatewayHealthTest {

    private static final List<String> SCHEMA = List.of("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, pad TEXT)");

    @TempDir
    Path dir;

    @Test
    void upWhenTheStoreWritesAndHasRoom() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            JsonObject report = health(db).report();

            assertThat(report.getString("status")).isEqualTo("up");
            assertThat(report.getJsonArray("reasons")).isEmpty();
            assertThat(report.getJsonObject("store").getString("writer")).isEqualTo("running");
            assertThat(report.getJsonObject("files").getLong("open")).isPositive();
            assertThat(report.getJsonObject("files").getLong("needed")).isEqualTo(100 + 20 + 3 + FileBudget.RESERVE);
            assertThat(report.getInteger("devices")).as("the parts are merged in").isEqualTo(3);
        }
    }

    @Test
    void downOnceTheStoreWriterHasStopped() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            db.write(c -> {
                throw new OutOfMemoryError("simulated");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !db.health().writerAlive());

            JsonObject report = health(db).report();

            assertThat(report.getString("status")).isEqualTo("down");
            assertThat(report.getJsonArray("reasons").getString(0)).contains("store writer stopped", "restart");
        }
    }

    @Test
    void downWhileCommitsFailOnAFullDiskAndUpAgainOnceTheyDoNot() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            GatewayHealth health = health(db);
            FullDisk.leaveRoomFor(db, 0);
            var full = db.write(c -> {
                for (int k = 0; k < 20; k++) {
                    exec(c, "INSERT INTO t VALUES (" + k + ", '" + "x".repeat(2_000) + "')");
                }
                return 0;
            });
            await().atMost(Duration.ofSeconds(10)).until(full::isComplete);
            assertThat(full.failed()).isTrue();

            JsonObject down = health.report();
            assertThat(down.getString("status")).isEqualTo("down");
            assertThat(down.getJsonArray("reasons").getString(0)).contains("store commits failing");

            FullDisk.free(db);
            db.write(c -> exec(c, "INSERT INTO t VALUES (1, 'x')")).toCompletionStage().toCompletableFuture().get();
            assertThat(health.report().getString("status")).isEqualTo("up");
        }
    }

    @Test
    void degradedWhileTheDiskIsBelowTheReserve() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA,
                Database.Limits.DEFAULTS.withTelemetryReserveBytes(Long.MAX_VALUE), Clock.systemUTC())) {
            JsonObject report = health(db).report();

            assertThat(report.getString("status")).isEqualTo("degraded");
            assertThat(report.getJsonArray("reasons").getString(0)).contains("disk low", "readings refused");
        }
    }

    @Test
    void degradedWhileTheTelemetryDatabaseIsUnreachableAndAlarmsAreStillStored() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            JsonObject telemetry = new JsonObject().put("sink", "influxdb-v1 http://127.0.0.1:8086").put("reachable", false)
                    .put("buffered", 84).put("lastError", "InfluxDB write failed: java.net.ConnectException: Connection refused");
            JsonObject report = new GatewayHealth(db, new SimpleMeterRegistry(), new FileBudget(100, 20, 3),
                    () -> new JsonObject().put("telemetry", telemetry)).report();

            assertThat(report.getString("status")).isEqualTo("degraded");
            assertThat(report.getJsonArray("reasons").getString(0))
                    .contains("telemetry database unreachable", "Connection refused", "84 buffered on disk");
        }
    }

    @Test
    void degradedWhileTheTelemetryHistoryIsNotWrittenWithWhatIsDropped() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            JsonObject telemetry = new JsonObject().put("sink", "embedded").put("failingSince", "2026-12-07T09:38:27Z")
                    .put("droppedWriteFailed", 12).put("lastError", "[SQLITE_FULL] Insertion failed because database is full");
            JsonObject report = health(db, new JsonObject().put("telemetry", telemetry)).report();

            assertThat(report.getString("status")).isEqualTo("degraded");
            assertThat(report.getJsonArray("reasons").getString(0)).contains("telemetry history not written since "
                    + "2026-12-07T09:38:27Z", "SQLITE_FULL", "12 points dropped", "reason=\"write-failed\"");
        }
    }

    @Test
    void degradedWhileHonoOrTheMonitoringCentreIsNotConnectedEachNamed() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            JsonObject hono = new JsonObject().put("enabled", true).put("connected", false).put("host", "hono.example")
                    .put("port", 5671).put("buffered", new JsonObject().put("event", 1).put("telemetry", 5).put("alarm", 1));
            JsonObject centre = new JsonObject().put("enabled", true).put("connected", false).put("centre", "10.0.0.9:9000")
                    .put("queued", 3).put("downSince", "2026-12-07T10:00:00Z").put("lastError", "cannot connect: Connection refused");
            JsonObject report = health(db, new JsonObject().put("hono", hono).put("gb26875Centre", centre)).report();

            assertThat(report.getString("status")).isEqualTo("degraded");
            assertThat(report.getJsonArray("reasons").getList()).hasSize(2);
            assertThat(report.getJsonArray("reasons").getString(0)).contains("Hono not connected", "hono.example:5671",
                    "7 messages buffered");
            assertThat(report.getJsonArray("reasons").getString(1)).contains("GB/T 26875.3 centre not connected",
                    "10.0.0.9:9000", "since 2026-12-07T10:00:00Z", "Connection refused", "3 reports queued");
        }
    }

    @Test
    void upWhileTheLinksAreConnectedOrSwitchedOff() {
        try (Database db = Database.open(dir.resolve("t.db"), SCHEMA)) {
            JsonObject parts = new JsonObject().put("telemetry", new JsonObject().put("sink", "embedded").putNull("failingSince"))
                    .put("hono", new JsonObject().put("enabled", true).put("connected", true))
                    .put("gb26875Centre", new JsonObject().put("enabled", false));

            JsonObject report = health(db, parts).report();

            assertThat(report.getString("status")).as("%s", report.getJsonArray("reasons")).isEqualTo("up");
        }
    }

    private static GatewayHealth health(Database db, JsonObject parts) {
        return new GatewayHealth(db, new SimpleMeterRegistry(), new FileBudget(100, 20, 3), () -> parts);
    }

    private static GatewayHealth health(Database db) {
        return new GatewayHealth(db, new SimpleMeterRegistry(), new FileBudget(100, 20, 3), () -> new JsonObject().put("devices", 3));
    }

    private static Integer exec(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return 0;
    }
}
