package io.firegrid.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body codec as it was before decoding went streaming: the whole body decoded to a {@code String}
 * (strict UTF-8), parsed into a Jackson tree, then the fields checked. Kept verbatim, in the tests
 * only, as the oracle {@link StreamingDecoderDifferentialTest} holds {@link MessageCodec} to: the
 * same message, or the same refusal with the same reason, for every body.
 */
final class TreeMessageCodec {

    /** Largest body accepted, in bytes (wire contract v1). */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** Most readings in one telemetry message. */
    public static final int MAX_READINGS = 256;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    TreeMessageCodec() {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    /** Decodes a body that arrived on {@code endpoint}. */
    public DeviceMessage decode(Endpoint endpoint, byte[] body) {
        return switch (endpoint) {
            case EVENT -> decodeEvent(body);
            case TELEMETRY -> decodeReadings(body);
        };
    }

    public Event decodeEvent(byte[] body) {
        ObjectNode o = parseObject(body);
        return new Event(ts(o), seq(o), text(o, "sensor"), Kind.fromWire(text(o, "kind")), State.fromWire(text(o, "state")));
    }

    public Readings decodeReadings(byte[] body) {
        ObjectNode o = parseObject(body);
        JsonNode arr = o.get("readings");
        if (arr == null) {
            throw missing("readings");
        }
        if (!arr.isArray() || arr.isEmpty()) {
            throw badField("readings", "must be a non-empty array");
        }
        if (arr.size() > MAX_READINGS) {
            throw badField("readings", "holds " + arr.size() + " entries, at most " + MAX_READINGS + " allowed");
        }
        List<Reading> readings = new ArrayList<>(arr.size());
        for (JsonNode r : arr) {
            if (!r.isObject()) {
                throw badField("readings", "entries must be objects");
            }
            JsonNode value = r.get("value");
            if (value == null) {
                throw missing("readings[].value");
            }
            if (!value.isNumber()) {
                throw badField("readings[].value", "must be a number");
            }
            JsonNode unit = r.get("unit");
            if (unit != null && !unit.isTextual()) {
                throw badField("readings[].unit", "must be a string");
            }
            readings.add(new Reading(text(r, "sensor"), Kind.fromWire(text(r, "kind")), value.doubleValue(),
                    unit == null ? null : unit.textValue()));
        }
        return new Readings(ts(o), seq(o), readings);
    }

    /**
     * The JSON body of a message.
     *
     * @throws FireGridException {@code PAYLOAD_TOO_LARGE/too-large} if the body would exceed
     *                           {@value #MAX_BODY_BYTES} bytes: split the readings into smaller batches
     */
    public byte[] encode(DeviceMessage message) {
        ObjectNode o = mapper.createObjectNode();
        if (message.ts() != null) {
            o.put("ts", message.ts().toString());
        }
        o.put("seq", message.seq());
        if (message instanceof Event e) {
            o.put("sensor", e.sensor());
            o.put("kind", e.kind().wireName());
            o.put("state", e.state().wireName());
        } else if (message instanceof Readings r) {
            ArrayNode arr = o.putArray("readings");
            for (Reading reading : r.readings()) {
                ObjectNode ro = arr.addObject();
                ro.put("sensor", reading.sensor());
                ro.put("kind", reading.kind().wireName());
                ro.put("value", reading.value());
                if (reading.unit() != null) {
                    ro.put("unit", reading.unit());
                }
            }
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large", "encoded body of "
                    + bytes.length + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes: send fewer readings per message");
        }
        return bytes;
    }

    private ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw FireGridException.badRequest("malformed-json", "empty body: expected a JSON object");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large",
                    "body of " + body.length + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        String text;
        try {
            // strict: Jackson alone would also accept UTF-16/32 and overlong or surrogate sequences
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw FireGridException.badRequest("malformed-json", "body is not valid UTF-8 JSON");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0 && nul < 4) { // how UTF-16 and UTF-32 encodings of '{' begin
            throw FireGridException.badRequest("malformed-json",
                    "body must be UTF-8 JSON but contains NUL characters (was it sent as UTF-16 or UTF-32?)");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (IOException e) {
            throw FireGridException.badRequest("malformed-json", "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw FireGridException.badRequest("malformed-json", "body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static long seq(ObjectNode o) {
        JsonNode n = o.get("seq");
        if (n == null) {
            throw missing("seq");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw FireGridException.badRequest("bad-seq", "seq must be a non-negative integer, not " + DeviceId.shorten(n.toString()));
        }
        return n.longValue();
    }

    private static Instant ts(ObjectNode o) {
        JsonNode n = o.get("ts");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw badField("ts", "must be an ISO-8601 UTC timestamp such as 2026-11-28T12:00:00.123Z");
        }
        try {
            return UtcTimestamps.parse(n.textValue());
        } catch (DateTimeParseException e) {
            throw badField("ts", "'" + DeviceId.shorten(n.textValue())
                    + "' is not an ISO-8601 UTC timestamp such as 2026-11-28T12:00:00.123Z");
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw missing(field);
        }
        if (!n.isTextual()) {
            throw badField(field, "must be a string");
        }
        return n.textValue();
    }

    private static FireGridException missing(String field) {
        return FireGridException.badRequest("missing-field", "required field '" + field + "' is missing");
    }

    private static FireGridException badField(String field, String why) {
        return FireGridException.badRequest("bad-field", "field '" + field + "' " + why);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** Convenience for tests and tools: the body as a UTF-8 string. */
    public String encodeToString(DeviceMessage message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }
}
