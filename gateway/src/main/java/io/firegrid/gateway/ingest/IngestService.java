package io.firegrid.gateway.ingest;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.WriteTiming;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts messages from devices, whatever protocol carried them: stores each durably, drops
 * retransmissions by (tenant, device, seq), and lets the alarm service act on events — all in one
 * transaction. The returned future completes only once that transaction is on disk, so a protocol
 * adapter that acknowledges on completion never acknowledges something a crash could lose.
 *
 * <p>An event from a sensor the device did not register is still accepted and can raise an alarm
 * (zone unknown): refusing a real fire alarm over a configuration slip would be the worse failure.
 * But only so many: past {@link SensorAllowance#DEFAULT_MAX_UNREGISTERED} such sensors a message
 * naming another is refused ({@code FORBIDDEN/too-many-sensors}) and the device gets the trouble
 * alarm {@code unknown-sensors}, so one device cannot grow the gateway's state or flood the duty
 * officer with alarms from invented detectors.
 *
 * <p>Events go to the store's alarm lane, readings to its telemetry lane, so an event never waits
 * behind readings; when the store refuses a reading (busy, disk low) the future fails with
 * {@code UNAVAILABLE} and the device, not acknowledged, sends it again later.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    /**
     * Told of every message stored (not of duplicates), after its commit, in commit order and before
     * the alarms it changed are published, on the thread that completed it: implementations (the
     * telemetry sink, the northbound connector) hand the work off and return at once.
     */
    @FunctionalInterface
    public interface StoredListener {
        void stored(DeviceId device, DeviceMessage message, byte[] body, String protocol, Instant receivedAt);
    }

    /**
     * Told of every message stored, on the store's thread inside the transaction that stores it, so
     * that what it writes commits or rolls back with the message (the northbound journal). Must not
     * block; a failure rolls the message back and the device is not acknowledged.
     */
    @FunctionalInterface
    public interface InTransaction {
        void stored(java.sql.Connection c, DeviceId device, DeviceMessage message) throws java.sql.SQLException;
    }

    /** What became of an accepted message. */
    public record Ingested(boolean duplicate, List<Alarm> alarms) {
    }

    private final Database db;
    private final DeviceRegistry registry;
    private final AlarmService alarms;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<StoredListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<InTransaction> inTransaction = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final SensorAllowance sensors;
    private final AlarmPathTimers pathTimers;
    private final ClockSteps clockSteps = new ClockSteps();
    private final ClockLag clockLag = new ClockLag();
    private final java.util.Map<String, Counter[]> messageCounters = new java.util.concurrent.ConcurrentHashMap<>();

    public IngestService(Database db, DeviceRegistry registry, AlarmService alarms, Clock clock, MeterRegistry meters) {
        this(db, registry, alarms, clock, meters, SensorAllowance.DEFAULT_MAX_UNREGISTERED);
    }

    /** As above, taking at most {@code maxUnregisteredSensors} sensor ids a device did not register. */
    public IngestService(Database db, DeviceRegistry registry, AlarmService alarms, Clock clock, MeterRegistry meters,
                         int maxUnregisteredSensors) {
        this.sensors = new SensorAllowance(maxUnregisteredSensors);
        this.db = db;
        this.registry = registry;
        this.alarms = alarms;
        this.clock = clock;
        this.meters = meters;
        this.pathTimers = new AlarmPathTimers(meters);
    }

    /** Adds a listener told of every stored message (the telemetry sink, the northbound connector). */
    public void addStoredListener(StoredListener listener) {
        listeners.add(listener);
    }

    /** Adds a hook run inside the transaction of every stored message (see {@link InTransaction}). */
    public void addInTransaction(InTransaction hook) {
        inTransaction.add(hook);
    }

    public static List<String> schema() {
        return MessageStore.SCHEMA;
    }

    /**
     * Stores {@code message} from {@code deviceId}, sent as {@code body} over {@code protocol}.
     * Fails with {@code UNAUTHORIZED/unknown-device} if the device is not registered (any more),
     * and with {@code UNAVAILABLE} when the store cannot take it; the caller must then not acknowledge.
     */
    public Future<Ingested> accept(DeviceId deviceId, DeviceMessage sent, byte[] body, String protocol) {
        Device device = registry.find(deviceId).orElse(null);
        if (device == null) {
            return Future.failedFuture(new FireGridException(Status.UNAUTHORIZED, "unknown-device",
                    "device " + deviceId + " is not registered"));
        }
        Instant receivedAt = clock.instant();
        long receivedNanos = System.nanoTime();
        // a wrong clock never costs an alarm: the message is kept, with the receive time standing for its ts
        DeviceMessage message = clockLag.believable(deviceId,
                clockSteps.believable(deviceId, DeviceClock.believable(sent, receivedAt), receivedAt), receivedAt);
        if (message != sent) {
            meters.counter("firegrid.device.clock.skewed", "protocol", protocol).increment();
            LOG.debug("device time not believable, the receive time stands for it [device: {}, seq: {}, ts: {}]",
                    deviceId, sent.seq(), sent.ts());
        }
        if (registry.clockSkew(deviceId, message != sent)) {
            if (message != sent) {
                LOG.info("device clock wrong: its times are replaced by the gateway's receive time [device: {}, ts: {}, "
                        + "received: {}]", deviceId, sent.ts(), receivedAt);
            } else {
                LOG.info("device clock believable again [device: {}]", deviceId);
            }
        }
        if (!sensors.admit(device, message)) {
            return refuseUnknownSensors(device, protocol, receivedAt);
        }
        Database.Lane lane = message instanceof Event ? Database.Lane.ALARM : Database.Lane.TELEMETRY;
        // events are timed through the store (AlarmPathTimers), readings are not
        WriteTiming timing = message instanceof Event ? new WriteTiming() : null;
        return db.write(lane, c -> {
            if (!MessageStore.insert(db.statements(), c, deviceId, message, body, protocol, receivedAt)) {
                return new Ingested(true, List.of());
            }
            for (InTransaction hook : inTransaction) {
                hook.stored(c, deviceId, message);
            }
            if (message instanceof Event e) {
                String zone = device.sensor(e.sensor()).map(Sensor::zone).orElse(null);
                return new Ingested(false, alarms.onEvent(c, deviceId, device.site(), zone, protocol, receivedAt, e));
            }
            return new Ingested(false, alarms.onReadings(c, deviceId, device.site(), protocol, receivedAt, (Readings) message));
        }, timing).onSuccess(result -> {
            counted(protocol, message.endpoint(), result.duplicate()).increment();
            if (result.duplicate()) {
                LOG.debug("duplicate dropped [device: {}, seq: {}]", deviceId, message.seq());
                return;
            }
            registry.seen(deviceId, message);
            for (StoredListener l : listeners) {
                try {
                    l.stored(deviceId, message, body, protocol, receivedAt);
                } catch (RuntimeException e) {
                    LOG.error("stored-message listener failed [device: {}, seq: {}]", deviceId, message.seq(), e);
                }
            }
            alarms.published(result.alarms(), timing == null ? null : pathTimers.stored(receivedAt, receivedNanos, timing));
        });
    }

    /**
     * The counter {@code firegrid_messages{protocol, endpoint, outcome}}, looked up once for each rather
     * than per message: a registry lookup by tags (sorting and hashing them) was a visible share of
     * the work after each commit.
     */
    private Counter counted(String protocol, Endpoint endpoint, boolean duplicate) {
        Counter[] counters = messageCounters.computeIfAbsent(protocol, p -> new Counter[Endpoint.values().length * 2]);
        int i = endpoint.ordinal() * 2 + (duplicate ? 1 : 0);
        Counter c = counters[i];
        if (c == null) {
            // made on first use, as before (no series for what never happened); two threads racing
            // here get the same counter from the registry
            c = meters.counter("firegrid.messages", "protocol", protocol, "endpoint", endpoint.wireName(),
                    "outcome", duplicate ? "duplicate" : "stored");
            counters[i] = c;
        }
        return c;
    }

    private Future<Ingested> refuseUnknownSensors(Device device, String protocol, Instant receivedAt) {
        db.write(c -> alarms.onTooManySensors(c, device.id(), device.site(), protocol, receivedAt))
                .onSuccess(alarms::published)
                .onFailure(t -> LOG.warn("cannot raise unknown-sensors [device: {}]", device.id(), t));
        LOG.debug("too many unregistered sensors [device: {}, max: {}]", device.id(), sensors.max());
        return Future.failedFuture(new FireGridException(Status.FORBIDDEN, "too-many-sensors", "device " + device.id()
                + " already reported " + sensors.max() + " sensors it did not register: register its sensors"
                + " (config register, or the devices API) or correct the sensor ids the device sends"));
    }

    /** Most readings deleted in one transaction by {@link #deleteReadingsBefore}, so writes never wait long. */
    static final int DELETE_BATCH = 2_000;

    /**
     * Deletes the raw messages of readings received before {@code cutoff}, in small transactions of
     * the telemetry lane until none is left; completes with how many were deleted. Events stay.
     */
    public Future<Integer> deleteReadingsBefore(Instant cutoff) {
        return deleteReadingsBefore(cutoff, 0);
    }

    private Future<Integer> deleteReadingsBefore(Instant cutoff, int sofar) {
        return db.write(Database.Lane.TELEMETRY, c -> MessageStore.deleteTelemetryBefore(c, cutoff, DELETE_BATCH))
                .compose(n -> n < DELETE_BATCH ? Future.succeededFuture(sofar + n) : deleteReadingsBefore(cutoff, sofar + n));
    }

    /** Messages stored for a device (for tests and diagnostics). */
    public Future<Long> storedCount(DeviceId deviceId) {
        return db.query(c -> MessageStore.count(c, deviceId));
    }
}
