package io.firegrid.gateway.report;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Response times against the micro fire station targets (acknowledge within 60 s, on scene within
 * 180 s), grouped by month, site or alarm class. Counts cover every alarm; the time figures cover
 * fire alarms, the ones the targets are about. A fire alarm never acknowledged counts as outside
 * the target. Drill alarms ({@link Alarm#drill()}) are reported apart: left out by default,
 * alone or mixed in on request ({@link Drills}), and counted in {@code drills} either way.
 */
public final class ResponseReport {

    /** How rows are grouped. */
    public enum Grouping {
        MONTH, SITE, STATION, CLASS, ALARM;

        public static Grouping fromWire(String s) {
            for (Grouping g : values()) {
                if (g.name().equalsIgnoreCase(s)) {
                    return g;
                }
            }
            throw io.firegrid.protocol.FireGridException.badRequest("bad-parameter",
                    "group must be month, site, station, class or alarm");
        }
    }

    /** Which alarms a report covers, as to drills. */
    public enum Drills {
        /** Real alarms only: the default, so drills never flatter or spoil real response figures. */
        EXCLUDE,
        /** Drill alarms only: how the drills went. */
        ONLY,
        /** Both, mixed; the {@code drills} column tells how many were drills. */
        INCLUDE;

        public static final Drills DEFAULT = EXCLUDE;

        public boolean covers(Alarm a) {
            return switch (this) {
                case EXCLUDE -> !a.drill();
                case ONLY -> a.drill();
                case INCLUDE -> true;
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Drills fromWire(String s) {
            for (Drills d : values()) {
                if (d.wireName().equals(s)) {
                    return d;
                }
            }
            throw io.firegrid.protocol.FireGridException.badRequest("bad-parameter",
                    "drill must be exclude (real alarms only, the default), only or include");
        }
    }

    /**
     * One row of the report. Seconds are {@code null} when no alarm of the group has the step.
     * {@code drills} counts the drill alarms among {@code alarms}.
     */
    public record Row(String group, int alarms, int fire, int supervisory, int trouble, Double ackMedianSeconds,
                      Double ackWorstSeconds, double ackWithinTargetShare, Double onSceneMedianSeconds,
                      Double onSceneWorstSeconds, double onSceneWithinTargetShare, int drills) {
    }

    public static final List<String> CSV_HEADER = List.of("group", "alarms", "fire", "supervisory", "trouble",
            "ack_median_s", "ack_worst_s", "ack_within_60s_share", "on_scene_median_s", "on_scene_worst_s",
            "on_scene_within_180s_share", "drills");

    private ResponseReport() {
    }

    /**
     * The rows for those of {@code alarms} that {@code drills} covers, grouped; months are calendar
     * months in {@code zone}.
     */
    public static List<Row> rows(List<Alarm> alarms, Drills drills, Grouping grouping, ZoneId zone,
                                 Function<Alarm, String> stationOf) {
        DateTimeFormatter month = DateTimeFormatter.ofPattern("yyyy-MM").withZone(zone);
        Function<Alarm, String> key = switch (grouping) {
            case MONTH -> a -> month.format(a.raisedAt());
            case SITE -> a -> a.site() == null ? "(no site)" : a.site();
            case STATION -> a -> stationOf.apply(a);
            case CLASS -> a -> a.alarmClass().wireName();
            case ALARM -> a -> Long.toString(a.id());
        };
        // one row per alarm keeps the alarms' order (oldest first); other groups are sorted by name
        Map<String, List<Alarm>> groups = grouping == Grouping.ALARM ? new java.util.LinkedHashMap<>() : new TreeMap<>();
        alarms.stream().filter(drills::covers).forEach(a -> groups.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a));
        List<Row> rows = new ArrayList<>();
        groups.forEach((g, list) -> rows.add(row(g, list)));
        return rows;
    }

    private static Row row(String group, List<Alarm> alarms) {
        List<Alarm> fires = alarms.stream().filter(a -> a.alarmClass() == AlarmClass.FIRE).toList();
        double[] ack = fires.stream().flatMap(a -> a.ackSeconds().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
        double[] onScene = fires.stream().flatMap(a -> a.onSceneSeconds().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
        double ackTarget = Alarm.ACK_TARGET.toSeconds();
        double sceneTarget = Alarm.ON_SCENE_TARGET.toSeconds();
        return new Row(group, alarms.size(), fires.size(), count(alarms, AlarmClass.SUPERVISORY), count(alarms, AlarmClass.TROUBLE),
                median(ack), worst(ack), share(ack, ackTarget, fires.size()),
                median(onScene), worst(onScene), share(onScene, sceneTarget, fires.size()),
                (int) alarms.stream().filter(Alarm::drill).count());
    }

    private static int count(List<Alarm> alarms, AlarmClass c) {
        return (int) alarms.stream().filter(a -> a.alarmClass() == c).count();
    }

    private static Double median(double[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Double worst(double[] sorted) {
        return sorted.length == 0 ? null : sorted[sorted.length - 1];
    }

    private static double share(double[] seconds, double target, int of) {
        return of == 0 ? 0 : Arrays.stream(seconds).filter(s -> s <= target).count() / (double) of;
    }

    /** The rows as CSV (RFC 4180), header first. */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", CSV_HEADER)).append("\r\n");
        for (Row r : rows) {
            out.append(quote(r.group())).append(',').append(r.alarms()).append(',').append(r.fire()).append(',')
                    .append(r.supervisory()).append(',').append(r.trouble()).append(',')
                    .append(num(r.ackMedianSeconds())).append(',').append(num(r.ackWorstSeconds())).append(',')
                    .append(num(r.ackWithinTargetShare())).append(',').append(num(r.onSceneMedianSeconds())).append(',')
                    .append(num(r.onSceneWorstSeconds())).append(',').append(num(r.onSceneWithinTargetShare())).append(',')
                    .append(r.drills()).append("\r\n");
        }
        return out.toString();
    }

    private static String num(Double d) {
        return d == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", d);
    }

    private static String quote(String s) {
        return CsvCell.text(s);
    }
}
