package io.firegrid.gateway.dispatch;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the next step of a due escalation timer: a watched alarm escalates to the next station
 * and the duty officer; an escalated one re-notifies everyone told so far. The next due time
 * keeps the interval's rhythm, but after a long outage only one reminder is sent, not one per
 * missed interval. Runs inside the caller's transaction.
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
