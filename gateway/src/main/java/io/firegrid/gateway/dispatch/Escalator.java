package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.place.Preferences;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation timer of every alarm, inside the caller's transaction: {@link #raised} tells the
 * recipients the {@link Router} picks and starts the timer; {@link #step} takes the next step of a
 * due one by the {@link EscalationPolicy} of the alarm's class (backup, station head, next station
 * for fire; within the station for supervisory and trouble), and once every step is taken
 * re-notifies everyone told so far; {@link #closed} stops it once someone acknowledged. The next
 * due time keeps the interval's rhythm, but after a long outage only one reminder is sent, not one
 * per missed interval. A policy that keeps quiet at night moves a due time falling between 22:00
 * and 07:00 (the sites' local time) to 07:00. Needs no Vert.x: {@link DispatchService} runs it on
 * the store's thread, a test on a store of its own.
 *
 * <p>The watch's state tells how far it went: {@code watching} (no step yet), {@code step-N} (N
 * steps considered, more to come), {@code escalated} (every step taken: reminders).
 */
final class Escalator {

    private static final Logger LOG = LoggerFactory.getLogger(Escalator.class);
    private static final String STEP = "step-";

    private final Router router;
    private final NotificationLog log;
    private final Escalation escalation;
    private final ZoneId zone;

    Escalator(Router router, NotificationLog log, Escalation escalation, ZoneId zone) {
        this.router = router;
        this.log = log;
        this.escalation = escalation;
        this.zone = zone;
    }

    Escalation escalation() {
        return escalation;
    }

    EscalationPolicy policy(AlarmClass cls) {
        return EscalationPolicy.of(cls, escalation);
    }

    /** Who was told that an alarm was raised, and the deliveries to send them. */
    record Routed(List<Recipient> recipients, List<Delivery> deliveries) {
    }

    /**
     * Records the {@code raised} notifications of alarm {@code a} (as JSON {@code json}) to the
     * recipients the router picks and starts its escalation timer. An alarm routed before (a
     * confirmation, a restart) is not told again: its snapshot is refreshed and {@code null} returned.
     */
    Routed raised(Connection c, Alarm a, String json, Instant now, Instant leaseUntil) throws SQLException {
        List<Recipient> recipients = router.raised(a, now);
        EscalationPolicy policy = policy(a.alarmClass());
        Watch watch = new Watch(a.id(), a.device().tenant(), router.responsibleStation(a), Watch.WATCHING,
                morning(policy, a.raisedAt().plus(policy.after())), recipients, json);
        if (!WatchStore.insert(c, watch)) {
            WatchStore.snapshot(c, a.id(), json);
            return null;
        }
        return new Routed(recipients, log.record(c, a.id(), a.device().tenant(), json, recipients, Reason.RAISED, now,
                leaseUntil));
    }

    /** Stops the timer of an alarm someone acknowledged (or that was resolved). */
    void closed(Connection c, Alarm a) throws SQLException {
        WatchStore.close(c, a.id(), a.device().tenant());
    }

    /** The timers due as of {@code now}. */
    List<Watch> due(Connection c, Instant now) throws SQLException {
        return WatchStore.due(c, now);
    }

    /** Records the notifications of a due watch and moves its timer; returns the new deliveries. */
    List<Delivery> step(Connection c, Watch w, Instant now, Instant leaseUntil) throws SQLException {
        JsonObject alarm = new JsonObject(w.alarm());
        EscalationPolicy policy = policy(AlarmClass.fromWire(alarm.getString("class", "fire")));
        if (policy.notAtNight() && night(now)) {
            WatchStore.update(c, w.alarmId(), w.state(), morning(policy, now), w.notified());
            return List.of();
        }
        String site = alarm.getString("site");
        List<EscalationPolicy.Step> steps = policy.steps();
        int done = w.state().equals(Watch.WATCHING) ? 0
                : w.state().startsWith(STEP) ? Integer.parseInt(w.state().substring(STEP.length())) : steps.size();
        List<Recipient> notified = new ArrayList<>(w.notified());
        for (int i = done; i < steps.size(); i++) {
            List<Recipient> to = reach(steps.get(i), router.step(steps.get(i), w.tenant(), w.station(), site, now), notified);
            if (to.isEmpty()) {
                continue;
            }
            to.stream().filter(r -> !Router.contains(notified, r)).forEach(notified::add);
            boolean more = false;
            for (int j = i + 1; j < steps.size() && !more; j++) {
                more = !reach(steps.get(j), router.step(steps.get(j), w.tenant(), w.station(), site, now), notified).isEmpty();
            }
            Instant next = more ? now.plus(policy.after()) : next(w.dueAt(), now, policy);
            WatchStore.update(c, w.alarmId(), more ? STEP + (i + 1) : Watch.ESCALATED, morning(policy, next), notified);
            LOG.info("alarm not acknowledged in time, escalated [id: {}, step: {}, to: {}]", w.alarmId(), steps.get(i),
                    to.stream().map(r -> r.kind() + ":" + r.id()).toList());
            return log.record(c, w.alarmId(), w.tenant(), w.alarm(), to, Reason.ESCALATED, now, leaseUntil);
        }
        WatchStore.update(c, w.alarmId(), Watch.ESCALATED, morning(policy, next(w.dueAt(), now, policy)), w.notified());
        if (!w.state().equals(Watch.ESCALATED)) {
            // the steps found nobody new: the reminders begin one interval later, as after an escalation
            LOG.info("alarm not acknowledged in time, nobody further to tell [id: {}]", w.alarmId());
            return List.of();
        }
        LOG.info("alarm still not acknowledged, reminding [id: {}, recipients: {}]", w.alarmId(), w.notified().size());
        return log.record(c, w.alarmId(), w.tenant(), w.alarm(), w.notified(), Reason.REMINDER, now, leaseUntil);
    }

    private static Instant next(Instant dueAt, Instant now, EscalationPolicy policy) {
        Instant next = dueAt.plus(policy.remindEvery());
        return next.isAfter(now) ? next : now.plus(policy.remindEvery());
    }

    /**
     * Who a step tells: the backups and the head only if not told yet; the next station step tells
     * its station and the duty officer even when the duty officer was told of the alarm already
     * (an alarm with no station was raised to them), as escalation always did.
     */
    private static List<Recipient> reach(EscalationPolicy.Step step, List<Recipient> to, List<Recipient> notified) {
        return step == EscalationPolicy.Step.NEXT_STATION ? to
                : to.stream().filter(r -> !Router.contains(notified, r)).toList();
    }

    /** Whether {@code at} is in the sites' night (the default quiet hours). */
    boolean night(Instant at) {
        return Preferences.DEFAULTS.quietAt(at.atZone(zone).toLocalTime());
    }

    /** {@code at}, or the end of that night for a policy that keeps quiet at night. */
    private Instant morning(EscalationPolicy policy, Instant at) {
        if (!policy.notAtNight() || !night(at)) {
            return at;
        }
        ZonedDateTime z = at.atZone(zone);
        LocalTime end = Preferences.DEFAULTS.quietTo();
        ZonedDateTime m = z.toLocalDate().atTime(end).atZone(zone);
        return (m.isAfter(z) ? m : m.plusDays(1)).toInstant();
    }
}
