package io.firegrid.agent.dualpath;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.agent.uplink.CommandHandler;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.agent.uplink.OutboxStats;
import io.firegrid.agent.uplink.PathTroubles;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dual-path reporting (EN 50136-1, docs/dual-path.md): two {@link MqttUplink}s, each with its own
 * outbox, the primary carrying everything and the secondary carrying events the primary did not
 * acknowledge in time.
 *
 * <p><b>Failover.</b> Every message goes into the primary's outbox. An event the primary has not
 * acknowledged within the reporting time, or at once while the primary has been disconnected for
 * {@link #DISCONNECTED_GRACE_MS} ms or is in path failure, is copied into the secondary's outbox and
 * sent there. Telemetry waits for the primary.
 *
 * <p><b>Once per alarm.</b> When one path acknowledges an event, the other path's outbox records
 * it as handled elsewhere ({@link MqttUplink#withdraw}) before the acknowledging path removes it, so
 * that no outbox replays, after an outage or a restart, an event the other gateway already took. A
 * crash between the two writes costs a copy on the acknowledging path, which its gateway drops by
 * {@code seq}. An event both paths had in flight when the first answered may reach both gateways:
 * once each.
 *
 * <p><b>Supervision.</b> The agent's heartbeat goes over both paths (over the secondary as a QoS 1
 * probe that is not kept). A path that acknowledged nothing for the supervision time is in path
 * failure: the agent is told ({@link PathTroubles}), reports a {@code device} event
 * {@code path-primary}/{@code path-secondary} {@code path-failure}, which goes over the other path,
 * and {@code online} when the path answers again; {@link #isConnected()} is false meanwhile, so the
 * status LED blinks.
 *
 * <p>Thread-safe.
 */
public final class DualPathUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(DualPathUplink.class);

    /** Sensor id of the primary path in {@code path-failure} events. */
    public static final String PRIMARY = "path-primary";
    /** Sensor id of the secondary path in {@code path-failure} events. */
    public static final String SECONDARY = "path-secondary";
    /** How long the primary may be disconnected (a gateway restart, a reconnect) before events go over the secondary at once. */
    static final long DISCONNECTED_GRACE_MS = 2_000;
    /** How often the reporting and supervision times are checked. */
    static final long TICK_MS = 100;

    private final DeviceId device;
    private final DualPathOptions options;
    private final MqttUplink primary;
    private final MqttUplink secondary;
    private final LongSupplier nanos;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService timer;
    /** Events not yet acknowledged by the primary, by seq, with when they go over the secondary. */
    private final Map<Long, Pending> pending = new TreeMap<>();
    private final Supervised[] paths;
    private volatile PathTroubles troubles = (sensor, state) -> { };
    private long primaryDownSince;
    private long failedOver;
    private boolean closed;

    /** One event awaiting the primary's acknowledgement. */
    private static final class Pending {
        final Outbox.Message message;
        final long dueNanos;
        boolean onSecondary;

        Pending(Outbox.Message message, long dueNanos, boolean onSecondary) {
            this.message = message;
            this.dueNanos = dueNanos;
            this.onSecondary = onSecondary;
        }
    }

    /** One path's supervision. */
    private static final class Supervised {
        final String sensor;
        volatile long lastAnswer;
        boolean failed;

        Supervised(String sensor, long now) {
            this.sensor = sensor;
            this.lastAnswer = now;
        }
    }

    /**
     * @param primary   the primary path's uplink, not started
     * @param secondary the secondary path's uplink, not started
     */
    public DualPathUplink(DeviceId device, DualPathOptions options, MqttUplink primary, MqttUplink secondary) {
        this(device, options, primary, secondary, System::nanoTime);
    }

    DualPathUplink(DeviceId device, DualPathOptions options, MqttUplink primary, MqttUplink secondary, LongSupplier nanos) {
        this.device = device;
        this.options = options;
        this.primary = primary;
        this.secondary = secondary;
        this.nanos = nanos;
        long now = nanos.getAsLong();
        this.paths = new Supervised[] {new Supervised(PRIMARY, now), new Supervised(SECONDARY, now)};
        this.primaryDownSince = now;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firegrid-dual-path-" + device);
            t.setDaemon(true);
            return t;
        });
        primary.onDelivered(this::primaryDelivered);
        secondary.onDelivered(this::secondaryDelivered);
    }

    /** Both uplinks of {@code options} for {@code device}, the primary's outbox in {@code primaryOptions}' directory. */
    public static DualPathUplink create(DeviceId device, DualPathOptions options,
                                        MqttUplinkOptions primaryOptions, Path dataDir) {
        MqttUplink p = new MqttUplink(primaryOptions);
        MqttUplink s;
        try {
            s = new MqttUplink(options.uplinkOptions(device, dataDir));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new DualPathUplink(device, options, p, s);
    }

    @Override
    public void start() {
        Set<Long> onSecondary = new HashSet<>();
        secondary.queuedEvents().forEach(m -> onSecondary.add(m.seq()));
        long due = nanos.getAsLong() + options.reportingTime().toNanos();
        synchronized (this) {
            for (Outbox.Message m : primary.queuedEvents()) {
                pending.put(m.seq(), new Pending(m, due, onSecondary.contains(m.seq())));
            }
        }
        LOG.info("dual path: primary and secondary {} [tenant: {}, device: {}, events awaiting the primary: {}, "
                        + "reporting time: {} s, supervision: {} s]", options.secondaryUri(), device.tenant(),
                device.device(), pending.size(), options.reportingTime().toSeconds(), options.supervisionTime().toSeconds());
        primary.start();
        secondary.start();
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void send(DeviceMessage message) {
        primary.send(message);
        if (message.endpoint() == Endpoint.EVENT) {
            Outbox.Message m = new Outbox.Message(message.seq(), Endpoint.EVENT, codec.encode(message));
            boolean now;
            synchronized (this) {
                pending.put(m.seq(), new Pending(m, nanos.getAsLong() + options.reportingTime().toNanos(), false));
                now = primaryUnavailable(nanos.getAsLong());
            }
            if (now) {
                timer.execute(this::tick);
            }
        }
    }

    @Override
    public void heartbeat(DeviceMessage message) {
        primary.send(message);
        secondary.probe(message, () -> answered(paths[1]));
    }

    @Override
    public void commands(CommandHandler handler) {
        primary.commands(handler);
        secondary.commands(handler);
    }

    @Override
    public void troubles(PathTroubles listener) {
        this.troubles = listener;
    }

    @Override
    public OutboxStats outboxStats() {
        OutboxStats p = primary.outboxStats();
        OutboxStats s = secondary.outboxStats();
        return new OutboxStats(p.messages() + s.messages(), p.bytes() + s.bytes(), p.droppedTelemetry());
    }

    /** True while both paths are connected and neither is in path failure: the status LED is steady. */
    @Override
    public boolean isConnected() {
        return primary.isConnected() && secondary.isConnected() && !pathFailed();
    }

    /** Whether a path is in path failure now. */
    public synchronized boolean pathFailed() {
        return paths[0].failed || paths[1].failed;
    }

    /** The primary path's uplink. */
    public MqttUplink primary() {
        return primary;
    }

    /** The secondary path's uplink. */
    public MqttUplink secondary() {
        return secondary;
    }

    /** Events copied to the secondary since this uplink was made. */
    public synchronized long failedOver() {
        return failedOver;
    }

    /** Events neither path has acknowledged yet. */
    public synchronized int awaitingPrimary() {
        return pending.size();
    }

    /** Messages in both outboxes. */
    public int undelivered() {
        return primary.undelivered() + secondary.undelivered();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primary.close();
        secondary.close();
    }

    /** On the primary's uplink thread, before the primary's outbox removes {@code seqs}. */
    private void primaryDelivered(Set<Long> seqs) {
        answered(paths[0]);
        List<Long> copies = new ArrayList<>();
        synchronized (this) {
            for (long seq : seqs) {
                Pending p = pending.remove(seq);
                if (p != null && p.onSecondary) {
                    copies.add(seq);
                }
            }
            if (!copies.isEmpty()) {
                // under the lock, so that the tick cannot copy one of them meanwhile
                int withdrawn = secondary.withdraw(copies);
                LOG.debug("primary delivered {} event(s) also queued on the secondary; {} withdrawn there [tenant: {}, "
                        + "device: {}]", copies.size(), withdrawn, device.tenant(), device.device());
            }
        }
    }

    /** On the secondary's uplink thread, before the secondary's outbox removes {@code seqs}. */
    private void secondaryDelivered(Set<Long> seqs) {
        answered(paths[1]);
        synchronized (this) {
            seqs.forEach(pending::remove);
        }
        int withdrawn = primary.withdraw(seqs);
        LOG.info("secondary path delivered {} event(s); {} withdrawn from the primary's outbox [tenant: {}, device: {}]",
                seqs.size(), withdrawn, device.tenant(), device.device());
    }

    private void answered(Supervised path) {
        path.lastAnswer = nanos.getAsLong();
        if (path.failed) {
            timer.execute(this::tick);
        }
    }

    private boolean primaryUnavailable(long now) {
        return paths[0].failed || (!primary.isConnected() && now - primaryDownSince >= DISCONNECTED_GRACE_MS * 1_000_000);
    }

    /** On the timer: supervises both paths and copies overdue events to the secondary. */
    private void tick() {
        try {
            long now = nanos.getAsLong();
            List<String[]> changes = new ArrayList<>(2);
            List<Outbox.Message> due = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (primary.isConnected()) {
                    primaryDownSince = now;
                }
                for (Supervised p : paths) {
                    boolean silent = now - p.lastAnswer > options.supervisionTime().toNanos();
                    if (silent != p.failed) {
                        p.failed = silent;
                        changes.add(new String[] {p.sensor, silent ? "failed" : "back"});
                    }
                }
                boolean unavailable = primaryUnavailable(now);
                for (Pending p : pending.values()) {
                    if (!p.onSecondary && (unavailable || now - p.dueNanos >= 0)) {
                        due.add(p.message);
                    }
                }
                for (Outbox.Message m : due) {
                    try {
                        secondary.forward(m);
                        pending.get(m.seq()).onSecondary = true;
                        failedOver++;
                    } catch (FireGridException e) {
                        LOG.warn("cannot queue event on the secondary path, tried again [tenant: {}, device: {}, seq: {}]: {}",
                                device.tenant(), device.device(), m.seq(), e.getMessage());
                        break;
                    }
                }
            }
            if (!due.isEmpty()) {
                LOG.warn("{} event(s) not acknowledged by the primary in time go over the secondary path {} [tenant: {}, "
                        + "device: {}, seqs: {}..{}]", due.size(), options.secondaryUri(), device.tenant(), device.device(),
                        due.get(0).seq(), due.get(due.size() - 1).seq());
            }
            for (String[] c : changes) {
                boolean failed = c[1].equals("failed");
                if (failed) {
                    LOG.warn("path-failure: {} has acknowledged nothing for {} s; reported over the other path [tenant: {}, "
                            + "device: {}]", c[0], options.supervisionTime().toSeconds(), device.tenant(), device.device());
                } else {
                    LOG.info("{} answers again [tenant: {}, device: {}]", c[0], device.tenant(), device.device());
                }
                troubles.changed(c[0], failed ? State.PATH_FAILURE : State.ONLINE);
            }
        } catch (RuntimeException e) {
            LOG.error("dual-path supervision failed, tried again [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }
}
