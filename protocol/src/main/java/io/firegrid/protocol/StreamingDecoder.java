package io.firegrid.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes event and readings bodies straight from their bytes with Jackson's streaming parser: no
 * tree, no {@code String} of the body, kinds and states matched in the parser's buffer.
 *
 * <p>The refusals are those of a decoder that first parses the whole body and then checks its
 * fields in a fixed order, and so are their reasons: a syntax error anywhere wins over any field's
 * problem, and among the fields' problems the first in that order wins. The parse therefore only
 * collects what it sees (a field absent, JSON {@code null}, of the wrong type, or its value) and
 * refuses nothing; the checks run once the closing brace and the end of input are reached.
 * The one place that still builds a tree is a {@code seq} that is not an integer, whose refusal
 * quotes it as JSON.
 *
 * <p>Duplicate keys are found here rather than by Jackson's {@code STRICT_DUPLICATE_DETECTION}, which
 * builds a {@code HashSet} for every object of three or more keys (each reading): the keys of the
 * body and of each reading entry are bits of an {@code int}, and only keys the contract does not
 * know go into a set, made when the first one is seen. A body whose parse skipped an object or an
 * array (an unknown field's value, an entry past the first refusal) is walked once more by the
 * strict parser for a duplicate inside it. Either way the refusal is {@link JsonBody#malformed}'s,
 * worded by the strict parser as before.
 *
 * <p>Thread-safe: all state is per call.
 */
final class StreamingDecoder {

    /** A text field that was JSON {@code null}. */
    private static final Object JSON_NULL = new Object();
    /** A text field that was neither a string nor {@code null}. */
    private static final Object NOT_TEXT = new Object();
    /** A {@code seq} that was an integer within a {@code long}: the value is beside it. */
    private static final Object SEQ_LONG = new Object();

    private static final int TS = 1;
    private static final int SEQ = 1 << 1;
    private static final int SENSOR = 1 << 2;
    private static final int KIND = 1 << 3;
    private static final int STATE = 1 << 4;
    private static final int READINGS = 1 << 5;
    private static final int VALUE = 1 << 6;
    private static final int UNIT = 1 << 7;

    /** The strict mapper: refusals are worded by its parse, and bodies with skipped containers walked by it. */
    private final ObjectMapper mapper;
    /** The same parser settings without duplicate detection, which {@link Keys} does. */
    private final JsonFactory lenient;
    private final ObjectReader subtrees;

    StreamingDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
        this.lenient = mapper.getFactory().copy().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.lenient.setStreamReadConstraints(mapper.getFactory().streamReadConstraints());
        this.subtrees = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    Event event(byte[] body) {
        JsonBody.check(body);
        Keys keys = new Keys(body);
        Stamp stamp = new Stamp();
        Object sensor = null;
        Object kind = null;
        Object state = null;
        try (JsonParser p = open(body)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (stamp.read(name, p, t, keys)) {
                    continue;
                }
                switch (name) {
                    case "sensor" -> sensor = text(p, t, keys.once(SENSOR));
                    case "kind" -> {
                        keys.once(KIND);
                        kind = t == JsonToken.VALUE_STRING ? kindOrText(p) : text(p, t, keys);
                    }
                    case "state" -> {
                        keys.once(STATE);
                        state = t == JsonToken.VALUE_STRING ? stateOrText(p) : text(p, t, keys);
                    }
                    default -> keys.other(name).skip(p);
                }
            }
            close(p, body);
        } catch (IOException e) {
            throw JsonBody.malformed(mapper, body, e);
        }
        keys.checkSkipped();
        return new Event(ts(stamp.ts), seq(stamp.seq, stamp.seqValue), text(sensor, "sensor"), kind(kind), state(state));
    }

    Readings readings(byte[] body) {
        JsonBody.check(body);
        Keys keys = new Keys(body);
        Stamp stamp = new Stamp();
        Entries entries = null;
        try (JsonParser p = open(body)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (stamp.read(name, p, t, keys)) {
                    continue;
                }
                switch (name) {
                    case "readings" -> {
                        keys.once(READINGS);
                        entries = new Entries();
                        entries.read(p, t, keys);
                    }
                    default -> keys.other(name).skip(p);
                }
            }
            close(p, body);
        } catch (IOException e) {
            throw JsonBody.malformed(mapper, body, e);
        }
        keys.checkSkipped();
        if (entries == null) {
            throw missing("readings");
        }
        List<Reading> readings = entries.readings(); // refused before ts and seq, as always
        return new Readings(ts(stamp.ts), seq(stamp.seq, stamp.seqValue), readings);
    }

    /** The {@code ts} and {@code seq} of a body, as parsed (events and readings both have them). */
    private final class Stamp {
        private Object ts;
        private Object seq;
        private long seqValue;

        /** Reads field {@code name} if it is {@code ts} or {@code seq}; false for any other field. */
        boolean read(String name, JsonParser p, JsonToken t, Keys keys) throws IOException {
            switch (name) {
                case "ts" -> ts = text(p, t, keys.once(TS));
                case "seq" -> {
                    keys.once(SEQ);
                    if (t.isStructStart()) {
                        keys.skipped(); // the tree below is built without duplicate detection
                    }
                    if (isLong(p, t)) {
                        seq = SEQ_LONG;
                        seqValue = p.getLongValue();
                    } else {
                        seq = subtrees.readTree(p);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The keys of one object of a body (the body itself, or a reading entry), to refuse a key seen
     * twice; and, for the whole body, whether its parse skipped an object or an array, whose keys
     * it did not see. Per call; the body's entries share one, reset for each.
     */
    private final class Keys {
        private final byte[] body;
        private final Keys root;
        private int known;
        private Set<String> others;
        private boolean skipped;
        private Keys entry;

        Keys(byte[] body) {
            this.body = body;
            this.root = this;
        }

        private Keys(Keys root) {
            this.body = root.body;
            this.root = root;
        }

        /** The keys of the next reading entry. */
        Keys entry() {
            if (entry == null) {
                entry = new Keys(this);
            }
            entry.known = 0;
            entry.others = null;
            return entry;
        }

        /** Counts the contract's key {@code key} (one of the bits above); refuses it the second time. */
        Keys once(int key) {
            if ((known & key) != 0) {
                throw duplicate();
            }
            known |= key;
            return this;
        }

        /** Counts a key the contract does not know; refuses it the second time. */
        Keys other(String name) {
            if (others == null) {
                others = new HashSet<>(4);
            }
            if (!others.add(name)) {
                throw duplicate();
            }
            return this;
        }

        /** Skips the value the parser is on; an object or an array is checked for duplicates by {@link #checkSkipped}. */
        void skip(JsonParser p) throws IOException {
            if (p.currentToken() != null && p.currentToken().isStructStart()) {
                root.skipped = true;
            }
            p.skipChildren();
        }

        void skipped() {
            root.skipped = true;
        }

        /** Once the body parsed: if a container was skipped, the strict parser walks the body for a duplicate key in it. */
        void checkSkipped() {
            if (!skipped) {
                return;
            }
            try (JsonParser p = mapper.createParser(body)) {
                JsonToken t = p.nextToken();
                while (t != null) {
                    t = p.nextToken();
                }
            } catch (IOException e) {
                throw JsonBody.malformed(mapper, body, e);
            }
        }

        private FireGridException duplicate() {
            return JsonBody.malformed(mapper, body, null);
        }
    }

    /** A parser positioned on the body's opening brace; anything else is refused. */
    private JsonParser open(byte[] body) throws IOException {
        if (JsonBody.startsWithBom(body)) {
            throw JsonBody.malformed(mapper, body, null);
        }
        JsonParser p = lenient.createParser(body);
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw JsonBody.malformed(mapper, body, null);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** At the body's closing brace: refuses anything but whitespace after it. */
    private void close(JsonParser p, byte[] body) throws IOException {
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw JsonBody.malformed(mapper, body, null);
        }
    }

    /** The readings array as parsed: its size, and its readings or the first entry's refusal. */
    private static final class Entries {
        private boolean array;
        private int count;
        private final List<Reading> readings = new ArrayList<>();
        private FireGridException firstRefusal;

        void read(JsonParser p, JsonToken t, Keys keys) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                keys.skip(p);
                return;
            }
            array = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("end of input within readings");
                }
                count++;
                if (count > MessageCodec.MAX_READINGS || firstRefusal != null) {
                    keys.skip(p); // decides nothing now, but must still be well-formed JSON
                } else if (t != JsonToken.START_OBJECT) {
                    keys.skip(p);
                    firstRefusal = badField("readings", "entries must be objects");
                } else {
                    Object entry = entry(p, keys.entry());
                    if (entry instanceof Reading r) {
                        readings.add(r);
                    } else {
                        firstRefusal = (FireGridException) entry;
                    }
                }
            }
        }

        List<Reading> readings() {
            if (!array || count == 0) {
                throw badField("readings", "must be a non-empty array");
            }
            if (count > MessageCodec.MAX_READINGS) {
                throw badField("readings", "holds " + count + " entries, at most " + MessageCodec.MAX_READINGS + " allowed");
            }
            if (firstRefusal != null) {
                throw firstRefusal;
            }
            return readings;
        }
    }

    /** One reading entry, the parser on its opening brace: the reading, or its refusal. */
    private static Object entry(JsonParser p, Keys keys) throws IOException {
        Object sensor = null;
        Object kind = null;
        Object unit = null;
        JsonToken value = null;
        double number = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "sensor" -> sensor = text(p, t, keys.once(SENSOR));
                case "kind" -> {
                    keys.once(KIND);
                    kind = t == JsonToken.VALUE_STRING ? kindOrText(p) : text(p, t, keys);
                }
                case "value" -> {
                    keys.once(VALUE);
                    value = t;
                    if (t.isNumeric()) {
                        number = number(p);
                    } else {
                        keys.skip(p);
                    }
                }
                case "unit" -> unit = text(p, t, keys.once(UNIT));
                default -> keys.other(name).skip(p);
            }
        }
        try {
            if (value == null) {
                throw missing("readings[].value");
            }
            if (!value.isNumeric()) {
                throw badField("readings[].value", "must be a number");
            }
            if (unit != null && !(unit instanceof String)) {
                throw badField("readings[].unit", "must be a string");
            }
            return new Reading(text(sensor, "sensor"), kind(kind), number, (String) unit);
        } catch (FireGridException e) {
            return e;
        }
    }

    /** The number as a JSON tree would hold it, as a double: ints and longs exactly, big integers rounded once. */
    private static double number(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            case BIG_INTEGER -> p.getBigIntegerValue().doubleValue();
            default -> p.getDoubleValue();
        };
    }

    private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    /** A text field as parsed: its string, {@link #JSON_NULL} or {@link #NOT_TEXT}. */
    private static Object text(JsonParser p, JsonToken t, Keys keys) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return JSON_NULL;
        }
        keys.skip(p);
        return NOT_TEXT;
    }

    private static Object kindOrText(JsonParser p) throws IOException {
        Kind kind = WireNames.kind(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        return kind != null ? kind : p.getText();
    }

    private static Object stateOrText(JsonParser p) throws IOException {
        State state = WireNames.state(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        return state != null ? state : p.getText();
    }

    private static String text(Object parsed, String field) {
        if (parsed == null || parsed == JSON_NULL) {
            throw missing(field);
        }
        if (parsed == NOT_TEXT) {
            throw badField(field, "must be a string");
        }
        return (String) parsed;
    }

    private static Kind kind(Object parsed) {
        return parsed instanceof Kind k ? k : Kind.fromWire(text(parsed, "kind"));
    }

    private static State state(Object parsed) {
        return parsed instanceof State s ? s : State.fromWire(text(parsed, "state"));
    }

    private static Instant ts(Object parsed) {
        if (parsed == null || parsed == JSON_NULL) {
            return null;
        }
        if (parsed == NOT_TEXT) {
            throw badField("ts", "must be an ISO-8601 UTC timestamp such as 2026-11-28T12:00:00.123Z");
        }
        String ts = (String) parsed;
        try {
            return UtcTimestamps.parse(ts);
        } catch (DateTimeParseException e) {
            throw badField("ts", "'" + DeviceId.shorten(ts) + "' is not an ISO-8601 UTC timestamp such as 2026-11-28T12:00:00.123Z");
        }
    }

    private static long seq(Object parsed, long value) {
        if (parsed == null) {
            throw missing("seq");
        }
        if (parsed == SEQ_LONG) {
            if (value < 0) {
                throw badSeq(Long.toString(value));
            }
            return value;
        }
        JsonNode n = (JsonNode) parsed;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw badSeq(n.toString());
        }
        return n.longValue();
    }

    private static FireGridException badSeq(String json) {
        return FireGridException.badRequest("bad-seq", "seq must be a non-negative integer, not " + DeviceId.shorten(json));
    }

    private static FireGridException missing(String field) {
        return FireGridException.badRequest("missing-field", "required field '" + field + "' is missing");
    }

    private static FireGridException badField(String field, String why) {
        return FireGridException.badRequest("bad-field", "field '" + field + "' " + why);
    }
}
