package io.firegrid.gateway.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * The escalation timer of an unacknowledged alarm, a row of the store so that it survives a
 * restart.
 *
 * @param state    {@code watching} (escalates at {@code dueAt}), {@code escalated} (reminds at
 *                 {@code dueAt}) or {@code closed} (acknowledged; kept so the alarm is not routed twice)
 * @param station  the station responsible for the alarm, or {@code null}
 * @param notified everyone told of the alarm so far: the reminders' recipients
 * @param alarm    the alarm's JSON as last seen, sent with escalations and reminders
 */
record Watch(long alarmId, String tenant, String station, String state, Instant dueAt, List<Recipient> notified,
             String alarm) {

    static final String WATCHING = "watching";
    static final String ESCALATED = "escalated";
    static final String CLOSED = "closed";
}
