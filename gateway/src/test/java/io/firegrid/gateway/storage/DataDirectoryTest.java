package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of the data directory are the gateway's, and that only those are restricted. */
class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void theStoresWithSqlitesSideFilesAndTheSmallFilesAreTheGateways() {
        for (String name : List.of("firegrid.db", "firegrid.db-wal", "firegrid.db-shm", "firegrid.db-journal",
                "telemetry.db", "telemetry.db-wal", "hono-outbox.db", "hono-outbox.db-shm", "admin-token",
                "admin-token.tmp", "secret.key", "ports.json", "ports.json.tmp", "telemetry-buffer", "ca-key.pem",
                "server-key.pem")) {
            assertThat(DataDirectory.isGatewayFile(name)).as(name).isTrue();
        }
    }

    @Test
    void otherFilesAreNot() {
        for (String name : List.of("notes.txt", "firegrid.dbx", "firegrid.db.bak", "my-admin-token", "server-cert.pem",
                "telemetry-buffer-old")) {
            assertThat(DataDirectory.isGatewayFile(name)).as(name).isFalse();
        }
    }

    @Test
    void aMissingDirectoryIsCreated700AndReturnedAbsolute() throws Exception {
        Path dir = tmp.resolve("a").resolve("data");

        Path secured = DataDirectory.secure(dir);

        assertThat(secured).isEqualTo(dir.toAbsolutePath());
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void theGatewaysFilesAreRestrictedAndOthersLeftAsTheyWere() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path token = Files.writeString(tmp.resolve("admin-token"), "t\n");
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "shared\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));

        DataDirectory.secure(tmp);

        assertThat(mode(tmp)).isEqualTo("rwx------");
        assertThat(mode(token)).isEqualTo("rw-------");
        assertThat(mode(notes)).isEqualTo("rw-r--r--");
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsRefusedNamingItAndTheSetting() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThatThrownBy(() -> DataDirectory.secure(file.resolve("data")))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("data-dir"))
                .hasMessageContaining("cannot create or restrict " + file.resolve("data"))
                .hasMessageContaining("check FIREGRID_DATA_DIR");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
