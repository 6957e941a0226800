package io.firegrid.agent.seq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's message counter ({@code seq} of wire contract v1): rises by one per message and
 * never hands out a number twice, across restarts, crashes and power cuts.
 *
 * <p>{@link #next()} writes the new value and forces it to the storage device
 * ({@code FileChannel.force(true)}) before returning it, so a number is on disk before any message
 * carrying it leaves. The file holds two 16-byte slots (value, CRC-32, magic); values alternate
 * between them, so a write torn by a power cut damages only the slot being written, whose value
 * had not been handed out yet, and the other slot still holds the previous one.
 *
 * <p>A new file starts at {@code firstSeq}, by default the current Unix time in milliseconds: a
 * device whose data directory was wiped (a re-flashed SD card) then still numbers above what the
 * gateway has seen, instead of being dropped as a replay. If both slots are unreadable the counter
 * restarts from {@code firstSeq} as well, logged as an error: the agent must keep running its
 * siren rather than refuse to start over a counter.
 *
 * <p>Thread-safe.
 */
public final class SeqCounter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeqCounter.class);
    private static final int SLOT = 16;
    private static final int MAGIC = 0x46475351; // "FGSQ"

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(SLOT);
    private long last;

    private SeqCounter(Path file, FileChannel channel, long last) {
        this.file = file;
        this.channel = channel;
        this.last = last;
    }

    /** Opens (or creates) the counter file; a new counter starts at the current time in milliseconds. */
    public static SeqCounter open(Path file) throws IOException {
        return open(file, System::currentTimeMillis);
    }

    /** Opens (or creates) the counter file; a new or unreadable counter's first {@link #next()} is {@code firstSeq}. */
    public static SeqCounter open(Path file, LongSupplier firstSeq) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean existed = Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            OptionalLong stored = read(channel, file);
            if (!existed) {
                syncDirectory(dir);
            }
            long last = stored.isPresent() ? stored.getAsLong() : Math.max(0, firstSeq.getAsLong()) - 1;
            return new SeqCounter(file, channel, last);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reserves and returns the next number, durably.
     *
     * @throws UncheckedIOException if it cannot be stored; the number is then not handed out
     */
    public synchronized long next() {
        long next = last + 1;
        buffer.clear();
        buffer.putLong(next).putInt(crc(next)).putInt(MAGIC).flip();
        try {
            long position = (next & 1) * SLOT;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store seq " + next + " in " + file, e);
        }
        last = next;
        return next;
    }

    /** The last number handed out (or, before the first {@link #next()}, one less than the next). */
    public synchronized long last() {
        return last;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static OptionalLong read(FileChannel channel, Path file) throws IOException {
        if (channel.size() == 0) {
            return OptionalLong.empty();
        }
        ByteBuffer all = ByteBuffer.allocate(2 * SLOT);
        while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
            // keep reading until both slots or the end of the file
        }
        all.flip();
        OptionalLong best = OptionalLong.empty();
        while (all.remaining() >= SLOT) {
            long value = all.getLong();
            int crc = all.getInt();
            int magic = all.getInt();
            if (magic == MAGIC && crc == crc(value) && value >= 0 && (best.isEmpty() || value > best.getAsLong())) {
                best = OptionalLong.of(value);
            }
        }
        if (best.isEmpty()) {
            LOG.error("seq file {} is unreadable; numbering restarts from the first value", file);
        }
        return best;
    }

    private static int crc(long value) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(value).flip());
        return (int) crc.getValue();
    }

    /** Makes a new file's directory entry durable too; not every OS lets a directory be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.warn("cannot sync directory {} after creating the seq file: {}", dir, e.toString());
        }
    }
}
