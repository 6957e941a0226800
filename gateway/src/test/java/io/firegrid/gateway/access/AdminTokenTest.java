package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token: the configured one, or one generated into the data directory once and kept. */
class AdminTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void aConfiguredTokenIsUsedAndNothingIsWritten() {
        assertThat(AdminToken.resolve("from-the-environment", dataDir)).isEqualTo("from-the-environment");

        assertThat(dataDir.resolve(AdminToken.FILE)).doesNotExist();
    }

    @Test
    void withoutOneATokenIsGeneratedIntoAFileOnlyItsOwnerCanRead() throws Exception {
        String token = AdminToken.resolve(null, dataDir);

        assertThat(token).matches("[0-9a-f]{48}");
        Path file = dataDir.resolve(AdminToken.FILE);
        assertThat(Files.readString(file)).isEqualTo(token + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theGeneratedTokenIsReusedByTheNextStart() {
        String first = AdminToken.resolve(null, dataDir);

        String second = AdminToken.resolve(null, dataDir);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void twoDataDirectoriesGetDifferentTokens() throws Exception {
        Path other = Files.createDirectory(dataDir.resolve("other"));

        assertThat(AdminToken.resolve(null, dataDir)).isNotEqualTo(AdminToken.resolve(null, other));
    }

    @Test
    void aTokenFileWrittenByHandIsReadWithoutItsNewline() throws Exception {
        Files.writeString(dataDir.resolve(AdminToken.FILE), "  written-by-hand\n");

        assertThat(AdminToken.resolve(null, dataDir)).isEqualTo("written-by-hand");
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedNamingTheFileAndTheSetting() throws Exception {
        Path notADirectory = Files.writeString(dataDir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> AdminToken.resolve(null, notADirectory))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("data-dir"))
                .hasMessageContaining(notADirectory.resolve(AdminToken.FILE).toString())
                .hasMessageContaining("check FIREGRID_DATA_DIR");
    }
}
