package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and every file the gateway writes in it are its owner's only, from creation. */
class DataDirPermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDataDirIsCreated700AndEveryFileInIt600() throws Exception {
        Path dataDir = tmp.resolve("new").resolve("data");
        // no admin token and no secret key set: both are generated into the data directory
        GatewayConfig config = TestGateway.config(dataDir).withAdminToken(null);

        try (Gateway gw = Gateway.start(config)) {
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            for (String name : List.of("firegrid.db", "firegrid.db-wal", "firegrid.db-shm", "telemetry.db",
                    "telemetry.db-wal", "telemetry.db-shm", "admin-token", "ports.json", "secret.key")) {
                assertThat(dataDir.resolve(name)).as(name).exists();
                assertThat(mode(dataDir.resolve(name))).as(name).isEqualTo("rw-------");
            }
            assertNothingOpenToOthers(dataDir);
        }
    }

    @Test
    void aDataDirLeftReadableByAnEarlierVersionIsTightenedAtStart() throws Exception {
        Path dataDir = tmp.resolve("old");
        Files.createDirectories(dataDir.resolve("telemetry-buffer"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dataDir.resolve("telemetry-buffer"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dataDir.resolve("admin-token"), "an-old-admin-token\n");
        Files.writeString(dataDir.resolve("firegrid.db-wal"), "");
        // something else kept in the same directory is not the gateway's to change
        Files.writeString(dataDir.resolve("notes.txt"), "shared notes\n");
        Files.setPosixFilePermissions(dataDir.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        for (Path f : List.of(dataDir.resolve("admin-token"), dataDir.resolve("firegrid.db-wal"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }

        try (Gateway gw = Gateway.start(TestGateway.config(dataDir).withAdminToken(null))) {
            assertThat(gw.adminToken()).isEqualTo("an-old-admin-token");
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            assertThat(mode(dataDir.resolve("telemetry-buffer"))).isEqualTo("rwx------");
            assertThat(mode(dataDir.resolve("admin-token"))).isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("firegrid.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(dataDir.resolve("notes.txt"))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void theHonoOutboxAndEveryStoreOpenedThroughDatabaseAre600() throws Exception {
        Path file = tmp.resolve("sub").resolve("hono-outbox.db");
        Database db = Database.open(file, List.of("CREATE TABLE IF NOT EXISTS t (x INTEGER)"));
        try {
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(file.resolveSibling("hono-outbox.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(file.getParent())).isEqualTo("rwx------");
        } finally {
            db.close();
        }
    }

    private static void assertNothingOpenToOthers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> assertThat(mode(p)).as(p.toString()).endsWith("------"));
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
