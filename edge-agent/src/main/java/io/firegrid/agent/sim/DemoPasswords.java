package io.firegrid.agent.sim;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The demo devices' passwords, kept in {@value #FILE_NAME} in the simulator's data directory
 * (key {@code device@tenant}). A device without one gets a random password, written to the file
 * before the device is registered, so a registration that succeeds is never left without it.
 *
 * <p>Not thread-safe; the simulator uses it while starting up.
 */
final class DemoPasswords {

    static final String FILE_NAME = "demo-devices.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties stored = new Properties();

    private DemoPasswords(Path file) {
        this.file = file;
    }

    static DemoPasswords load(Path dataDir) throws IOException {
        DemoPasswords p = new DemoPasswords(dataDir.resolve(FILE_NAME));
        if (Files.exists(p.file)) {
            try (Reader r = Files.newBufferedReader(p.file, StandardCharsets.UTF_8)) {
                p.stored.load(r);
            }
        }
        return p;
    }

    /** The stored password of {@code device}, if any. */
    String stored(DemoDevice device) {
        return stored.getProperty(device.id().authId());
    }

    /** A new random password for {@code device}, stored before it is returned. */
    String generate(DemoDevice device) throws IOException {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        stored.setProperty(device.id().authId(), password);
        save();
        return password;
    }

    Path file() {
        return file;
    }

    private void save() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            stored.store(w, "FireGrid demo device passwords (device@tenant=password), as registered at the gateway");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
