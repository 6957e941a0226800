package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.alarm.AlarmClass;
import java.time.Duration;
import java.util.List;

/**
 * How an alarm of one class escalates while nobody acknowledges it.
 *
 * @param after        from raised to the first escalation step, and between steps
 * @param remindEvery  once every step is taken, everyone told so far is told again at this interval
 * @param steps        who is told next, in order; a step that finds nobody new is skipped
 * @param notAtNight   escalations and reminders falling in the sites' night (22:00-07:00 local
 *                     time) wait for the morning
 */
public record EscalationPolicy(Duration after, Duration remindEvery, List<Step> steps, boolean notAtNight) {

    /** One step of escalation. */
    public enum Step {
        /** The backups of the shift on duty at the station and in the grid cell. */
        BACKUP,
        /** The station head of the station's roster. */
        HEAD,
        /** The next station's crew on duty and the tenant's duty officer. */
        NEXT_STATION
    }

    /** Supervisory alarms escalate within the station after this long (a door held open, a hydrant low). */
    public static final Duration SUPERVISORY_AFTER = Duration.ofMinutes(10);
    public static final Duration SUPERVISORY_REMIND_EVERY = Duration.ofMinutes(30);
    /** Trouble (offline, low battery) is work for the day: the head hears of it after 4 hours, reminded daily. */
    public static final Duration TROUBLE_AFTER = Duration.ofHours(4);
    public static final Duration TROUBLE_REMIND_EVERY = Duration.ofHours(24);

    public EscalationPolicy {
        steps = List.copyOf(steps);
        if (after.isNegative() || after.isZero() || remindEvery.isNegative() || remindEvery.isZero()) {
            throw new IllegalArgumentException("escalation and reminder intervals must be positive");
        }
    }

    /**
     * The policy of {@code cls}: fire by {@code fire} (the configured 60 s) through backup, head and
     * the next station; supervisory after 10 minutes, reminding every 30, within the station;
     * trouble after 4 hours, reminding daily, within the station and never at night.
     */
    public static EscalationPolicy of(AlarmClass cls, Escalation fire) {
        return switch (cls) {
            case FIRE -> new EscalationPolicy(fire.after(), fire.remindEvery(),
                    List.of(Step.BACKUP, Step.HEAD, Step.NEXT_STATION), false);
            case SUPERVISORY -> new EscalationPolicy(SUPERVISORY_AFTER, SUPERVISORY_REMIND_EVERY,
                    List.of(Step.BACKUP, Step.HEAD), false);
            case TROUBLE -> new EscalationPolicy(TROUBLE_AFTER, TROUBLE_REMIND_EVERY, List.of(Step.HEAD), true);
        };
    }
}
