package io.firegrid.agent.outbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the outbox keeps its log and how many bytes of unsent messages it may hold.
 *
 * @param dir      directory of the log file {@value Outbox#LOG_FILE}; created if missing
 * @param maxBytes bound on the unsent records, header included; default {@link #DEFAULT_MAX_BYTES},
 *                 minimum {@link #MIN_MAX_BYTES}. The file on disk may grow to twice this before
 *                 it is compacted.
 */
public record OutboxOptions(Path dir, long maxBytes) {

    /** 8 MiB: some 50,000 typical messages, a day of readings at one a second and more. */
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

    /** 64 KiB: room for a few of the largest messages the codec produces. */
    public static final long MIN_MAX_BYTES = 64L * 1024;

    public OutboxOptions {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("outbox maxBytes must be at least " + MIN_MAX_BYTES + ", was " + maxBytes);
        }
    }

    /** An outbox in {@code dir} with the default bound. */
    public static OutboxOptions in(Path dir) {
        return new OutboxOptions(dir, DEFAULT_MAX_BYTES);
    }
}
