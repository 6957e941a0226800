package io.firegrid.agent.thresholds;

import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link Thresholds} set by command in one small JSON file, so they outlive a restart
 * and a power cut: each save writes a temporary file, forces it to disk and renames it over the
 * old one, so the file holds either the old thresholds or the new, never a torn mix.
 *
 * <p>Not thread-safe; the agent calls it on its command thread.
 */
public final class ThresholdStore {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdStore.class);

    /** Name of the file under the agent's data directory. */
    public static final String FILE_NAME = "thresholds.json";

    private final Path file;

    public ThresholdStore(Path file) {
        this.file = file;
    }

    /** A store for nothing: {@link #load} finds nothing and {@link #save} keeps nothing (tests, demo panels). */
    public static ThresholdStore none() {
        return new ThresholdStore(null);
    }

    /**
     * The thresholds last saved, applied over {@code defaults}; {@code defaults} when none were
     * saved. A file that cannot be read or holds bad values is logged and ignored, so the agent
     * still starts and sounds its siren with its configured thresholds.
     */
    public Thresholds load(Thresholds defaults) {
        if (file == null) {
            return defaults;
        }
        try {
            Thresholds t = defaults.with(Files.readAllBytes(file));
            LOG.info("thresholds set by command in force [file: {}, thresholds: {}]", file, t.toJson());
            return t;
        } catch (NoSuchFileException e) {
            return defaults;
        } catch (IOException | FireGridException e) {
            LOG.warn("thresholds file ignored, using the configured ones [file: {}]: {}", file, e.getMessage());
            return defaults;
        }
    }

    /**
     * Replaces the saved thresholds, durably.
     *
     * @throws FireGridException {@code UNAVAILABLE/thresholds-io} when the file cannot be written
     */
    public void save(Thresholds thresholds) {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(thresholds.toJsonBytes()));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "thresholds-io",
                    "cannot save thresholds to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file, if the thresholds are kept at all. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private static void forceDirectory(Path dir) {
        // makes the rename itself durable; not every file system lets a directory be opened
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force directory [dir: {}]: {}", dir, e.getMessage());
        }
    }
}
