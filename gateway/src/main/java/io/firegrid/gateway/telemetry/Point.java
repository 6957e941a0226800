package io.firegrid.gateway.telemetry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One telemetry point as InfluxDB stores it: a measurement, tags (indexed, for {@code WHERE} and
 * {@code GROUP BY}), fields (the values) and a time with millisecond precision. Immutable.
 *
 * <p>{@link #toLineProtocol()} renders it in InfluxDB line protocol, the one format both sinks
 * write and the on-disk buffer keeps. Tags with a {@code null} or empty value are left out (InfluxDB
 * does not store empty tags), the rest sorted by key as {@link Tags}, which a point keeps without a
 * copy; fields must be {@link Double}, {@link Long}, {@link Boolean} or
 * {@link String}, and at least one is required; they keep their order, and {@link Fields} are kept
 * without a copy.
 */
public record Point(String measurement, Map<String, String> tags, Map<String, Object> fields, Instant time) {

    public Point {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(time, "time");
        tags = Tags.of(tags);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a point needs at least one field: " + measurement);
        }
        if (fields instanceof Fields kept) { // immutable already: checked without an iterator, kept without a copy
            for (int i = 0; i < kept.count(); i++) {
                check(measurement, kept.key(i), kept.value(i));
            }
        } else {
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                check(measurement, f.getKey(), f.getValue());
            }
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    private static void check(String measurement, String field, Object v) {
        if (!(v instanceof Double || v instanceof Long || v instanceof Boolean || v instanceof String)) {
            throw new IllegalArgumentException("field '" + field + "' of " + measurement
                    + " must be a Double, Long, Boolean or String, not " + (v == null ? "null" : v.getClass().getSimpleName()));
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            throw new IllegalArgumentException("field '" + field + "' of " + measurement + " is not finite");
        }
    }

    /** {@code measurement,tag=v,... field=v,... timeMillis}, escaped as line protocol requires. */
    public String toLineProtocol() {
        StringBuilder b = new StringBuilder(128);
        escape(b, measurement, ", ");
        tags.forEach((k, v) -> {
            b.append(',');
            escape(b, k, ",= ");
            b.append('=');
            escape(b, v, ",= ");
        });
        char sep = ' ';
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            b.append(sep);
            sep = ',';
            escape(b, f.getKey(), ",= ");
            b.append('=');
            Object v = f.getValue();
            if (v instanceof Long l) {
                b.append(l).append('i');
            } else if (v instanceof String s) {
                b.append('"');
                escape(b, s, "\"\\");
                b.append('"');
            } else {
                b.append(v);
            }
        }
        b.append(' ').append(time.toEpochMilli());
        return b.toString();
    }

    private static void escape(StringBuilder b, String s, String special) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                b.append(' ');
                continue;
            }
            if (special.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
    }
}
