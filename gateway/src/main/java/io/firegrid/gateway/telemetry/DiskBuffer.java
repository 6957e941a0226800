package io.firegrid.gateway.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded on-disk buffer of batches InfluxDB has not taken yet: one file per batch
 * ({@code <seq>-<points>.lp}, line protocol), read back oldest first, so points are replayed in the
 * order they arrived. It survives a restart of the gateway. When a new batch would make it exceed
 * its bound, the oldest batches are dropped (the newest readings matter most to the people
 * watching) and the points they held are reported to the caller to be counted.
 *
 * <p>Not thread-safe: the sink's thread owns it.
 */
final class DiskBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(DiskBuffer.class);
    private static final Pattern NAME = Pattern.compile("(\\d{16})-(\\d+)\\.lp");

    private record Segment(Path file, long seq, int points, long bytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long bytes;
    private long points;
    private long nextSeq;

    DiskBuffer(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            io.firegrid.gateway.storage.PrivateFiles.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> {
                    Matcher m = NAME.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        try {
                            segments.add(new Segment(f, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Files.size(f)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    } else if (f.getFileName().toString().endsWith(".tmp")) {
                        deleteQuietly(f);
                    }
                });
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot open the telemetry buffer " + dir + ": " + e.getMessage()
                    + " (check that FIREGRID_DATA_DIR is writable)", e);
        }
        List<Segment> sorted = segments.stream().sorted((a, b) -> Long.compare(a.seq(), b.seq())).toList();
        segments.clear();
        segments.addAll(sorted);
        for (Segment s : segments) {
            bytes += s.bytes();
            points += s.points();
        }
        nextSeq = segments.isEmpty() ? 0 : segments.peekLast().seq() + 1;
        if (!segments.isEmpty()) {
            LOG.info("telemetry buffer holds points from before the restart [points: {}, bytes: {}, dir: {}]", points, bytes, dir);
        }
    }

    /**
     * Appends a batch after the others.
     *
     * @return how many points were dropped to stay within the bound (the oldest, or this batch
     *         itself if it alone is larger than the bound)
     * @throws IOException when the batch cannot be written; nothing was dropped then
     */
    long append(List<String> lines) throws IOException {
        byte[] data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (data.length > maxBytes) {
            return lines.size();
        }
        long dropped = 0;
        while (bytes + data.length > maxBytes && !segments.isEmpty()) {
            dropped += removeOldest();
        }
        long seq = nextSeq++;
        Path file = dir.resolve(String.format("%016d-%d.lp", seq, lines.size()));
        io.firegrid.gateway.storage.PrivateFiles.writeAtomically(file, data);
        segments.addLast(new Segment(file, seq, lines.size(), data.length));
        bytes += data.length;
        points += lines.size();
        return dropped;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The oldest batch, without removing it. */
    List<String> oldest() throws IOException {
        Segment s = segments.peekFirst();
        if (s == null) {
            return List.of();
        }
        return Files.readAllLines(s.file(), StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
    }

    /** Removes the oldest batch; returns how many points it held. */
    int removeOldest() {
        Segment s = segments.pollFirst();
        if (s == null) {
            return 0;
        }
        bytes -= s.bytes();
        points -= s.points();
        deleteQuietly(s.file());
        return s.points();
    }

    long bytes() {
        return bytes;
    }

    long points() {
        return points;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cannot delete a telemetry buffer file [file: {}]", f, e);
        }
    }
}
