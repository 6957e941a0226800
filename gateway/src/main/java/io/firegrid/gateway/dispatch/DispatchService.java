package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches the right people for every alarm and keeps at them until someone acknowledges.
 *
 * <p>When an alarm is raised (heard as an {@link io.firegrid.gateway.alarm.AlarmListener}, so after
 * it is stored) the {@link Router} picks the recipients (by the duty rosters, {@link Rosters}); their notifications, the deliveries
 * through each {@link Channel} and the alarm's escalation timer are written in one transaction,
 * then the deliveries are sent. {@link #tick()} escalates unacknowledged alarms and re-notifies by
 * the {@link EscalationPolicy} of their class, records the daily digests ({@link Digests}), and
 * retries failed deliveries. Timers and retries are rows of the store, so they survive a restart and a
 * {@code kill -9}; {@link #start()} routes any raised alarm that was stored but not yet routed.
 *
 * <p>Thread model: all work runs on one Vert.x context of its own; store work on the store's thread.
 */
public final class DispatchService {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchService.class);

    private final Context context;
    private final Database db;
    private final AlarmService alarms;
    private final Escalator escalator;
    private final Digests digests;
    private final DeliveryWorker worker;
    private final Clock clock;
    private final MeterRegistry meters;

    public DispatchService(Vertx vertx, Database db, AlarmService alarms, Places places, Rosters rosters,
                           List<Channel> channels, Escalation escalation, RetryPolicy retry, Clock clock, MeterRegistry meters) {
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.alarms = alarms;
        this.escalator = new Escalator(new Router(places, rosters),
                new NotificationLog(channels, new ChannelChoice(places, rosters.zone())), escalation, rosters.zone());
        this.digests = new Digests(places, channels, rosters.zone());
        db.onRollback(digests::forget);
        this.worker = new DeliveryWorker(db, channels, retry, clock, meters);
        this.clock = clock;
        this.meters = meters;
    }

    public static List<String> schema() {
        List<String> s = new ArrayList<>(WatchStore.SCHEMA);
        s.addAll(DeliveryStore.SCHEMA);
        s.addAll(Digests.SCHEMA);
        return s;
    }

    /**
     * Listens to {@code alarms}, routes raised alarms not yet routed (stored just before a crash)
     * and closes the timers of alarms acknowledged meanwhile. Completes when that is stored.
     */
    public Future<Void> start() {
        alarms.addListener(a -> context.runOnContext(v -> changed(a)));
        return on(() -> alarms.open().compose(open -> Future.join(open.stream()
                        .filter(a -> a.state() == AlarmState.RAISED).map(this::route).toList()))
                .compose(v -> db.read(WatchStore::open))
                .compose(watches -> Future.join(watches.stream().map(w -> alarms.get(w.alarmId())
                        .compose(a -> a.state() == AlarmState.RAISED ? Future.succeededFuture() : close(a))
                        .otherwise(t -> {
                            LOG.warn("cannot check the escalation timer of an alarm [id: {}]", w.alarmId(), t);
                            return null;
                        })).toList()))
                .mapEmpty());
    }

    /** Escalates, reminds and retries what is due as of the clock; completes when it is stored and sent. */
    public Future<Void> tick() {
        return on(() -> {
            Instant now = clock.instant();
            Instant lease = now.plus(worker.retry().lease());
            return db.write(c -> {
                List<Delivery> out = new ArrayList<>();
                for (Watch w : escalator.due(c, now)) {
                    out.addAll(escalator.step(c, w, now, lease));
                }
                out.addAll(digests.due(c, now, lease));
                out.addAll(DeliveryStore.claimDue(c, now, lease));
                return out;
            }).compose(worker::sendAll);
        });
    }

    /**
     * Takes the next escalation step of alarm {@code alarmId} on the next tick instead of at the end
     * of its interval (a phone call to the people told went unanswered: {@code why}); completes with
     * false when the alarm has no open timer (acknowledged, or due already).
     */
    public Future<Boolean> escalateNow(long alarmId, String why) {
        Instant now = clock.instant();
        return db.write(c -> WatchStore.bringForward(c, alarmId, now)).onSuccess(moved -> {
            if (moved) {
                LOG.info("escalation brought forward [id: {}, because: {}]", alarmId, why);
            }
        });
    }

    /** Who was told of alarm {@code id}, why and when, oldest first. */
    public Future<List<Notification>> notifications(long alarmId) {
        // in the alarm lane, after the routing write an alarm's publication queued: a console asking
        // as soon as it sees the alarm learns who was told
        return db.read(c -> DeliveryStore.notifications(c, alarmId));
    }

    /** Every delivery of alarm {@code id} with its attempts, oldest first. */
    public Future<List<Delivery>> deliveries(long alarmId) {
        return db.read(c -> DeliveryStore.forAlarm(c, alarmId));
    }

    private void changed(Alarm a) {
        (a.state() == AlarmState.RAISED ? route(a) : close(a))
                .onFailure(t -> LOG.error("dispatch failed to record an alarm change [id: {}]", a.id(), t));
    }

    private Future<Void> route(Alarm a) {
        if (a.isolated()) {
            return Future.succeededFuture(); // isolated (docs/lifecycle.md): stored and shown, told to no one
        }
        String tenant = a.device().tenant();
        String json = AlarmJson.toJson(a);
        Instant now = clock.instant();
        return db.write(c -> escalator.raised(c, a, json, now, now.plus(worker.retry().lease()))).compose(routed -> {
            if (routed == null) {
                return Future.succeededFuture();
            }
            if (routed.recipients().isEmpty()) {
                meters.counter("firegrid.dispatch.unrouted", "tenant", tenant).increment();
                LOG.warn("alarm reaches nobody: no station covers its site and the tenant has no duty officer"
                        + " [id: {}, tenant: {}, site: {}]", a.id(), tenant, a.site());
            } else {
                LOG.info("alarm routed [id: {}, tenant: {}, recipients: {}]", a.id(), tenant,
                        routed.recipients().stream().map(r -> r.kind() + ":" + r.id()).toList());
            }
            return worker.sendAll(routed.deliveries());
        });
    }

    private Future<Void> close(Alarm a) {
        return db.write(c -> {
            escalator.closed(c, a);
            return null;
        }).mapEmpty();
    }

    private <T> Future<T> on(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }
}
