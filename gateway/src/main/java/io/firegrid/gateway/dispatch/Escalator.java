package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.Alarm;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation timer of every alarm, inside the caller's transaction: {@link #raised} tells the
 * recipients the {@link Router} picks and starts the timer; {@link #step} takes the next step of a
 * due one (a watched alarm escalates to the next station and the duty officer; an escalated one
 * re-notifies everyone told so far); {@link #closed} stops it once someone acknowledged. The next
 * due time keeps the interval's rhythm, but after a long outage only one reminder is sent, not one
 * per missed interval. Needs no Vert.x: {@link DispatchService} runs it on the store's thread, a
 * test on a store of its own.
 */
final class Escalator {

    private static final Logger LOG = LoggerFactory.getLogger(Escalator.class);

    private final Router router;
    private final NotificationLog log;
    private final Escalation escalation;

    Escalator(Router router, NotificationLog log, Escalation escalation) {
        this.router = router;
        this.log = log;
        this.escalation = escalation;
    }

    Escalation escalation() {
        return escalation;
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
        List<Recipient> recipients = router.raised(a);
        Watch watch = new Watch(a.id(), a.device().tenant(), router.responsibleStation(a), Watch.WATCHING,
                a.raisedAt().plus(escalation.after()), recipients, json);
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
        Instant next = w.dueAt().plus(escalation.remindEvery());
        if (!next.isAfter(now)) {
            next = now.plus(escalation.remindEvery());
        }
        if (w.state().equals(Watch.WATCHING)) {
            List<Recipient> to = router.escalated(w.tenant(), w.station());
            List<Recipient> notified = new ArrayList<>(w.notified());
            to.stream().filter(r -> !Router.contains(notified, r)).forEach(notified::add);
            WatchStore.update(c, w.alarmId(), Watch.ESCALATED, next, notified);
            LOG.info("alarm not acknowledged in time, escalated [id: {}, to: {}]", w.alarmId(),
                    to.stream().map(r -> r.kind() + ":" + r.id()).toList());
            return log.record(c, w.alarmId(), w.tenant(), w.alarm(), to, Reason.ESCALATED, now, leaseUntil);
        }
        WatchStore.update(c, w.alarmId(), Watch.ESCALATED, next, w.notified());
        LOG.info("alarm still not acknowledged, reminding [id: {}, recipients: {}]", w.alarmId(), w.notified().size());
        return log.record(c, w.alarmId(), w.tenant(), w.alarm(), w.notified(), Reason.REMINDER, now, leaseUntil);
    }
}
