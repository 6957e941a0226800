package io.firegrid.gateway.access;

import io.firegrid.gateway.storage.PrivateFiles;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token of the HTTP API: the value of {@code FIREGRID_ADMIN_TOKEN} when it is set,
 * otherwise the one in the data directory's {@value #FILE} file, generated there on the first start
 * (24 random bytes as 48 hex digits, the file created mode 600 before the token is written into it)
 * and read back on every later start, so the token survives restarts.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    /** Name of the file in the data directory. */
    public static final String FILE = "admin-token";
    /** Random bytes of a generated token. */
    public static final int GENERATED_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminToken() {
    }

    /**
     * The configured token, or the one kept in {@code dataDir}, generated there when there is none.
     *
     * @param configured the value of {@code FIREGRID_ADMIN_TOKEN}, {@code null} when unset
     * @throws FireGridException when the file cannot be read or written; the reason names it
     */
    public static String resolve(String configured, Path dataDir) {
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] bytes = new byte[GENERATED_BYTES];
            RANDOM.nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            // created mode 600 before the token is written into it
            PrivateFiles.writeAtomically(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.info("no FIREGRID_ADMIN_TOKEN set: generated an admin token [file: {}]", file);
            return token;
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot read or write " + file + ": " + e.getMessage() + " (check FIREGRID_DATA_DIR)", e);
        }
    }
}
