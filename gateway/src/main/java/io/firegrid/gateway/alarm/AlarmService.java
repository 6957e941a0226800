package io.firegrid.gateway.alarm;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms: raised from events, moved through their lifecycle by people, listed, and pushed to
 * listeners (the console stream).
 *
 * <p>Every decision is taken on the store's thread by the {@link AlarmEngine} and written in the
 * same transaction as its cause, so an event and the alarm it raised are stored together or not
 * at all, and listeners hear of a change only once it is on disk.
 */
public final class AlarmService {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

    /** Most alarms one listing returns. */
    public static final int MAX_LIST = 1000;

    private final Database db;
    private final Clock clock;
    private final AlarmEngine engine;
    private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final List<InTransaction> inTransaction = new CopyOnWriteArrayList<>();

    /**
     * Told of every alarm change on the store's thread inside the transaction that stores it, so
     * that what it writes commits or rolls back with the change (the northbound journal). Must not
     * block; a failure rolls the change back.
     */
    @FunctionalInterface
    public interface InTransaction {
        void changed(Connection c, Alarm alarm) throws SQLException;
    }

    private AlarmService(Database db, Clock clock, AlarmRules rules, AlarmPorts ports) {
        this.db = db;
        this.clock = clock;
        this.engine = new AlarmEngine(rules, ports);
    }

    public static List<String> schema() {
        return AlarmStore.SCHEMA;
    }

    /**
     * Loads the open alarms from {@code db}; reloads them whenever a commit fails. {@code rules} are
     * the gateway's; {@code ports} tell the limits of sites and sensors, which sites are in drill,
     * each device's own silence limit and which protocols' devices are judged by their connection.
     */
    public static io.vertx.core.Future<AlarmService> load(Database db, Clock clock, AlarmRules rules, AlarmPorts ports) {
        AlarmService service = new AlarmService(db, clock, rules, ports);
        db.onRollback(service::reload);
        return db.read(c -> {
            service.reload(c);
            return service;
        });
    }

    private Void reload(Connection c) throws SQLException {
        engine.reset(AlarmStore.list(c, true, Integer.MAX_VALUE), AlarmStore.maxId(c), AlarmStore.observations(c),
                AlarmStore.heard(c), clock.instant());
        return null;
    }

    public void addListener(AlarmListener listener) {
        listeners.add(listener);
    }

    /** Adds a hook run inside the transaction of every alarm change (see {@link InTransaction}). */
    public void addInTransaction(InTransaction hook) {
        inTransaction.add(hook);
    }

    /**
     * Applies an event inside the caller's transaction on the store's thread. The returned changes
     * must be passed to {@link #published(List)} once the transaction is committed.
     */
    public List<Alarm> onEvent(Connection c, DeviceId device, String site, String zone, String protocol,
                               Instant receivedAt, Event event) throws SQLException {
        List<Alarm> changes = engine.onEvent(new AlarmEngine.Origin(device, site, zone, protocol, receivedAt), event);
        AlarmEngine.SensorKey key = new AlarmEngine.SensorKey(device, event.sensor());
        AlarmStore.upsertObservation(c, key, engine.observation(key));
        AlarmStore.upsertHeard(db.statements(), c, device, engine.heard(device));
        return store(c, changes);
    }

    /** Applies hydrant readings inside the caller's transaction; as {@link #onEvent}. */
    public List<Alarm> onReadings(Connection c, DeviceId device, String site, String protocol, Instant receivedAt,
                                  Readings readings) throws SQLException {
        List<Alarm> changes = engine.onReadings(new AlarmEngine.Origin(device, site, null, protocol, receivedAt), readings);
        AlarmStore.upsertHeard(db.statements(), c, device, engine.heard(device));
        return store(c, changes);
    }

    /**
     * Raises the trouble alarm {@code unknown-sensors} for a device that reports more sensors than
     * it registered and the gateway takes, inside the caller's transaction; as {@link #onEvent}.
     */
    public List<Alarm> onTooManySensors(Connection c, DeviceId device, String site, String protocol, Instant receivedAt)
            throws SQLException {
        return store(c, engine.onTooManySensors(new AlarmEngine.Origin(device, site, null, protocol, receivedAt)));
    }

    /**
     * A condition reported as a state (a fire panel's supervisory or power fault) began or cleared,
     * inside the caller's transaction; as {@link #onEvent}. See {@code AlarmEngine.onCondition}.
     */
    public List<Alarm> onCondition(Connection c, DeviceId device, String site, String zone, String protocol,
                                   Instant receivedAt, String sensor, AlarmClass cls, String type, boolean active,
                                   long seq, Instant deviceTs) throws SQLException {
        return store(c, engine.onCondition(new AlarmEngine.Origin(device, site, zone, protocol, receivedAt), sensor, cls,
                type, active, seq, deviceTs));
    }

    /** Tells the rules that a device's connection opened ({@code up}) or closed. */
    public io.vertx.core.Future<List<Alarm>> connection(DeviceId device, boolean up) {
        Instant at = clock.instant();
        return db.write(c -> store(c, engine.onConnection(device, up, at))).onSuccess(this::published);
    }

    private List<Alarm> store(Connection c, List<Alarm> changes) throws SQLException {
        for (Alarm a : changes) {
            AlarmStore.upsert(c, a);
            for (InTransaction hook : inTransaction) {
                hook.changed(c, a);
            }
        }
        return changes;
    }

    /** Tells listeners of committed changes. */
    public void published(List<Alarm> changes) {
        published(changes, null);
    }

    /**
     * Tells listeners of committed changes made by a device's event, with where its time went
     * ({@code trace}, null when not timed).
     */
    public void published(List<Alarm> changes, AlarmTrace trace) {
        AlarmTrace told = trace == null || changes.isEmpty() ? trace : trace.publishedNow();
        for (Alarm a : changes) {
            if (a.state() == AlarmState.RAISED && a.steps().size() == 1) {
                LOG.info("{} alarm raised [id: {}, type: {}, device: {}, sensor: {}, zone: {}, confirmed: {}, drill: {}]",
                        a.alarmClass().wireName(), a.id(), a.type(), a.device(), a.sensor(), a.zone(), a.confirmed(),
                        a.drill());
            } else if (a.cause() == Cause.CLEARED) {
                LOG.info("{} alarm restored [id: {}, type: {}, device: {}, sensor: {}]",
                        a.alarmClass().wireName(), a.id(), a.type(), a.device(), a.sensor());
            }
            for (AlarmListener l : listeners) {
                try {
                    l.changed(a, told);
                } catch (RuntimeException e) {
                    LOG.error("alarm listener failed [id: {}]", a.id(), e);
                }
            }
        }
    }

    /**
     * Moves an alarm to {@code target} on behalf of {@code by}. Fails with {@code NOT_FOUND} for an
     * unknown id and {@code CONFLICT} when the alarm is already at or past {@code target}.
     */
    public io.vertx.core.Future<Alarm> advance(long id, AlarmState target, String by, Cause cause) {
        return advance(id, target, by, cause, null);
    }

    /** As {@link #advance(long, AlarmState, String, Cause)}, for a caller who sees only {@code tenant} ({@code null}: all). */
    public io.vertx.core.Future<Alarm> advance(long id, AlarmState target, String by, Cause cause, String tenant) {
        return db.write(c -> {
            Alarm current = engine.openAlarm(id);
            if (current == null) {
                current = AlarmStore.get(c, id).orElseThrow(() -> unknown(id));
            }
            if (tenant != null && !tenant.equals(current.device().tenant())) {
                throw unknown(id);
            }
            Alarm next = engine.advance(current, target, by, cause, clock.instant());
            store(c, List.of(next));
            return next;
        }).onSuccess(a -> {
            LOG.info("alarm {} [id: {}, by: {}]", a.state().wireName(), a.id(), by);
            published(List.of(a));
        });
    }

    /**
     * Runs the time-based rules (a door held open too long, a device gone quiet) as of the
     * service's clock, stores what they change and tells listeners. Called every second by the
     * gateway; tests move their clock and call it.
     */
    public io.vertx.core.Future<List<Alarm>> tick() {
        return db.write(c -> store(c, engine.tick(clock.instant()))).onSuccess(this::published);
    }

    /**
     * A condition of the gateway itself began or cleared: raises (or restores) the trouble alarm
     * {@code type} on the pseudo-device {@code gateway} of each of {@code tenants}, whose duty
     * officers are told as for any device without a site.
     */
    public io.vertx.core.Future<List<Alarm>> gatewayCondition(java.util.Collection<String> tenants, String type,
                                                             boolean active) {
        Instant at = clock.instant();
        return db.write(c -> {
            List<Alarm> changes = new java.util.ArrayList<>();
            for (String tenant : tenants) {
                changes.addAll(engine.onGatewayCondition(new DeviceId(tenant, GATEWAY_DEVICE), type, active, at));
            }
            return store(c, changes);
        }).onSuccess(this::published);
    }

    /** The device id, in each tenant, of alarms about the gateway itself. */
    public static final String GATEWAY_DEVICE = "gateway";

    /** Alarms newest first: open ones ({@code open=true}), closed ones, or all ({@code null}). */
    public io.vertx.core.Future<List<Alarm>> list(Boolean open, int limit) {
        return list(open, limit, null);
    }

    /** As {@link #list(Boolean, int)}, of one tenant ({@code null}: all). */
    public io.vertx.core.Future<List<Alarm>> list(Boolean open, int limit, String tenant) {
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return db.query(c -> AlarmStore.list(c, open, n, tenant));
    }

    /** Every open alarm, newest first, however many: what a console must see. */
    public io.vertx.core.Future<List<Alarm>> open() {
        return open(null);
    }

    /** Every open alarm of one tenant ({@code null}: all), newest first. */
    public io.vertx.core.Future<List<Alarm>> open(String tenant) {
        return db.read(c -> AlarmStore.list(c, true, Integer.MAX_VALUE, tenant));
    }

    /** Alarms raised in [from, to), oldest first, for reports. */
    public io.vertx.core.Future<List<Alarm>> raisedBetween(Instant from, Instant to) {
        return raisedBetween(from, to, null);
    }

    /** Alarms of one tenant ({@code null}: all) raised in [from, to), oldest first. */
    public io.vertx.core.Future<List<Alarm>> raisedBetween(Instant from, Instant to, String tenant) {
        return db.query(c -> AlarmStore.raisedBetween(c, from, to, tenant));
    }

    public io.vertx.core.Future<Alarm> get(long id) {
        return get(id, null);
    }

    /** The alarm with this id; {@code NOT_FOUND} also when it belongs to a tenant other than {@code tenant} (if given). */
    public io.vertx.core.Future<Alarm> get(long id, String tenant) {
        return db.query(c -> AlarmStore.get(c, id).filter(a -> tenant == null || tenant.equals(a.device().tenant()))
                .orElseThrow(() -> unknown(id)));
    }

    private static FireGridException unknown(long id) {
        return new FireGridException(Status.NOT_FOUND, "unknown-alarm", "there is no alarm " + id);
    }
}
