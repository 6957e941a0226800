package io.firegrid.agent.outbox;

import io.firegrid.protocol.Endpoint;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The append-only file under the outbox. Each record is
 * {@code [int length][int crc32 of payload][payload]}, the payload being
 * {@code [byte type][long seq][byte endpoint][body]} where type is {@link #ADD}, {@link #REMOVE} or
 * {@link #HANDLED} (those two have no body). {@link #write} returns once the records are forced to the device.
 *
 * <p>Reading stops at the first record that is short, has an impossible length or a wrong CRC:
 * with an append-only file forced after every write, only the tail can be damaged, by a crash
 * in the middle of a write. That record and anything after it are cut off.
 *
 * <p>Not thread-safe; the {@link Outbox} serialises access.
 */
final class OutboxLog implements AutoCloseable {

    static final byte ADD = 1;
    static final byte REMOVE = 2;
    /** Removed because another reporting path acknowledged it (docs/dual-path.md); read like {@link #REMOVE}. */
    static final byte HANDLED = 3;
    static final int HEADER = 4 + 4;
    private static final int PAYLOAD_FIXED = 1 + 8 + 1;
    /** Longest payload; a longer length field marks a damaged record. The outbox refuses bodies that would exceed it. */
    static final int MAX_PAYLOAD = 1 << 20;
    /** Longest body a record can carry. */
    static final int MAX_BODY = MAX_PAYLOAD - PAYLOAD_FIXED;

    /** One decoded record. */
    record Entry(byte type, long seq, Endpoint endpoint, byte[] body) {
    }

    private final Path file;
    private FileChannel channel;

    private OutboxLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens or creates {@code file}, reads its intact records and cuts off a damaged tail. */
    static OutboxLog open(Path file, List<Entry> into, long[] truncated) throws IOException {
        Files.deleteIfExists(compactFile(file));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = ch.size();
        long pos = 0;
        // read front to back through one buffer: a system call per 64 KiB, not two per record
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
        CRC32 crc = new CRC32();
        while (pos + HEADER <= size) {
            int length = in.readInt();
            int expected = in.readInt();
            if (length < PAYLOAD_FIXED || length > MAX_PAYLOAD || pos + HEADER + length > size) {
                break;
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            crc.reset();
            crc.update(payload);
            if ((int) crc.getValue() != expected) {
                break;
            }
            Entry e = decode(ByteBuffer.wrap(payload));
            if (e == null) {
                break;
            }
            into.add(e);
            pos += HEADER + length;
        }
        truncated[0] = size - pos;
        if (pos < size) {
            ch.truncate(pos);
            ch.force(true);
        }
        ch.position(pos);
        return new OutboxLog(file, ch);
    }

    /**
     * Appends the records and forces them to the device before returning. A failed write is cut
     * back off, so that a half-written record cannot hide the records written after it.
     */
    void write(Collection<Entry> entries) throws IOException {
        ByteBuffer buf = encode(entries);
        long start = channel.position();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        } catch (IOException e) {
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * Empties the file once every record in it is removed. A crash half-way leaves the old
     * content, which says the same: nothing to send.
     */
    void clear() throws IOException {
        channel.truncate(0);
        channel.position(0);
        channel.force(true);
    }

    long size() throws IOException {
        return channel.size();
    }

    /**
     * Replaces the file with one holding only {@code live} ADD records: written to a side file,
     * forced, renamed over the log atomically and the directory forced. A crash at any point
     * leaves either the old log or the new one, both complete.
     */
    void rewrite(Collection<Entry> live) throws IOException {
        Path tmp = compactFile(file);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = encode(live);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    static int recordBytes(Entry e) {
        return recordBytes(e.body() == null ? 0 : e.body().length);
    }

    static int recordBytes(int bodyLength) {
        return HEADER + PAYLOAD_FIXED + bodyLength;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static ByteBuffer encode(Collection<Entry> entries) {
        int total = 0;
        for (Entry e : entries) {
            total += recordBytes(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        CRC32 crc = new CRC32();
        for (Entry e : entries) {
            byte[] body = e.body() == null ? new byte[0] : e.body();
            ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_FIXED + body.length);
            payload.put(e.type()).putLong(e.seq()).put((byte) e.endpoint().ordinal()).put(body);
            crc.reset();
            crc.update(payload.array());
            buf.putInt(payload.capacity()).putInt((int) crc.getValue()).put(payload.array());
        }
        buf.flip();
        return buf;
    }

    private static Entry decode(ByteBuffer payload) {
        byte type = payload.get();
        long seq = payload.getLong();
        int endpoint = payload.get();
        if ((type != ADD && type != REMOVE && type != HANDLED) || endpoint < 0 || endpoint >= Endpoint.values().length) {
            return null;
        }
        byte[] body = new byte[payload.remaining()];
        payload.get(body);
        return new Entry(type, seq, Endpoint.values()[endpoint], type == ADD ? body : null);
    }

    private static void forceDirectory(Path dir) throws IOException {
        // makes the rename durable on Linux; other systems may refuse to open a directory
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    static Path compactFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compact");
    }
}
