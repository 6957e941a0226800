package io.firegrid.gateway.report;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.LocationText;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Facility reports derived from the supervisory and trouble alarms raised in a period: fire doors
 * held open, hydrant pressure excursions, devices offline. One row per alarm, saying how long the
 * condition lasted: from raised to resolved (a restored condition is resolved by the gateway with
 * cause {@code cleared}), or to the end of the period while it is still open. Drill alarms are
 * left out unless asked for, as in {@link ResponseReport}. Pure functions, no I/O.
 */
public final class ConditionReport {

    /** Which report: its wire name, the alarm types it covers, its CSV file name. */
    public enum Kind {
        DOORS_HELD_OPEN("doors-held-open", Set.of("door-held-open")),
        PRESSURE_EXCURSIONS("pressure-excursions", Set.of("pressure-low", "pressure-high", "pressure-dropping")),
        OFFLINE_DEVICES("offline-devices", Set.of("offline"));

        private final String wireName;
        private final Set<String> types;

        Kind(String wireName, Set<String> types) {
            this.wireName = wireName;
            this.types = types;
        }

        public String wireName() {
            return wireName;
        }

        public Set<String> types() {
            return types;
        }

        public static Kind fromWire(String s) {
            for (Kind k : values()) {
                if (k.wireName.equals(s)) {
                    return k;
                }
            }
            throw FireGridException.notFound("unknown-report", "no report '" + s
                    + "': choose response-times, doors-held-open, pressure-excursions or offline-devices");
        }
    }

    /**
     * One condition.
     *
     * @param endedAt         when it was resolved, or {@code null} while still open
     * @param durationSeconds raised to resolved, or raised to the end of the period while open
     * @param resolvedBy      who resolved it ({@code gateway} when the condition cleared), or {@code null}
     * @param cause           the cause it was resolved with, or {@code null}
     * @param locationZh      where it is, the alarm's location line in Chinese ({@link LocationText}), or {@code null}
     * @param locationEn      the same in English, or {@code null}
     */
    public record Row(long alarm, String tenant, String device, String sensor, String site, String zone, String type,
                      Instant raisedAt, Instant endedAt, double durationSeconds, boolean open, String resolvedBy,
                      String cause, boolean drill, String locationZh, String locationEn) {
    }

    public static final List<String> CSV_HEADER = List.of("alarm", "tenant", "device", "sensor", "site", "zone", "type",
            "raised_at", "ended_at", "duration_seconds", "open", "resolved_by", "cause", "drill", "location_zh", "location_en");

    private ConditionReport() {
    }

    /** The rows of {@code kind} among {@code alarms} (raised in the period ending at {@code periodEnd}), oldest first. */
    public static List<Row> rows(List<Alarm> alarms, Kind kind, ResponseReport.Drills drills, Instant periodEnd) {
        return alarms.stream()
                .filter(a -> kind.types().contains(a.type()))
                .filter(a -> switch (drills) {
                    case EXCLUDE -> !a.drill();
                    case ONLY -> a.drill();
                    case INCLUDE -> true;
                })
                .map(a -> row(a, periodEnd))
                .toList();
    }

    private static Row row(Alarm a, Instant periodEnd) {
        Step resolved = a.step(AlarmState.RESOLVED).orElse(null);
        Instant end = resolved != null ? resolved.at() : periodEnd;
        double seconds = Math.max(0, Duration.between(a.raisedAt(), end).toMillis() / 1000.0);
        return new Row(a.id(), a.device().tenant(), a.device().device(), a.sensor(), a.site(), a.zone(), a.type(),
                a.raisedAt(), resolved == null ? null : resolved.at(), seconds, resolved == null,
                resolved == null ? null : resolved.by(), a.cause() == null ? null : a.cause().wireName(), a.drill(),
                a.location() == null ? null : LocationText.zh(a.location()),
                a.location() == null ? null : LocationText.en(a.location()));
    }

    /** The rows as CSV (RFC 4180), header first; empty fields for what is not known. */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", CSV_HEADER)).append("\r\n");
        for (Row r : rows) {
            out.append(r.alarm()).append(',').append(field(r.tenant())).append(',').append(field(r.device())).append(',')
                    .append(field(r.sensor())).append(',').append(field(r.site())).append(',').append(field(r.zone()))
                    .append(',').append(field(r.type())).append(',').append(r.raisedAt()).append(',')
                    .append(r.endedAt() == null ? "" : r.endedAt().toString()).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.durationSeconds())).append(',').append(r.open())
                    .append(',').append(field(r.resolvedBy())).append(',').append(field(r.cause())).append(',')
                    .append(r.drill()).append(',').append(field(r.locationZh())).append(',').append(field(r.locationEn()))
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String field(String s) {
        return CsvCell.text(s);
    }
}
