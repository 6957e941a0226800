package io.firegrid.config.registration;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Device passwords kept in a file only its owner can read (mode 600), one {@code device@tenant=password}
 * per line. A device already in the file keeps its password, so registering again reuses it; a new
 * device gets 18 random bytes (24 Base64url characters). The gateway stores only a hash.
 */
public final class Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, String> passwords = new TreeMap<>();

    private Credentials(Path file) {
        this.file = file;
    }

    /** The credentials in {@code file}, or none if it does not exist yet. */
    public static Credentials load(Path file) throws IOException {
        Credentials c = new Credentials(file);
        if (Files.exists(file)) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            p.stringPropertyNames().forEach(k -> c.passwords.put(k, p.getProperty(k)));
        }
        return c;
    }

    public Path file() {
        return file;
    }

    public boolean has(String authId) {
        return passwords.containsKey(authId);
    }

    /** The password of {@code authId}, made up now if the file has none. */
    public String passwordFor(String authId) {
        return passwords.computeIfAbsent(authId, k -> {
            byte[] b = new byte[18];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
    }

    public void forget(String authId) {
        passwords.remove(authId);
    }

    /** Writes the file atomically, readable and writable by its owner only. */
    public void save() throws IOException {
        StringBuilder sb = new StringBuilder("# FireGrid device passwords (device@tenant=password). Keep this file private:\n"
                + "# each device's configuration bundle needs its password; the gateway cannot show it again.\n");
        passwords.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Path dir = file.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot make " + file + " private on this file system; write it to a Linux or macOS disk", e);
        }
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
