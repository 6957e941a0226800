package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.settings.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that encrypts device secrets at rest: {@code FIREGRID_SECRET_KEY} (64 hex digits) when
 * set, else {@code $FIREGRID_DATA_DIR/secret.key}, generated on first start and created readable
 * by the owner only (mode 600) before any byte is written to it.
 */
public final class SecretKeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);

    /** File name inside the data directory. */
    public static final String FILE_NAME = "secret.key";

    /** The key as 64 hex digits; checked when the gateway starts, so a bad one stops it with what to do. */
    public static final Setting<String> KEY = Setting.string("FIREGRID_SECRET_KEY", null,
            "generated into $FIREGRID_DATA_DIR/secret.key, mode 600",
            "64 hex digits encrypting device PSKs and webhook secrets at rest");

    private SecretKeyFile() {
    }

    /** The key from {@code configured} (hex), or from the data directory's key file, created if missing. */
    public static byte[] load(Path dataDir, String configured) {
        if (configured != null) {
            return parse(configured, KEY.name());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                io.firegrid.gateway.storage.PrivateFiles.createDirectories(dataDir);
                byte[] key = new byte[SecretBox.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                    LOG.warn("cannot restrict permissions of {}", file);
                } catch (FileAlreadyExistsException e) {
                    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                }
                Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.UTF_8);
                LOG.info("no FIREGRID_SECRET_KEY set: generated the key for device secrets [file: {}]", file);
                return key;
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot read or write " + file + ": " + e.getMessage() + " (check FIREGRID_DATA_DIR)", e);
        }
    }

    private static byte[] parse(String hex, String source) {
        String s = hex.strip();
        if (!s.matches("[0-9a-fA-F]{" + 2 * SecretBox.KEY_BYTES + "}")) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "bad-secret-key", source
                    + " must hold " + 2 * SecretBox.KEY_BYTES + " hex digits (a 256-bit key), e.g. from `openssl rand -hex 32`");
        }
        return HexFormat.of().parseHex(s);
    }
}
