package io.firegrid.agent.thresholds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The agent's local thresholds, the settings the station can change by command
 * ({@code set-thresholds}) and that outlive a restart.
 *
 * <p>On the wire and on disk: {@code {"debounceMs":50,"heartbeatSeconds":60}}.
 *
 * @param debounce  how long a contact must stay still before its state counts, {@value #MIN_DEBOUNCE_MS}
 *                  to {@value #MAX_DEBOUNCE_MS} ms; default {@code Hardware.DEFAULT_DEBOUNCE} (50 ms)
 * @param heartbeat time between heartbeats, {@value #MIN_HEARTBEAT_SECONDS} to {@value #MAX_HEARTBEAT_SECONDS}
 *                  s; default {@link #DEFAULT_HEARTBEAT}
 */
public record Thresholds(Duration debounce, Duration heartbeat) {

    /** 60 s: a maintainer sees a filling outbox within a minute; about 25 KiB a day on the wire. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);
    public static final int MIN_DEBOUNCE_MS = 0;
    /** 1 s: a longer debounce would hold back the siren and the alarm noticeably. */
    public static final int MAX_DEBOUNCE_MS = 1_000;
    public static final int MIN_HEARTBEAT_SECONDS = 10;
    /** One day. */
    public static final int MAX_HEARTBEAT_SECONDS = 86_400;

    static final String DEBOUNCE_MS = "debounceMs";
    static final String HEARTBEAT_SECONDS = "heartbeatSeconds";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Thresholds {
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (debounce.isNegative() || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("debounce must not be negative and heartbeat must be positive, were "
                    + debounce + " and " + heartbeat);
        }
    }

    /**
     * Checks that these thresholds lie within the ranges a command or the configuration may set
     * (tests build agents with shorter heartbeats through the constructor).
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-threshold} naming each value out of range
     */
    public Thresholds checked() {
        List<String> problems = new ArrayList<>();
        checkRanges(debounce.toMillis(), heartbeat.toSeconds(), problems);
        if (!problems.isEmpty()) {
            throw FireGridException.badRequest("bad-threshold", String.join("; ", problems));
        }
        return this;
    }

    private static void checkRanges(long debounceMs, long heartbeatSeconds, List<String> problems) {
        if (debounceMs < MIN_DEBOUNCE_MS || debounceMs > MAX_DEBOUNCE_MS) {
            problems.add(DEBOUNCE_MS + " should be between " + MIN_DEBOUNCE_MS + " and " + MAX_DEBOUNCE_MS
                    + ", was " + debounceMs);
        }
        if (heartbeatSeconds < MIN_HEARTBEAT_SECONDS || heartbeatSeconds > MAX_HEARTBEAT_SECONDS) {
            problems.add(HEARTBEAT_SECONDS + " should be between " + MIN_HEARTBEAT_SECONDS + " and "
                    + MAX_HEARTBEAT_SECONDS + ", was " + heartbeatSeconds);
        }
    }

    /**
     * These thresholds with the fields of {@code json} applied; fields left out keep their value.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-threshold} naming the problems: not a JSON
     *         object, an unknown field, a value that is not a whole number or is out of range
     */
    public Thresholds with(byte[] json) {
        JsonNode body;
        try {
            body = json.length == 0 ? null : JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw FireGridException.badRequest("bad-threshold", "body is not JSON: expected e.g. {\"" + DEBOUNCE_MS
                    + "\":50,\"" + HEARTBEAT_SECONDS + "\":60}");
        }
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw FireGridException.badRequest("bad-threshold", "body should be a JSON object with " + DEBOUNCE_MS
                    + " and/or " + HEARTBEAT_SECONDS + ", e.g. {\"" + DEBOUNCE_MS + "\":50}");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(DEBOUNCE_MS) && !name.equals(HEARTBEAT_SECONDS)) {
                problems.add("unknown field '" + name + "': expected " + DEBOUNCE_MS + " or " + HEARTBEAT_SECONDS);
            }
        }
        long debounceMs = whole(body, DEBOUNCE_MS, debounce.toMillis(), problems);
        long heartbeatSeconds = whole(body, HEARTBEAT_SECONDS, heartbeat.toSeconds(), problems);
        // only what the body sets is checked: a test agent may run with a heartbeat below the minimum
        checkRanges(body.has(DEBOUNCE_MS) ? debounceMs : MIN_DEBOUNCE_MS,
                body.has(HEARTBEAT_SECONDS) ? heartbeatSeconds : MIN_HEARTBEAT_SECONDS, problems);
        if (!problems.isEmpty()) {
            throw FireGridException.badRequest("bad-threshold", String.join("; ", problems));
        }
        return new Thresholds(Duration.ofMillis(debounceMs), Duration.ofSeconds(heartbeatSeconds));
    }

    private static long whole(JsonNode body, String name, long current, List<String> problems) {
        JsonNode n = body.get(name);
        if (n == null) {
            return current;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            problems.add(name + " should be a whole number, was " + n);
            return current;
        }
        return n.longValue();
    }

    /** {@code {"debounceMs":50,"heartbeatSeconds":60}}. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put(DEBOUNCE_MS, debounce.toMillis());
        o.put(HEARTBEAT_SECONDS, heartbeat.toSeconds());
        return o;
    }

    public byte[] toJsonBytes() {
        return toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
