package io.firegrid.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds JSON bodies field by field from raw JSON fragments, starting from the examples of the
 * wire contract, so a test changes exactly the one thing it is about.
 */
final class Body {

    private final Map<String, String> fields = new LinkedHashMap<>();

    private Body() {
    }

    /** {@code {"ts":"2026-11-28T12:00:01.004Z","seq":42,"sensor":"smoke-1","kind":"smoke","state":"alarm"}} */
    static Body event() {
        return new Body()
                .text("ts", "2026-11-28T12:00:01.004Z")
                .raw("seq", "42")
                .text("sensor", "smoke-1")
                .text("kind", "smoke")
                .text("state", "alarm");
    }

    /** {@code {"sensor":"hydrant-1","kind":"pressure","value":0.32,"unit":"MPa"}} */
    static Body reading() {
        return new Body()
                .text("sensor", "hydrant-1")
                .text("kind", "pressure")
                .raw("value", "0.32")
                .text("unit", "MPa");
    }

    /** {@code {"ts":"2026-11-28T12:00:00.123Z","seq":41,"readings":[...]}} with one hydrant reading. */
    static Body readings() {
        return readings(reading());
    }

    static Body readings(Body... entries) {
        return readings(List.of(entries));
    }

    static Body readings(List<Body> entries) {
        return new Body()
                .text("ts", "2026-11-28T12:00:00.123Z")
                .raw("seq", "41")
                .raw("readings", entries.stream().map(Body::json).collect(Collectors.joining(",", "[", "]")));
    }

    static List<Body> manyReadings(int count) {
        List<Body> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(reading().text("sensor", "s" + i));
        }
        return entries;
    }

    /** Sets {@code field} to a raw JSON fragment, e.g. {@code raw("seq", "1.5")}. */
    Body raw(String field, String json) {
        fields.put(field, json);
        return this;
    }

    /** Sets {@code field} to a JSON string; {@code "} and {@code \} are escaped. */
    Body text(String field, String value) {
        return raw(field, '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }

    Body without(String field) {
        fields.remove(field);
        return this;
    }

    /** The member {@code "field":value} as it appears in {@link #json()}. */
    String member(String field) {
        return '"' + field + "\":" + fields.get(field);
    }

    String json() {
        return fields.entrySet().stream()
                .map(e -> '"' + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** The body padded with an unknown {@code pad} field of ASCII letters to exactly {@code size} UTF-8 bytes. */
    byte[] paddedTo(int size) {
        int withEmptyPad = text("pad", "").bytes().length;
        if (size < withEmptyPad) {
            throw new IllegalArgumentException("body is already longer than " + size + " bytes");
        }
        return text("pad", "x".repeat(size - withEmptyPad)).bytes();
    }
}
