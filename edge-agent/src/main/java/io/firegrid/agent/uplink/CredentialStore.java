package io.firegrid.agent.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials the gateway handed the device with the command {@code rotate-credentials}
 * (docs/lifecycle.md), kept in {@code credentials.json} in the uplink's directory, mode 600. They
 * take the place of the password (and PSK) of {@code agent.env} from then on, across restarts, so
 * that a rotated device never falls back to a password the gateway has revoked. Each save writes
 * a temporary file, forces it to disk and renames it over the old one: a power cut leaves the old
 * credentials or the new ones, never half of them.
 */
public final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file's name in the uplink's directory. */
    public static final String FILE_NAME = "credentials.json";

    /**
     * Credentials received by command; {@code psk} null when only the password was rotated,
     * {@code pskIdentity} the DTLS identity of that PSK, null for the first one, {@code {device}@{tenant}}.
     */
    public record Credentials(String password, String psk, String pskIdentity) {
        public Credentials(String password, String psk) {
            this(password, psk, null);
        }

        /**
         * The body of a {@code rotate-credentials} command ({@code {"password", "psk"?, "pskIdentity"?}});
         * empty when it is not JSON, its password is shorter than 8 characters or its PSK is empty.
         */
        public static Optional<Credentials> fromCommand(byte[] body) {
            try {
                JsonNode n = new ObjectMapper().readTree(body);
                String password = n == null ? "" : n.path("password").asText("");
                String psk = n != null && n.hasNonNull("psk") ? n.get("psk").asText() : null;
                String identity = n != null && n.hasNonNull("pskIdentity") ? n.get("pskIdentity").asText() : null;
                if (password.length() < 8 || psk != null && psk.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(password, psk, identity));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "Credentials[password=***" + (psk == null ? "" : ", psk=***, pskIdentity=" + pskIdentity) + "]";
        }
    }

    private final Path file;

    public CredentialStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    /** The credentials last saved; empty when none were (the ones in {@code agent.env} stand). */
    public Optional<Credentials> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            String password = n.path("password").asText(null);
            if (password == null || password.isEmpty()) {
                LOG.warn("credentials file without a password ignored [file: {}]", file);
                return Optional.empty();
            }
            return Optional.of(new Credentials(password, n.hasNonNull("psk") ? n.get("psk").asText() : null,
                    n.hasNonNull("pskIdentity") ? n.get("pskIdentity").asText() : null));
        } catch (IOException e) {
            LOG.warn("credentials file unreadable, the configured password stands [file: {}]: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Replaces the saved credentials, durably; a PSK not given keeps the one saved before, with its identity.
     *
     * @throws FireGridException {@code UNAVAILABLE/credentials-io} when the file cannot be written
     */
    public void save(Credentials credentials) {
        Credentials before = credentials.psk() != null ? credentials : load().orElse(credentials);
        ObjectNode o = JSON.createObjectNode().put("password", credentials.password());
        if (before.psk() != null) {
            o.put("psk", before.psk());
            if (before.pskIdentity() != null) {
                o.put("pskIdentity", before.pskIdentity());
            }
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(o)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                LOG.debug("cannot force directory [dir: {}]: {}", file.getParent(), e.getMessage());
            }
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "credentials-io",
                    "cannot save the new credentials to " + file + ": " + e.getMessage(), e);
        }
    }
}
