package io.firegrid.gateway.report;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.LocationText;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.gateway.isolation.Isolation;
import io.firegrid.protocol.FireGridException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One calendar month of a community's fire safety record, as a fire inspector reads it: the
 * response figures against the micro fire station rule (acknowledged within 60 s, on scene within
 * 180 s), how the fire alarms' response times spread, the door and hydrant conditions of each day,
 * the alarm list with causes and times, the isolations and the drills. The monthly PDF and the
 * console's reports page are drawn from this one value, so they show the same figures.
 *
 * <p>Real alarms and drill alarms are kept apart, as in {@link ResponseReport}: the summary, the
 * charts and the alarm list cover real alarms; drills have their own list. Lists are cut at
 * {@code maxRows} and say how many were left out. Pure functions, no I/O.
 *
 * @param from       the first instant of the month in {@code zone}
 * @param to         the first instant after it
 * @param periodEnd  {@code to}, or the time the report was made while the month is still running: a
 *                   condition still open is counted up to it
 * @param scope      the tenant the report covers, or {@code null} for every tenant of the gateway
 * @param sites      the names of the sites covered
 */
public record MonthlyReport(YearMonth month, ZoneId zone, Instant from, Instant to, Instant periodEnd,
                            Instant generatedAt, String generatedBy, String scope, List<String> sites, Summary summary,
                            List<Bin> responseTimes, List<Day> days, List<Line> alarms, int alarmsLeftOut,
                            List<Isolation> isolations, int isolationsLeftOut, List<Line> drills, int drillsLeftOut) {

    /** Width of one bar of the response-time chart: the 60 s and 180 s targets fall on bar edges. */
    public static final int BIN_SECONDS = 30;
    /** Bars of the response-time chart; the last one holds everything from 300 s on. */
    public static final int BINS = 11;
    /** Most rows one list of the report holds unless asked otherwise; the rest are counted. */
    public static final int DEFAULT_MAX_ROWS = 200;

    private static final Set<String> DOOR_TYPES = Set.of("door-held-open", "exit-blocked");

    /**
     * The month's figures over real alarms (drills apart). Seconds are {@code null} when no fire
     * alarm reached the step. A fire alarm never acknowledged (or never on scene) counts as outside
     * its target.
     */
    public record Summary(int alarms, int fire, int supervisory, int trouble, int falseAlarms, Double ackMedianSeconds,
                          Double ackWorstSeconds, int ackWithinTarget, Double onSceneMedianSeconds,
                          Double onSceneWorstSeconds, int onSceneWithinTarget, int doorConditions, int pressureConditions,
                          double doorHours, double pressureHours, int isolations, int drillAlarms, int isolatedAlarms) {
    }

    /**
     * One bar of the response-time chart: how many real fire alarms were acknowledged, and how many
     * reached on scene, within {@code [fromSeconds, toSeconds)}; {@code toSeconds} is {@code null} for the last.
     */
    public record Bin(int fromSeconds, Integer toSeconds, int acknowledged, int onScene) {
    }

    /** One day of the month: the door and hydrant conditions raised that day, and their hours (to their end). */
    public record Day(LocalDate date, int doors, int pressure, double doorHours, double pressureHours) {
    }

    /**
     * One alarm of the list.
     *
     * @param cause     why it was resolved ({@code fire}, {@code false-alarm}, ...), or {@code null} while open
     * @param ackSeconds seconds from raised to the first step a person took (acknowledged, en route or on
     *                   scene), or {@code null}; en route and on scene: seconds to that step, or {@code null}
     */
    public record Line(long id, Instant raisedAt, AlarmClass alarmClass, String type, String device, String sensor,
                       String site, String locationZh, String locationEn, String cause, Double ackSeconds,
                       Double enRouteSeconds, Double onSceneSeconds, Instant resolvedAt, boolean confirmed,
                       boolean isolated) {
    }

    /**
     * The month {@code text} ({@code 2026-11}) in {@code zone}; refuses another form and a month
     * that has not begun at {@code now}.
     */
    public static YearMonth month(String text, ZoneId zone, Instant now) {
        YearMonth month;
        try {
            month = YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw FireGridException.badRequest("bad-parameter", "'month' must be a month such as 2026-11, not '" + text + "'");
        }
        if (month.atDay(1).atStartOfDay(zone).toInstant().isAfter(now)) {
            throw FireGridException.badRequest("bad-parameter", "month " + month + " has not begun yet");
        }
        return month;
    }

    /** The first instant of {@code month} in {@code zone}. */
    public static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The first instant after {@code month} in {@code zone}. */
    public static Instant end(YearMonth month, ZoneId zone) {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    /**
     * The report of {@code month} from the alarms raised in it ({@code alarms}, oldest first) and
     * the isolations in force at some time of it.
     */
    public static MonthlyReport of(YearMonth month, ZoneId zone, List<Alarm> alarms, List<Isolation> isolations,
                                   Instant now, String generatedBy, String scope, List<String> sites, int maxRows) {
        Instant from = start(month, zone);
        Instant to = end(month, zone);
        Instant periodEnd = now.isBefore(to) ? now : to;
        List<Alarm> real = alarms.stream().filter(a -> !a.drill()).toList();
        List<Alarm> drill = alarms.stream().filter(Alarm::drill).toList();
        List<Alarm> fires = real.stream().filter(a -> a.alarmClass() == AlarmClass.FIRE).toList();
        List<Day> days = days(month, zone, real, periodEnd);
        List<Isolation> sortedIsolations = isolations.stream().sorted(Comparator.comparing(Isolation::from)).toList();
        Summary summary = summary(real, fires, drill.size(), days, sortedIsolations.size());
        return new MonthlyReport(month, zone, from, to, periodEnd, now, generatedBy, scope, List.copyOf(sites), summary,
                bins(fires), days, lines(real, maxRows), Math.max(0, real.size() - maxRows),
                sortedIsolations.stream().limit(maxRows).toList(), Math.max(0, sortedIsolations.size() - maxRows),
                lines(drill, maxRows), Math.max(0, drill.size() - maxRows));
    }

    private static Summary summary(List<Alarm> real, List<Alarm> fires, int drills, List<Day> days, int isolations) {
        ResponseReport.Row r = ResponseReport.rows(real, ResponseReport.Drills.EXCLUDE, ResponseReport.Grouping.CLASS,
                ZoneId.of("UTC"), a -> "").stream().filter(row -> row.group().equals(AlarmClass.FIRE.wireName()))
                .findFirst().orElse(null);
        int ackWithin = (int) fires.stream().filter(a -> a.ackSeconds().filter(s -> s <= Alarm.ACK_TARGET.toSeconds())
                .isPresent()).count();
        int sceneWithin = (int) fires.stream().filter(a -> a.onSceneSeconds()
                .filter(s -> s <= Alarm.ON_SCENE_TARGET.toSeconds()).isPresent()).count();
        return new Summary(real.size(), fires.size(), count(real, AlarmClass.SUPERVISORY), count(real, AlarmClass.TROUBLE),
                (int) real.stream().filter(a -> a.cause() != null && a.cause().wireName().equals("false-alarm")).count(),
                r == null ? null : r.ackMedianSeconds(), r == null ? null : r.ackWorstSeconds(), ackWithin,
                r == null ? null : r.onSceneMedianSeconds(), r == null ? null : r.onSceneWorstSeconds(), sceneWithin,
                days.stream().mapToInt(Day::doors).sum(), days.stream().mapToInt(Day::pressure).sum(),
                days.stream().mapToDouble(Day::doorHours).sum(), days.stream().mapToDouble(Day::pressureHours).sum(),
                isolations, drills, (int) real.stream().filter(Alarm::isolated).count());
    }

    private static int count(List<Alarm> alarms, AlarmClass c) {
        return (int) alarms.stream().filter(a -> a.alarmClass() == c).count();
    }

    private static List<Bin> bins(List<Alarm> fires) {
        int[] ack = new int[BINS];
        int[] scene = new int[BINS];
        for (Alarm a : fires) {
            a.ackSeconds().ifPresent(s -> ack[bin(s)]++);
            a.onSceneSeconds().ifPresent(s -> scene[bin(s)]++);
        }
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            bins.add(new Bin(i * BIN_SECONDS, i == BINS - 1 ? null : (i + 1) * BIN_SECONDS, ack[i], scene[i]));
        }
        return bins;
    }

    private static int bin(double seconds) {
        return (int) Math.min(BINS - 1, Math.max(0, Math.floor(seconds / BIN_SECONDS)));
    }

    private static List<Day> days(YearMonth month, ZoneId zone, List<Alarm> real, Instant periodEnd) {
        int n = month.lengthOfMonth();
        int[] doors = new int[n];
        int[] pressure = new int[n];
        double[] doorHours = new double[n];
        double[] pressureHours = new double[n];
        var doorRows = ConditionReport.rows(real, ConditionReport.Kind.DOORS_HELD_OPEN, ResponseReport.Drills.EXCLUDE, periodEnd);
        var pressureRows = ConditionReport.rows(real, ConditionReport.Kind.PRESSURE_EXCURSIONS, ResponseReport.Drills.EXCLUDE,
                periodEnd);
        for (Alarm a : real.stream().filter(a -> DOOR_TYPES.contains(a.type()) && !ConditionReport.Kind.DOORS_HELD_OPEN
                .types().contains(a.type())).toList()) {
            int d = a.raisedAt().atZone(zone).getDayOfMonth() - 1;
            doors[d]++;
            doorHours[d] += hours(a, periodEnd);
        }
        for (ConditionReport.Row r : doorRows) {
            int d = r.raisedAt().atZone(zone).getDayOfMonth() - 1;
            doors[d]++;
            doorHours[d] += r.durationSeconds() / 3600;
        }
        for (ConditionReport.Row r : pressureRows) {
            int d = r.raisedAt().atZone(zone).getDayOfMonth() - 1;
            pressure[d]++;
            pressureHours[d] += r.durationSeconds() / 3600;
        }
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            days.add(new Day(month.atDay(i + 1), doors[i], pressure[i], doorHours[i], pressureHours[i]));
        }
        return days;
    }

    private static double hours(Alarm a, Instant periodEnd) {
        Instant end = a.step(AlarmState.RESOLVED).map(Step::at).orElse(periodEnd);
        return Math.max(0, java.time.Duration.between(a.raisedAt(), end).toMillis() / 3_600_000.0);
    }

    private static List<Line> lines(List<Alarm> alarms, int maxRows) {
        return alarms.stream().limit(maxRows).map(MonthlyReport::line).toList();
    }

    private static Line line(Alarm a) {
        return new Line(a.id(), a.raisedAt(), a.alarmClass(), a.type(), a.device().device(), a.sensor(), a.site(),
                a.location() == null ? null : LocationText.zh(a.location()),
                a.location() == null ? null : LocationText.en(a.location()),
                a.cause() == null ? null : a.cause().wireName(), acknowledged(a),
                seconds(a, AlarmState.EN_ROUTE), seconds(a, AlarmState.ON_SCENE),
                a.step(AlarmState.RESOLVED).map(Step::at).orElse(null), a.confirmed(), a.isolated());
    }

    /**
     * Seconds to the first step a person took (acknowledged, en route or on scene); unlike
     * {@link Alarm#ackSeconds()}, a condition the gateway resolved when it cleared was never acknowledged.
     */
    private static Double acknowledged(Alarm a) {
        return a.steps().stream().filter(st -> st.state() != AlarmState.RAISED && st.state() != AlarmState.RESOLVED)
                .findFirst().map(st -> java.time.Duration.between(a.raisedAt(), st.at()).toMillis() / 1000.0).orElse(null);
    }

    private static Double seconds(Alarm a, AlarmState s) {
        return a.step(s).map(st -> java.time.Duration.between(a.raisedAt(), st.at()).toMillis() / 1000.0).orElse(null);
    }
}
