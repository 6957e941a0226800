package io.firegrid.gateway.isolation;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Isolation (屏蔽) of sensors and devices (docs/lifecycle.md): while a sensor or its device is
 * isolated, its alarms are stored and shown marked isolated but dispatched to no one (the alarm
 * rules ask {@link #isolated}). Every isolation has a reason, who set it, and an end: at most
 * {@link #MAX_LENGTH}, {@link #DEFAULT_LENGTH} unless said, never open-ended. When it runs its time
 * {@link #tick()} ends it, logs that alarms go out again, and counts it.
 *
 * <p>Those in force are kept in memory, so the check made for every raised alarm does not touch the
 * store; every change is written to the store before it applies. Thread-safe.
 */
public final class IsolationService {

    private static final Logger LOG = LoggerFactory.getLogger(IsolationService.class);

    /** An isolation without a length lasts a working shift: the decorators' day, a detector's maintenance. */
    public static final Duration DEFAULT_LENGTH = Duration.ofHours(8);
    /** Longest isolation: 7 days. Longer work isolates again, so that someone looks at it every week. */
    public static final Duration MAX_LENGTH = Duration.ofDays(7);
    /** Shortest isolation. */
    public static final Duration MIN_LENGTH = Duration.ofMinutes(1);

    private final Database db;
    private final Clock clock;
    private final Map<Long, Isolation> inForce = new ConcurrentHashMap<>();
    private final List<Runnable> expiryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.micrometer.core.instrument.MeterRegistry meters;

    private IsolationService(Database db, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        this.meters = meters;
    }

    public static List<String> schema() {
        return IsolationStore.SCHEMA;
    }

    /** Loads the isolations not ended; those past their time end at the next {@link #tick()}. */
    public static Future<IsolationService> load(Database db, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        IsolationService s = new IsolationService(db, clock, meters);
        io.micrometer.core.instrument.Gauge.builder("firegrid.isolations", s.inForce, Map::size)
                .description("sensors and devices isolated now: their alarms are dispatched to no one").register(meters);
        return db.read(IsolationStore::unended).map(list -> {
            list.forEach(i -> s.inForce.put(i.id(), i));
            return s;
        });
    }

    /**
     * Isolates {@code sensor} of {@code device} ({@code null}: the whole device) for {@code length}.
     * Fails with {@code BAD_REQUEST}: {@code missing-reason}, {@code bad-length} outside
     * {@link #MIN_LENGTH} to {@link #MAX_LENGTH}.
     */
    public Future<Isolation> isolate(DeviceId device, String sensor, String reason, String by, Duration length) {
        if (reason == null || reason.isBlank()) {
            return Future.failedFuture(FireGridException.badRequest("missing-reason",
                    "an isolation needs a 'reason' (what is done, e.g. 'decorators sanding the corridor')"));
        }
        if (length.compareTo(MIN_LENGTH) < 0 || length.compareTo(MAX_LENGTH) > 0) {
            return Future.failedFuture(FireGridException.badRequest("bad-length", "an isolation lasts "
                    + MIN_LENGTH.toMinutes() + " to " + MAX_LENGTH.toMinutes() + " minutes (7 days), never for ever; not "
                    + length.toMinutes()));
        }
        Instant now = clock.instant();
        Isolation draft = new Isolation(0, device, sensor, reason.strip(), by, now, now.plus(length), null, null);
        return db.write(c -> IsolationStore.insert(c, draft)).map(id -> {
            Isolation i = new Isolation(id, device, sensor, draft.reason(), by, now, draft.until(), null, null);
            inForce.put(id, i);
            LOG.info("isolated [id: {}, device: {}, sensor: {}, by: {}, until: {}, reason: {}]", id, device,
                    sensor == null ? "(all)" : sensor, by, i.until(), i.reason());
            return i;
        });
    }

    /** Ends isolation {@code id} now. Fails with {@code NOT_FOUND/unknown-isolation} when none such is in force. */
    public Future<Isolation> end(long id, String by, String tenantScope) {
        Isolation i = inForce.get(id);
        if (i == null || (tenantScope != null && !tenantScope.equals(i.device().tenant()))) {
            return Future.failedFuture(FireGridException.notFound("unknown-isolation", "no isolation " + id + " is in force"));
        }
        return endNow(i, by);
    }

    private Future<Isolation> endNow(Isolation i, String by) {
        Instant at = by.equals(Isolation.EXPIRY) ? i.until() : clock.instant();
        return db.write(c -> {
            IsolationStore.end(c, i.id(), at, by);
            return null;
        }).map(v -> {
            inForce.remove(i.id());
            Isolation ended = i.ended(at, by);
            LOG.info("isolation ended, alarms are dispatched again [id: {}, device: {}, sensor: {}, by: {}]", i.id(),
                    i.device(), i.sensor() == null ? "(all)" : i.sensor(), by);
            meters.counter("firegrid.isolations.ended", "by", by.equals(Isolation.EXPIRY) ? "expiry" : "person").increment();
            return ended;
        });
    }

    /** Whether {@code sensor} of {@code device} is isolated now; from memory, for the alarm rules. */
    public boolean isolated(DeviceId device, String sensor) {
        Instant now = clock.instant();
        for (Isolation i : inForce.values()) {
            if (i.covers(device, sensor) && i.inForce(now)) {
                return true;
            }
        }
        return false;
    }

    /** The isolations in force, of {@code tenant} ({@code null}: all), oldest first. */
    public List<Isolation> inForce(String tenant) {
        Instant now = clock.instant();
        return inForce.values().stream().filter(i -> i.inForce(now))
                .filter(i -> tenant == null || tenant.equals(i.device().tenant()))
                .sorted(java.util.Comparator.comparingLong(Isolation::id)).toList();
    }

    /** Every isolation in force at some time in [from, to), ended or not, oldest first. */
    public Future<List<Isolation>> during(Instant from, Instant to) {
        return db.query(c -> IsolationStore.overlapping(c, from, to));
    }

    /** Ends the isolations that ran their time; completes when that is stored. */
    public Future<Void> tick() {
        Instant now = clock.instant();
        List<Future<Isolation>> ends = new ArrayList<>();
        for (Isolation i : List.copyOf(inForce.values())) {
            if (!now.isBefore(i.until())) {
                ends.add(endNow(i, Isolation.EXPIRY));
            }
        }
        return Future.join(ends).mapEmpty();
    }
}
