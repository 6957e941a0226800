package io.firegrid.gateway.hono;

import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.hono.HonoOutbox.Outgoing;
import io.firegrid.gateway.hono.HonoSender.Outcome;
import io.firegrid.protocol.DeviceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.hono.client.amqp.config.ClientConfigProperties;
import org.eclipse.hono.client.amqp.connection.HonoConnection;
import org.eclipse.hono.client.device.amqp.AmqpAdapterClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Northbound to Eclipse Hono's AMQP adapter, as a gateway acting on behalf of its devices.
 * Telemetry goes to {@code telemetry/{tenant}/{device}}, events and alarm changes to
 * {@code event/{tenant}/{device}}, each with its content type ({@link #READINGS_TYPE},
 * {@link #EVENT_TYPE}, {@link #ALARM_TYPE}); the gateway authenticates with SASL PLAIN as
 * {@code auth-id@tenant}.
 *
 * <p>What to send is recorded by the gateway's store in a {@link HonoJournal}, in the same
 * transaction as the message or alarm change itself, so nothing acknowledged can miss Hono. After
 * the commit the gateway calls {@link #journalChanged()}, and the connector copies the journal, a
 * batch at a time, into its durable {@link HonoOutbox} (its own file and writer thread: the ingest
 * path never waits for it); an entry leaves the buffer only once Hono has settled it. So while Hono
 * is away or slow, nothing is lost but the oldest telemetry beyond the buffer's bound. At most {@link HonoConfig#window()} messages are unsettled at a time,
 * and a message goes on the link only while the link has credit ({@link HonoSender}): Hono's flow
 * control sets the pace.
 * The connection is re-established with exponential backoff. Telemetry is sent unsettled
 * (at least once), like events, so a message leaves the buffer only when Hono took it; after a
 * reconnection a message whose settlement was lost is sent again (the body's {@code seq} lets
 * the consumer drop the copy).
 *
 * <p>Messages of devices of another FireGrid tenant than the gateway's Hono tenant are not sent
 * (Hono lets a gateway act only for devices of its own tenant); they are counted as skipped.
 *
 * <p>Thread model: {@link #journalChanged()}, {@link #health()} and {@link #close()} may be called
 * from any thread ({@code close} waits up to 5 s for the connection to shut); copying and sending run on one
 * Vert.x context.
 */
public final class HonoConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HonoConnector.class);

    public static final String READINGS_TYPE = "application/vnd.firegrid.readings+json";
    public static final String EVENT_TYPE = "application/vnd.firegrid.event+json";
    public static final String ALARM_TYPE = "application/vnd.firegrid.alarm+json";
    /** How long Hono has to settle one message before it is sent again. */
    public static final long SEND_TIMEOUT_MS = 10_000;
    /** First wait before sending again after Hono refused for lack of credit or did not answer. */
    public static final long RETRY_MIN_MS = 20;
    /**
     * Most journal entries copied into the buffer in one transaction (one fsync); a copy takes
     * what committed since the last one, so under load the steps grow up to this.
     */
    static final int JOURNAL_BATCH = 2_000;
    /**
     * Messages read ahead of the window (at least two windows): a read of the buffer runs on another
     * thread, which on a busy machine may wait long for a core; enough read ahead keeps the link fed
     * meanwhile. Bounded in bytes too ({@link #READ_AHEAD_BYTES}).
     */
    static final int READ_AHEAD = 1_000;
    static final long READ_AHEAD_BYTES = 4L << 20;
    /**
     * Settled messages deleted from the buffer in one transaction while sending goes on: a group is
     * written once it has this many, once nothing is in flight, or {@link #REMOVE_DELAY_MS} after its
     * first settlement, whichever comes first. Fewer fsyncs of the buffer during a drain; what a
     * crash loses of a group is sent again (at least once).
     */
    static final int REMOVE_GROUP = 500;
    static final long REMOVE_DELAY_MS = 100;

    private final Vertx vertx;
    private final Context context;
    private final HonoConfig config;
    private final HonoOutbox outbox;
    private final HonoJournal journal;
    private final HonoConnection connection;
    private final AmqpAdapterClient client;
    private final HonoSender sender;
    private final Map<Kind, Counter> forwarded = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> rejected = new EnumMap<>(Kind.class);
    private final Counter skipped;
    /** The subscription for commands, once {@link #subscribeCommands} was called. */
    private volatile HonoCommandSubscription commands;
    private volatile boolean connected;
    private volatile String lastError;
    // sending, on the connector's context: the sliding window over the buffer
    private int inFlight;
    private boolean fetching;
    /** Read from the buffer, not sent yet: events and alarms (sent first), and readings. */
    private final ArrayDeque<Outgoing> readyEvents = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> readyTelemetry = new ArrayDeque<>();
    /** The buffer may hold messages after the cursors: the last read was full, or messages were copied in since. */
    private boolean moreToRead = true;
    private long readyBytes;
    /** Events or alarms were copied into the buffer since the last read: read at once, whatever is read ahead. */
    private boolean eventsToRead;
    /** Buffer ids up to which events and alarms, and telemetry, have been read (ready, or sent and settled or not). */
    private long sentEvents;
    private long sentTelemetry;
    /** A send is to be tried again: stop reading, and start over from the oldest waiting once idle. */
    private boolean rewinding;
    private List<Outgoing> toRemove = new ArrayList<>();
    private boolean removing;
    private long removeTimer = -1;
    private long retryDelay = RETRY_MIN_MS;
    private long retryTimer = -1;
    private volatile boolean closed;
    // journal copying, on the connector's context
    private long mark;
    private long prunedUpTo;
    private long lastPruneNanos;
    private boolean copying;
    private boolean copyAgain;
    /** The copy under way holds events or alarms (set on the store's read thread, read after it). */
    private volatile boolean copiedEvents;
    /** A copy is asked for and not started yet (see {@link #journalChanged}). */
    private final AtomicBoolean copyRequested = new AtomicBoolean();
    private long copyRetryTimer = -1;

    private HonoConnector(Vertx vertx, HonoConfig config, HonoOutbox outbox, HonoJournal journal, long mark,
                          MeterRegistry meters) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.outbox = outbox;
        this.journal = journal;
        this.mark = mark;
        this.prunedUpTo = mark;
        this.connection = HonoConnection.newConnection(vertx, clientConfig(config));
        this.client = AmqpAdapterClient.create(connection);
        this.sender = new HonoSender(vertx, connection, SEND_TIMEOUT_MS, this::ended);
        for (Kind k : Kind.values()) {
            String kind = k.name().toLowerCase();
            forwarded.put(k, meters.counter("firegrid.hono.forwarded", "kind", kind));
            rejected.put(k, meters.counter("firegrid.hono.rejected", "kind", kind));
            Gauge.builder("firegrid.hono.buffered", outbox, o -> o.waiting(k)).tag("kind", kind)
                    .description("messages waiting on disk for Hono").register(meters);
        }
        Gauge.builder("firegrid.hono.dropped", outbox, HonoOutbox::dropped)
                .description("telemetry messages dropped, oldest first, because the buffer was full").register(meters);
        Gauge.builder("firegrid.hono.connected", this, c -> c.connected ? 1 : 0).register(meters);
        skipped = meters.counter("firegrid.hono.skipped", "reason", "other-tenant");
    }

    /**
     * Opens the buffer {@code hono-outbox.db} in {@code dataDir} (what an earlier run left waiting
     * is sent first), copies into it what {@code journal} recorded after the buffer's high-water
     * mark (messages and alarm changes the gateway committed but a crash kept from the buffer), and
     * starts connecting to Hono in the background: the gateway runs, and buffers, while Hono cannot
     * be reached.
     */
    public static HonoConnector start(Vertx vertx, HonoConfig config, Path dataDir, HonoJournal journal,
                                      MeterRegistry meters) {
        HonoOutbox outbox = HonoOutbox.open(dataDir.resolve("hono-outbox.db"), config.telemetryBuffer());
        long mark;
        try {
            mark = outbox.mark().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long last = journal.lastId().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (last < mark) {
                // the gateway's store is newer than the buffer (e.g. a fresh data directory with an old
                // buffer file): its journal restarted from 1, so take all of it
                LOG.warn("Hono buffer is ahead of the gateway's store, taking the whole journal [mark: {}, journal: {}]",
                        mark, last);
                mark = 0;
            }
        } catch (Exception e) {
            outbox.close();
            throw new IllegalStateException("cannot read the Hono buffer's mark: " + e.getMessage(), e);
        }
        HonoConnector c = new HonoConnector(vertx, config, outbox, journal, mark, meters);
        c.connection.addDisconnectListener(con -> {
            c.connected = false;
            c.sender.connectionLost();
            if (c.closed) {
                return;
            }
            c.context.runOnContext(v -> {
                if (c.commands != null) {
                    c.commands.disconnected();
                }
                // what was read ahead is read again after the reconnection, from the oldest still waiting
                c.rewinding = true;
                c.rewindWhenIdle();
            });
            LOG.info("lost the connection to Hono [host: {}, port: {}]; buffering and reconnecting",
                    config.host(), config.port());
        });
        c.connection.addReconnectListener(con -> c.onConnected());
        c.context.runOnContext(v -> c.connection.connect().onSuccess(con -> c.onConnected())
                .onFailure(t -> {
                    if (!c.closed) {
                        LOG.warn("cannot connect to Hono [host: {}, port: {}]", config.host(), config.port(), t);
                    }
                }));
        LOG.info("forwarding to Hono [host: {}, port: {}, gateway: {}, buffered: {}, journal-mark: {}]", config.host(),
                config.port(), config.username(), outbox.waiting(), mark);
        c.journalChanged();
        return c;
    }

    private static ClientConfigProperties clientConfig(HonoConfig config) {
        ClientConfigProperties p = new ClientConfigProperties();
        p.setName("firegrid-gateway");
        p.setHost(config.host());
        p.setPort(config.port());
        p.setTlsEnabled(config.tls());
        p.setUsername(config.username());
        p.setPassword(config.password());
        p.setReconnectAttempts(-1);
        p.setReconnectMinDelay(config.reconnectMin().toMillis());
        p.setReconnectMaxDelay(config.reconnectMax().toMillis());
        p.setReconnectDelayIncrement(config.reconnectMin().toMillis());
        p.setSendMessageTimeout(SEND_TIMEOUT_MS);
        return p;
    }

    /** The client, for the command router; valid once connected. */
    AmqpAdapterClient client() {
        return client;
    }

    HonoConfig config() {
        return config;
    }

    /**
     * Subscribes for commands for all the gateway's devices, {@code handler} taking each: at every
     * connection, and again after a failure or a link Hono closed, with backoff
     * ({@link HonoCommandSubscription}). Once.
     */
    void subscribeCommands(java.util.function.Consumer<org.apache.qpid.proton.message.Message> handler, MeterRegistry meters) {
        HonoCommandSubscription s = new HonoCommandSubscription(vertx, context, connection, config, handler, meters);
        context.runOnContext(v -> {
            commands = s;
            if (connected) {
                s.connected();
            }
        });
    }

    private void onConnected() {
        context.runOnContext(v -> {
            connected = true;
            lastError = null;
            LOG.info("connected to Hono [host: {}, port: {}, waiting: {}]", config.host(), config.port(), outbox.waiting());
            if (commands != null) {
                commands.connected();
            }
            retryDelay = RETRY_MIN_MS;
            if (retryTimer != -1) {
                // a retry planned before the connection was lost must not hold up the drain
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            pump();
        });
    }

    /**
     * Tells the connector that the gateway committed messages or alarm changes (recorded in the
     * journal in the same transaction); they are copied into the buffer on the connector's context.
     * Any thread; returns at once.
     */
    public void journalChanged() {
        // one task waiting on the context is enough for any number of commits: it copies what
        // committed up to when it runs (called after every stored message, from other threads)
        if (!closed && copyRequested.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                copyRequested.set(false);
                copyJournal();
            });
        }
    }

    /**
     * What one copy of the journal did: the journal id it reached (-1 for nothing to copy), and the
     * messages it put in the buffer, with their buffer ids (null if they must be read back).
     */
    private record Copied(long mark, List<Outgoing> added) {
    }

    /** Copies journal entries after the mark into the buffer, a batch at a time, until none is left. */
    private void copyJournal() {
        if (closed) {
            return;
        }
        if (copying || copyRetryTimer != -1) {
            copyAgain = true;
            return;
        }
        copying = true;
        copyAgain = false;
        journal.after(mark, JOURNAL_BATCH).compose(entries -> {
            if (entries.isEmpty()) {
                return Future.succeededFuture(new Copied(-1, List.of()));
            }
            List<HonoJournal.Entry> ours = new ArrayList<>(entries.size());
            for (HonoJournal.Entry e : entries) {
                if (e.device().tenant().equals(config.tenant())) {
                    ours.add(e);
                    if (e.kind() != null && e.kind() != Kind.TELEMETRY) {
                        copiedEvents = true;
                    }
                } else {
                    skipped.increment();
                    LOG.debug("not forwarded, device of another tenant than the gateway's [device: {}, hono-tenant: {}]",
                            e.device(), config.tenant());
                }
            }
            long last = entries.get(entries.size() - 1).id();
            return outbox.appendAll(ours, last).map(added -> new Copied(last, added));
        }).onComplete(ar -> context.runOnContext(v -> {
            copying = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.error("cannot copy committed messages into the Hono buffer, trying again in 1 s", ar.cause());
                copyRetryTimer = vertx.setTimer(1_000, id -> context.runOnContext(x -> {
                    copyRetryTimer = -1;
                    copyJournal();
                }));
                return;
            }
            boolean copied = ar.result().mark() >= 0;
            if (copied) {
                mark = Math.max(mark, ar.result().mark());
                if (!takeCopied(ar.result().added())) {
                    moreToRead = true;
                    eventsToRead |= copiedEvents;
                }
                copiedEvents = false;
                pruneJournal();
                pump();
            }
            if (copied || copyAgain) {
                copyJournal();
            }
        }));
    }

    /**
     * Takes the messages a copy just put in the buffer as read, without reading them back, when
     * they are exactly what a read would give next: nothing else is waiting unread (no read under
     * way, the last read was not cut short, nothing copied since), no rewind is pending, and they
     * fit in the read-ahead. Otherwise returns false: they are read from the buffer.
     */
    private boolean takeCopied(List<Outgoing> added) {
        if (added == null || moreToRead || fetching || rewinding || !connected) {
            return false;
        }
        int ready = readyEvents.size() + readyTelemetry.size();
        long bytes = 0;
        for (Outgoing o : added) {
            bytes += o.body().length;
        }
        if (ready + added.size() > Math.max(READ_AHEAD, 2 * config.window()) || readyBytes + bytes > READ_AHEAD_BYTES) {
            return false;
        }
        ready(added);
        return true;
    }

    /** Messages read (from the buffer, or as a copy put them there), in id order: ready to send, the cursors past them. */
    private void ready(List<Outgoing> messages) {
        for (Outgoing o : messages) {
            if (o.kind() == Kind.TELEMETRY) {
                sentTelemetry = Math.max(sentTelemetry, o.id());
                readyTelemetry.add(o);
            } else {
                sentEvents = Math.max(sentEvents, o.id());
                readyEvents.add(o);
            }
            readyBytes += o.body().length;
        }
    }

    /** Deletes journal rows the buffer holds, at most once a second (a write to the gateway's store). */
    private void pruneJournal() {
        long now = System.nanoTime();
        if (mark <= prunedUpTo || now - lastPruneNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastPruneNanos = now;
        long upTo = mark;
        journal.prune(upTo).onSuccess(n -> context.runOnContext(v -> prunedUpTo = Math.max(prunedUpTo, upTo)))
                .onFailure(t -> LOG.warn("cannot prune the Hono journal [up-to: {}]", upTo, t));
    }

    /**
     * Keeps up to {@link HonoConfig#window()} messages unsettled, sending from messages read ahead
     * (events and alarms first), and keeps up to {@link #READ_AHEAD} read ahead (read again when half
     * are gone): a freed slot is filled at once, without waiting for a read of the buffer. Reads take the next waiting messages
     * after those already read (see {@link #sentEvents}), on the buffer's read-only connection. Each
     * settlement frees its slot at once; the settled messages are deleted from the buffer in groups
     * ({@link #flushRemovals}).
     */
    private void pump() {
        if (closed || !connected || rewinding || retryTimer != -1) {
            return;
        }
        int room = config.window() - inFlight;
        int ready = readyEvents.size() + readyTelemetry.size();
        if (room > 0 && ready > 0) {
            List<Outgoing> batch = new ArrayList<>(Math.min(room, ready));
            while (batch.size() < room && !readyEvents.isEmpty()) {
                batch.add(readyEvents.poll());
            }
            while (batch.size() < room && !readyTelemetry.isEmpty()) {
                batch.add(readyTelemetry.poll());
            }
            for (Outgoing o : batch) {
                readyBytes -= o.body().length;
            }
            inFlight += batch.size();
            ready -= batch.size();
            sender.send(batch);
        }
        int readAhead = Math.max(READ_AHEAD, 2 * config.window());
        if (fetching || !(eventsToRead || moreToRead && ready < readAhead / 2 && readyBytes < READ_AHEAD_BYTES)) {
            return;
        }
        fetching = true;
        moreToRead = false;
        eventsToRead = false;
        // events and alarms are read first, so they go out before the readings read ahead
        int limit = Math.max(readAhead - ready, config.window());
        outbox.next(limit, sentEvents, sentTelemetry).onComplete(ar -> context.runOnContext(v -> {
            fetching = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("Hono buffer failed", ar.cause());
                moreToRead = true;
                scheduleRetry();
                return;
            }
            if (!connected || rewinding) {
                // the connection went while reading: these are sent after the rewind
                rewinding = true;
                rewindWhenIdle();
                return;
            }
            ready(ar.result());
            if (ar.result().size() == limit) {
                moreToRead = true;
            }
            pump();
        }));
    }

    /** A send ended: frees its slot; a message to send again rewinds the cursors once nothing is in flight. */
    private void settled(Outgoing o, Outcome outcome) {
        inFlight--;
        if (outcome == Outcome.RETRY) {
            rewinding = true;
        } else {
            toRemove.add(o);
            retryDelay = RETRY_MIN_MS;
        }
        flushRemovals();
        if (rewinding) {
            rewindWhenIdle();
        } else {
            pump();
        }
    }

    /**
     * Deletes the settled messages from the buffer in groups (one transaction, one fsync each): a
     * group goes once it holds {@link #REMOVE_GROUP} messages, once nothing is in flight (so a
     * trickle is deleted at once, and a drain's last messages too), or {@link #REMOVE_DELAY_MS}
     * after it started; never while the previous delete is being written.
     */
    private void flushRemovals() {
        flushRemovals(false);
    }

    private void flushRemovals(boolean due) {
        if (removing || toRemove.isEmpty()) {
            return;
        }
        if (!due && inFlight > 0 && toRemove.size() < REMOVE_GROUP) {
            if (removeTimer == -1) {
                removeTimer = vertx.setTimer(REMOVE_DELAY_MS, id -> context.runOnContext(v -> {
                    removeTimer = -1;
                    flushRemovals(true);
                }));
            }
            return;
        }
        if (removeTimer != -1) {
            vertx.cancelTimer(removeTimer);
            removeTimer = -1;
        }
        removing = true;
        List<Outgoing> group = toRemove;
        toRemove = new ArrayList<>();
        outbox.remove(group).onComplete(ar -> context.runOnContext(v -> {
            removing = false;
            if (ar.failed()) {
                // still in the buffer: sent again after the rewind (at least once)
                LOG.warn("cannot delete settled messages from the Hono buffer, they will be sent again", ar.cause());
                rewinding = true;
            }
            flushRemovals();
            if (rewinding) {
                rewindWhenIdle();
            } else {
                pump();
            }
        }));
    }

    /**
     * Once no send is in flight and every settled message is deleted, sends again from the oldest
     * message still waiting (what was refused, timed out or lost with the connection), after the
     * retry backoff.
     */
    private void rewindWhenIdle() {
        if (inFlight > 0 || removing || !toRemove.isEmpty() || fetching) {
            return;
        }
        rewinding = false;
        readyEvents.clear();
        readyTelemetry.clear();
        readyBytes = 0;
        moreToRead = true;
        sentEvents = 0;
        sentTelemetry = 0;
        if (connected) {
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        if (closed || !connected || retryTimer != -1) {
            return;
        }
        long delay = retryDelay;
        retryDelay = Math.min(retryDelay * 2, config.reconnectMax().toMillis());
        retryTimer = vertx.setTimer(delay, id -> context.runOnContext(v -> {
            retryTimer = -1;
            pump();
        }));
    }

    /** A message's send ended (on the connection's context, which is the connector's in practice). */
    private void ended(Outgoing o, Outcome outcome, String reason) {
        switch (outcome) {
            case SENT -> forwarded.get(o.kind()).increment();
            case REJECTED -> {
                // Hono refuses this message for good (e.g. the device is not registered via this gateway):
                // sending it again would block everything behind it
                rejected.get(o.kind()).increment();
                LOG.warn("Hono refused a message, not sent again [device: {}, kind: {}, reason: {}]", o.device(), o.kind(),
                        reason);
            }
            case RETRY -> {
                lastError = reason;
                LOG.debug("sending to Hono failed, will try again [device: {}, kind: {}]: {}", o.device(), o.kind(), reason);
            }
        }
        if (Vertx.currentContext() == context) {
            settled(o, outcome);
        } else {
            context.runOnContext(x -> settled(o, outcome));
        }
    }

    /** State for {@code /health}. */
    public JsonObject health() {
        JsonObject buffered = new JsonObject();
        for (Kind k : Kind.values()) {
            buffered.put(k.name().toLowerCase(), outbox.waiting(k));
        }
        JsonObject h = new JsonObject().put("enabled", true).put("connected", connected)
                .put("host", config.host()).put("port", config.port()).put("gateway", config.username())
                .put("buffered", buffered).put("bufferLimit", config.telemetryBuffer())
                .put("droppedTelemetry", outbox.dropped());
        if (lastError != null) {
            h.put("lastError", lastError);
        }
        HonoCommandSubscription c = commands;
        if (c != null) {
            h.put("commands", c.health());
        }
        return h;
    }

    public boolean connected() {
        return connected;
    }

    /** Messages Hono has settled since start, all kinds. */
    public long forwarded() {
        return (long) forwarded.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Messages waiting for Hono now. */
    public long waiting() {
        return outbox.waiting();
    }

    /** Closes the connection; what was not sent stays buffered for the next start. */
    @Override
    public void close() {
        closed = true;
        java.util.concurrent.CompletableFuture<Void> down = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            if (retryTimer != -1) {
                vertx.cancelTimer(retryTimer);
            }
            if (copyRetryTimer != -1) {
                vertx.cancelTimer(copyRetryTimer);
            }
            if (removeTimer != -1) {
                vertx.cancelTimer(removeTimer);
            }
            if (commands != null) {
                commands.close();
            }
            connection.shutdown(ar -> down.complete(null));
        });
        try {
            down.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Hono connection did not close cleanly", e);
        }
        outbox.close();
        LOG.info("Hono connector stopped [waiting: {}]", outbox.waiting());
    }
}
