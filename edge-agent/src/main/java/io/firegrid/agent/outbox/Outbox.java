package io.firegrid.agent.outbox;

import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk queue every message goes through before it is sent.
 *
 * <p><b>Durable.</b> {@link #append} returns once the message is forced to the device, so it
 * survives {@code kill -9} and power loss; {@link #acked} forces a removal record before it
 * returns ({@link #acked(Collection)} forces many in one write). Reopening replays what was appended and not removed, in the order it was appended.
 * A record torn by a crash, or one whose CRC does not match, ends the log: it and anything after
 * it are cut off on open and the loss is logged.
 *
 * <p><b>Order.</b> Events go before telemetry; within each, messages go in the order appended,
 * which is the order of {@code seq}. {@link #peek(int)} gives the next messages to send.
 *
 * <p><b>Bounded.</b> Unsent records take at most {@link OutboxOptions#maxBytes()} bytes. To make
 * room, the oldest telemetry is dropped and counted ({@link #droppedTelemetry()}); an event is
 * never dropped. A message that does not fit once no telemetry is left is refused with
 * {@code UNAVAILABLE/outbox-full} and counted ({@link #refused()}). The file is compacted when it
 * reaches twice the bound, or truncated when nothing is left to send.
 *
 * <p>Thread-safe. Writes ({@code append}, {@code acked}, {@code handledElsewhere}) take turns and
 * each costs one fsync; the messages they add or remove change in memory only once that fsync
 * returned. Reads ({@link #peek(int)}, {@link #size()} and the other counts) never wait for a
 * write's fsync: they see the queue as it was before it, or after it. So one thread can go on
 * sending from the outbox while another forces the removal of what the gateway acknowledged.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Name of the log file in {@link OutboxOptions#dir()}. */
    public static final String LOG_FILE = "outbox.log";

    /** One message waiting to be sent: its {@code seq}, endpoint and encoded body. */
    public record Message(long seq, Endpoint endpoint, byte[] body) {
    }

    private final OutboxOptions options;
    private final OutboxLog log;
    /** Held by a write from its first look at the queue to its last change: writes take turns, reads do not wait. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Map<Long, Message> events = new LinkedHashMap<>();
    private final Map<Long, Message> telemetry = new LinkedHashMap<>();
    private long bytes;
    private long droppedTelemetry;
    private long refused;
    private long handledElsewhere;
    private boolean closed;

    private Outbox(OutboxOptions options, OutboxLog log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Opens the outbox in {@code options.dir()}, replaying the messages not yet acknowledged.
     *
     * @throws FireGridException {@code UNAVAILABLE/outbox-io} if the directory or file cannot be used
     */
    public static Outbox open(OutboxOptions options) {
        Path file = options.dir().resolve(LOG_FILE);
        List<OutboxLog.Entry> entries = new ArrayList<>();
        long[] truncated = new long[1];
        OutboxLog log;
        try {
            Files.createDirectories(options.dir());
            log = OutboxLog.open(file, entries, truncated);
        } catch (IOException e) {
            throw io("cannot open outbox " + file, e);
        }
        if (truncated[0] > 0) {
            LOG.warn("outbox tail damaged, {} byte(s) cut off [file: {}]", truncated[0], file);
        }
        Outbox outbox = new Outbox(options, log);
        for (OutboxLog.Entry e : entries) {
            if (e.type() == OutboxLog.ADD) {
                outbox.queue(e.endpoint()).put(e.seq(), new Message(e.seq(), e.endpoint(), e.body()));
            } else {
                outbox.queue(e.endpoint()).remove(e.seq());
                if (e.type() == OutboxLog.HANDLED) {
                    outbox.handledElsewhere++;
                }
            }
        }
        outbox.events.values().forEach(m -> outbox.bytes += size(m));
        outbox.telemetry.values().forEach(m -> outbox.bytes += size(m));
        LOG.info("outbox opened [file: {}, events: {}, telemetry: {}, bytes: {}]", file, outbox.events.size(),
                outbox.telemetry.size(), outbox.bytes);
        return outbox;
    }

    /**
     * Stores {@code body}, the encoded {@code message}, durably, dropping the oldest telemetry if
     * that is what it takes to stay within the bound.
     *
     * @throws FireGridException {@code UNAVAILABLE/outbox-full} if it does not fit without dropping an event,
     *         {@code CONFLICT/duplicate-seq} if a message with this seq is already queued,
     *         {@code PAYLOAD_TOO_LARGE/message-too-large} for a body over 1 MiB,
     *         {@code UNAVAILABLE/outbox-closed} after {@link #close()}, {@code UNAVAILABLE/outbox-io} if the write fails
     */
    public void append(DeviceMessage message, byte[] body) {
        append(new Message(message.seq(), message.endpoint(), body.clone()));
    }

    /**
     * Stores {@code m}, already encoded, as {@link #append(DeviceMessage, byte[])} does: a message
     * another path's outbox held, handed over to this one (docs/dual-path.md).
     */
    public void append(Message m) {
        writing.lock();
        try {
            appendLocked(m);
        } finally {
            writing.unlock();
        }
    }

    private void appendLocked(Message m) {
        List<OutboxLog.Entry> batch = new ArrayList<>();
        List<Message> evicted = new ArrayList<>();
        long need = size(m);
        synchronized (this) {
            checkOpen();
            if (m.body().length > OutboxLog.MAX_BODY) {
                throw new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "message-too-large",
                        "seq " + m.seq() + " has " + m.body().length + " bytes; the outbox takes at most " + OutboxLog.MAX_BODY);
            }
            if (events.containsKey(m.seq()) || telemetry.containsKey(m.seq())) {
                throw new FireGridException(FireGridException.Status.CONFLICT, "duplicate-seq",
                        "seq " + m.seq() + " is already in the outbox");
            }
            long free = options.maxBytes() - bytes;
            Iterator<Message> oldest = telemetry.values().iterator();
            while (free < need && oldest.hasNext()) {
                Message t = oldest.next();
                evicted.add(t);
                free += size(t);
                batch.add(new OutboxLog.Entry(OutboxLog.REMOVE, t.seq(), t.endpoint(), null));
            }
            if (free < need) {
                refused++;
                throw new FireGridException(FireGridException.Status.UNAVAILABLE, "outbox-full",
                        "outbox holds " + events.size() + " event(s) in " + bytes + " of " + options.maxBytes()
                                + " bytes; " + m.endpoint().wireName() + " seq " + m.seq() + " not queued");
            }
        }
        batch.add(new OutboxLog.Entry(OutboxLog.ADD, m.seq(), m.endpoint(), m.body()));
        write(batch);
        synchronized (this) {
            for (Message t : evicted) {
                telemetry.remove(t.seq());
                bytes -= size(t);
                droppedTelemetry++;
                LOG.debug("telemetry dropped to make room [seq: {}]", t.seq());
            }
            queue(m.endpoint()).put(m.seq(), m);
            bytes += need;
        }
        compactIfLarge();
    }

    /** The next message to send: the oldest event, else the oldest telemetry. */
    public synchronized Optional<Message> peek() {
        List<Message> next = peek(1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    }

    /** Up to {@code max} messages in sending order: events first, then telemetry, oldest first. */
    public List<Message> peek(int max) {
        return peek(max, seq -> false);
    }

    /**
     * Up to {@code max} messages in sending order, leaving out those {@code skip} accepts: the
     * messages a sender already has in flight. It runs while the outbox is locked, so it must be
     * quick and must not call the outbox.
     */
    public synchronized List<Message> peek(int max, LongPredicate skip) {
        List<Message> out = new ArrayList<>(Math.min(max, events.size() + telemetry.size()));
        for (Map<Long, Message> q : List.of(events, telemetry)) {
            for (Message m : q.values()) {
                if (out.size() >= max) {
                    return out;
                }
                if (!skip.test(m.seq())) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * Removes message {@code seq} for good once the gateway has acknowledged it.
     *
     * @return false if no such message is queued (already acknowledged, or dropped)
     * @throws FireGridException {@code UNAVAILABLE/outbox-io} if the write fails; the message then stays queued
     */
    public boolean acked(long seq) {
        return acked(Set.of(seq)) == 1;
    }

    /**
     * Removes every message of {@code seqs} for good, with one write and one fsync for all of them:
     * the gateway's acknowledgements that arrived while the previous removal was being forced.
     * Losing such a write to a crash costs copies, never a message: they are sent again and the
     * gateway drops them by {@code seq}.
     *
     * @return how many were queued and are now removed (the others were already acknowledged, or dropped)
     * @throws FireGridException {@code UNAVAILABLE/outbox-io} if the write fails; the messages then stay queued
     */
    public int acked(Collection<Long> seqs) {
        return remove(seqs, OutboxLog.REMOVE);
    }

    /**
     * Removes every message of {@code seqs} that another reporting path has acknowledged, recording
     * in the log that this path did not: after a restart they are not sent here again, and
     * {@link #handledElsewhere()} counts them (docs/dual-path.md).
     *
     * @return how many were queued here and are now removed
     * @throws FireGridException {@code UNAVAILABLE/outbox-io} if the write fails; the messages then stay queued
     */
    public int handledElsewhere(Collection<Long> seqs) {
        return remove(seqs, OutboxLog.HANDLED);
    }

    /** Events queued, oldest first. */
    public synchronized List<Message> queuedEvents() {
        return List.copyOf(events.values());
    }

    /** Messages removed here because another path acknowledged them, this log's whole life (until emptied). */
    public synchronized long handledElsewhere() {
        return handledElsewhere;
    }

    private int remove(Collection<Long> seqs, byte type) {
        writing.lock();
        try {
            return removeLocked(seqs, type);
        } finally {
            writing.unlock();
        }
    }

    private int removeLocked(Collection<Long> seqs, byte type) {
        List<Message> removed = new ArrayList<>(seqs.size());
        List<OutboxLog.Entry> batch = new ArrayList<>(seqs.size());
        synchronized (this) {
            checkOpen();
            for (long seq : seqs instanceof Set<Long> distinct ? distinct : new LinkedHashSet<>(seqs)) {
                Message m = events.containsKey(seq) ? events.get(seq) : telemetry.get(seq);
                if (m != null) {
                    removed.add(m);
                    batch.add(new OutboxLog.Entry(type, seq, m.endpoint(), null));
                }
            }
        }
        if (removed.isEmpty()) {
            return 0;
        }
        write(batch);
        boolean empty;
        synchronized (this) {
            for (Message m : removed) {
                queue(m.endpoint()).remove(m.seq());
                bytes -= size(m);
            }
            if (type == OutboxLog.HANDLED) {
                handledElsewhere += removed.size();
            }
            empty = events.isEmpty() && telemetry.isEmpty();
        }
        if (empty) {
            // no write can come in between: they take turns, and this one still has its turn
            try {
                log.clear();
            } catch (IOException e) {
                throw io("cannot empty outbox in " + options.dir(), e);
            }
        } else {
            compactIfLarge();
        }
        return removed.size();
    }

    /** Messages queued. */
    public synchronized int size() {
        return events.size() + telemetry.size();
    }

    /** Events queued. */
    public synchronized int events() {
        return events.size();
    }

    /** Bytes the queued messages take in the log, headers included. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Telemetry dropped unsent to make room since this outbox was opened. */
    public synchronized long droppedTelemetry() {
        return droppedTelemetry;
    }

    /** Messages refused with {@code outbox-full} since this outbox was opened. */
    public synchronized long refused() {
        return refused;
    }

    /** Closes the file; everything appended and not acknowledged is there on the next open. */
    @Override
    public void close() {
        writing.lock();
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            log.close();
        } catch (IOException e) {
            LOG.warn("cannot close outbox [dir: {}]", options.dir(), e);
        } finally {
            writing.unlock();
        }
    }

    private Map<Long, Message> queue(Endpoint endpoint) {
        return endpoint == Endpoint.EVENT ? events : telemetry;
    }

    private void write(List<OutboxLog.Entry> batch) {
        try {
            log.write(batch);
        } catch (IOException e) {
            throw io("cannot write outbox in " + options.dir(), e);
        }
    }

    private void compactIfLarge() {
        try {
            if (log.size() > 2 * options.maxBytes()) {
                rewrite();
            }
        } catch (IOException e) {
            throw io("cannot size outbox in " + options.dir(), e);
        }
    }

    /** With the turn to write: no other write changes the queue meanwhile. */
    private void rewrite() {
        List<OutboxLog.Entry> live = new ArrayList<>();
        synchronized (this) {
            for (Map<Long, Message> q : List.of(events, telemetry)) {
                q.values().forEach(m -> live.add(new OutboxLog.Entry(OutboxLog.ADD, m.seq(), m.endpoint(), m.body())));
            }
        }
        try {
            log.rewrite(live);
        } catch (IOException e) {
            synchronized (this) {
                closed = true;
            }
            throw io("cannot compact outbox in " + options.dir() + "; it is closed, reopen it to go on", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "outbox-closed",
                    "outbox in " + options.dir() + " is closed");
        }
    }

    private static long size(Message m) {
        return OutboxLog.recordBytes(m.body().length);
    }

    private static FireGridException io(String what, IOException e) {
        return new FireGridException(FireGridException.Status.UNAVAILABLE, "outbox-io", what + ": " + e.getMessage(), e);
    }
}
