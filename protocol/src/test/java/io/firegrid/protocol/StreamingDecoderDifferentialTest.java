package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming decode against the tree decode it replaced ({@link TreeMessageCodec}): for every
 * body, on both endpoints, the same message, or the same refusal with the same status, code and
 * reason. The corpus: a case for every refusal the tree decoder makes, then bodies built at random
 * around the contract's fields, then those bodies with bytes mangled.
 */
class StreamingDecoderDifferentialTest {

    private final MessageCodec streaming = new MessageCodec();
    private final TreeMessageCodec tree = new TreeMessageCodec();

    private static final String EVENT = "{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":42,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}";
    private static final String READING = "{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}";
    private static final String READINGS = "{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":41,\"readings\":[" + READING + "]}";

    /** A body for each refusal of the tree decoder (and the bodies next to it that it accepts). */
    static Stream<String> everyRefusal() {
        List<String> bodies = new ArrayList<>(List.of(
                EVENT, READINGS,
                // not one JSON object
                "", " ", "\n\t ", "[]", "[{\"seq\":1}]", "\"event\"", "42", "true", "null", "{", "}", "[", "{}",
                // syntax
                "{\"seq\":1,", "{seq:1}", "{'seq':1}", "{\"seq\":1,}", "{\"seq\":NaN}", "{\"seq\":042}", "{/* c */\"seq\":1}",
                "{\"seq\":1 \"sensor\":\"s\"}", "{\"seq\":+1}", "{\"seq\":.5}", "{\"seq\":1.}", "{\"seq\":1e}", "{\"s\":\"a\\qb\"}",
                "{\"s\":\"a\tb\"}", "{\"s\":\"\\ud800\"}", "{\"s\":\"\\u12\"}", "{\"s\":tru}", "{\"s\":nul}", "{\"s\":\"abc",
                "{\"s\":[1,2}", "{\"s\":{\"a\":1]}", "{\"a\":火}", "{火:1}", "{\"a\":1}火", "{\"a\":1}\u00e9", "\u00e9{}",
                "{\"n\":" + "1".repeat(1001) + "}", "{\"n\":0." + "1".repeat(1001) + "}",
                // trailing content
                EVENT + " x", EVENT + "}", EVENT + "{}", EVENT + ",", EVENT + "[]", EVENT + "\"more\"", EVENT + " 42",
                EVENT + "\u0000", EVENT + " \r\n\t", EVENT + "\u00a0", EVENT + "\u2028",
                // duplicate keys, at the top and in a reading
                EVENT.replace("}", ",\"seq\":42}"), EVENT.replace("}", ",\"kind\":\"smoke\"}"),
                READINGS.replace("\"value\":0.32", "\"value\":0.32,\"value\":0.52"),
                "{\"x\":{\"a\":1,\"a\":2}," + EVENT.substring(1),
                // duplicate keys the decode does not look at, in what it skips, before a syntax error
                EVENT.replace("}", ",\"x\":1,\"x\":2}"), EVENT.replace("}", ",\"readings\":[],\"readings\":1}"),
                READINGS.substring(0, READINGS.length() - 1) + ",\"readings\":[]}",
                READINGS.replace("\"unit\":\"MPa\"", "\"unit\":\"MPa\",\"u\":1,\"u\":1"),
                READINGS.replace("\"unit\":\"MPa\"", "\"unit\":\"MPa\",\"u\":{\"a\":1,\"a\":1}"),
                READINGS.replace("\"unit\":\"MPa\"", "\"unit\":\"MPa\",\"unit\":\"MPa\""),
                READINGS.replace("[" + READING + "]", "[0,{\"a\":1,\"a\":2}]"),
                READINGS.replace("[" + READING + "]", "[" + READING + ",[{\"a\":1,\"a\":2}]]"),
                READINGS.replace("[" + READING + "]", "{\"a\":1,\"a\":2}"),
                EVENT.replace("\"seq\":42", "\"seq\":{\"a\":1,\"a\":2}"),
                EVENT.replace("\"seq\":42", "\"seq\":[{\"a\":1},{\"a\":2}]"),
                EVENT.replace("\"2026-11-28T12:00:01.004Z\"", "{\"a\":1,\"a\":1}"),
                EVENT.replace("\"smoke-1\"", "[{\"b\":{\"a\":1,\"a\":1}}]"),
                EVENT.replace("}", ",\"x\":{\"a\":1,\"a\":2},}"), EVENT.replace("}", ",\"x\":1,\"x\":2,}"),
                EVENT.replace("}", ",\"x\":{\"a\":1,\"b\":2,\"c\":3,\"d\":{\"a\":[]}}}"),
                // nesting
                EVENT.replace("}", ",\"x\":" + "[".repeat(15) + "]".repeat(15) + "}"),
                EVENT.replace("}", ",\"x\":" + "[".repeat(16) + "]".repeat(16) + "}"),
                EVENT.replace("}", ",\"x\":" + "[".repeat(20) + "]".repeat(20) + "}"),
                EVENT.replace("}", ",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}"),
                READINGS.replace("\"unit\":\"MPa\"", "\"u\":" + "{\"a\":".repeat(15) + "1" + "}".repeat(15)),
                // UTF-8 and what is not
                "\uFEFF" + EVENT, EVENT.replace("smoke-1", "smoke-1\uFEFF"), EVENT.replace("}", ",\"loc\":\"3号楼 🔥\"}"),
                "\u0000" + EVENT, " \u0000" + EVENT, "火\u0000" + EVENT, "🔥\u0000" + EVENT, "🔥🔥\u0000" + EVENT,
                "火火火\u0000" + EVENT, EVENT.replace("smoke-1", "smoke\u0000"),
                // event fields
                EVENT.replace("\"seq\":42,", ""), EVENT.replace("\"sensor\":\"smoke-1\",", ""),
                EVENT.replace("\"kind\":\"smoke\",", ""), EVENT.replace(",\"state\":\"alarm\"", ""),
                EVENT.replace("\"ts\":\"2026-11-28T12:00:01.004Z\",", ""), EVENT.replace("\"2026-11-28T12:00:01.004Z\"", "null"),
                "{\"ts\":1,\"seq\":-1,\"sensor\":7,\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"ts\":\"x\",\"seq\":-1,\"sensor\":7,\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"seq\":-1,\"sensor\":7,\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"sensor\":7,\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"seq\":1,\"sensor\":7,\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"seq\":1,\"sensor\":\"a b\",\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"seq\":1,\"sensor\":\"ab\",\"kind\":\"fire\",\"state\":\"burning\"}",
                "{\"seq\":1,\"sensor\":\"a b\",\"kind\":\"door\",\"state\":\"burning\"}",
                "{\"seq\":1,\"sensor\":\"a b\",\"kind\":\"door\",\"state\":\"alarm\"}",
                "{\"seq\":1,\"sensor\":\"ab\",\"kind\":\"door\",\"state\":\"alarm\"}",
                "{\"seq\":1,\"sensor\":\"ab\",\"kind\":null,\"state\":null}",
                "{\"seq\":1,\"sensor\":\"ab\",\"kind\":[\"door\"],\"state\":{}}",
                "{\"seq\":1,\"sensor\":\"ab\",\"kind\":\"smo\\r\\nke\\u001b[31m\",\"state\":\"alarm\"}",
                "{\"seq\":1,\"sensor\":\"" + "s".repeat(200) + "\",\"kind\":\"smoke\",\"state\":\"alarm\"}",
                // readings fields
                READINGS.replace(",\"readings\":[" + READING + "]", ""), READINGS.replace("\"seq\":41,", ""),
                READINGS.replace("[" + READING + "]", "[]"), READINGS.replace("[" + READING + "]", "null"),
                READINGS.replace("[" + READING + "]", "{}"), READINGS.replace("[" + READING + "]", "\"x\""),
                READINGS.replace("[" + READING + "]", "[" + READING + ",0.32]"),
                READINGS.replace("[" + READING + "]", "[" + READING + ",null]"),
                READINGS.replace("[" + READING + "]", "[" + READING + ",[]]"),
                READINGS.replace("\"seq\":41", "\"seq\":-41").replace("\"value\":0.32", "\"value\":\"x\""),
                READINGS.replace("\"ts\":\"2026-11-28T12:00:00.123Z\"", "\"ts\":\"12:00\"").replace("\"seq\":41", "\"seq\":-41"),
                READINGS.replace("\"value\":0.32,", ""), READINGS.replace("\"value\":0.32", "\"value\":null"),
                READINGS.replace("\"unit\":\"MPa\"", "\"unit\":null"), READINGS.replace("\"unit\":\"MPa\"", "\"unit\":1"),
                READINGS.replace("\"unit\":\"MPa\"", "\"unit\":\"kPa\""), READINGS.replace("\"unit\":\"MPa\"", "\"unit\":\"\""),
                READINGS.replace("\"pressure\"", "\"smoke\"").replace("\"MPa\"", "\"" + "x".repeat(17) + "\""),
                READINGS.replace("\"sensor\":\"hydrant-1\",", ""), READINGS.replace("\"hydrant-1\"", "null"),
                READINGS.replace("\"hydrant-1\"", "\"hydrant 1\"").replace("\"pressure\"", "\"temperature\""),
                READINGS.replace("\"hydrant-1\"", "\"hydrant 1\""), READINGS.replace("\"pressure\"", "\"temperature\""),
                READINGS.replace("\"kind\":\"pressure\",", ""), READINGS.replace("\"value\":0.32", "\"value\":1e400"),
                READINGS.replace("\"value\":0.32", "\"value\":-0"), READINGS.replace("\"value\":0.32", "\"value\":-0.0"),
                READINGS.replace("\"value\":0.32", "\"value\":123456789012345678901234567890"),
                READINGS.replace("\"value\":0.32", "\"value\":1e400").replace("\"hydrant-1\"", "\"hydrant 1\"")));
        for (String seq : List.of("-1", "-9223372036854775808", "1.5", "42.0", "4.2e1", "\"42\"", "9223372036854775808",
                "18446744073709551616", "true", "null", "[42]", "{}", "{\"a\":[1,2.50,\"\\u00e9\\n\"]}", "1e400", "-0", "0",
                "9223372036854775807", "\"" + "9".repeat(100) + "\"")) {
            bodies.add(EVENT.replace("\"seq\":42", "\"seq\":" + seq));
            bodies.add(READINGS.replace("\"seq\":41", "\"seq\":" + seq));
        }
        for (String ts : List.of("yesterday", "2026-11-28", "2026-13-01T00:00:00Z", "2026-06-30T23:59:60Z", "", "1", "{}",
                "2026-11-28T20:00:01.004+08:00", "2026-11-28T12:00:00.1234567891Z", "x\\ny")) {
            bodies.add(EVENT.replace("\"2026-11-28T12:00:01.004Z\"", ts.equals("{}") || ts.equals("1") ? ts : "\"" + ts + "\""));
        }
        String many = READING.replace("hydrant-1", "s");
        bodies.add(READINGS.replace("[" + READING + "]", "[" + String.join(",", java.util.Collections.nCopies(256, many)) + "]"));
        bodies.add(READINGS.replace("[" + READING + "]", "[" + String.join(",", java.util.Collections.nCopies(257, many)) + "]"));
        bodies.add(READINGS.replace("[" + READING + "]", "[" + String.join(",", java.util.Collections.nCopies(300, "0")) + "]"));
        bodies.add(READINGS.replace("[" + READING + "]", "[0," + String.join(",", java.util.Collections.nCopies(300, many)) + "]"));
        bodies.add(READINGS.replace("[" + READING + "]", "[" + String.join(",", java.util.Collections.nCopies(257, many)) + ",}"));
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("everyRefusal")
    void decodesEveryCaseAsTheTreeDecoderDid(String json) {
        assertSameOnBothEndpoints(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesBytesThatAreNoUtf8AsTheTreeDecoderDid() {
        for (String hex : List.of("FF", "FE", "80", "C080", "C1BF", "E08080", "E7 81", "EDA080", "EDBFBF", "F4908080", "F0808080",
                "F5808080", "F8", "E7", "EFBBBF", "EFBBBF EFBBBF")) {
            byte[] bad = HexFormat.of().parseHex(hex.replace(" ", ""));
            assertSameOnBothEndpoints(concat(EVENT.substring(0, 20).getBytes(StandardCharsets.UTF_8), bad,
                    EVENT.substring(20).getBytes(StandardCharsets.UTF_8)));
            assertSameOnBothEndpoints(concat(bad, EVENT.getBytes(StandardCharsets.UTF_8), new byte[0]));
            assertSameOnBothEndpoints(concat(EVENT.getBytes(StandardCharsets.UTF_8), bad, new byte[0]));
        }
        for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32BE", "UTF-32LE")) {
            assertSameOnBothEndpoints(EVENT.getBytes(java.nio.charset.Charset.forName(charset)));
        }
    }

    @Test
    void decodesBodiesAroundTheSizeLimitAsTheTreeDecoderDid() {
        for (int size : new int[] {16_383, 16_384, 16_385, 20_000}) {
            String head = EVENT.substring(0, EVENT.length() - 1) + ",\"pad\":\"";
            assertSameOnBothEndpoints((head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        assertSameOnBothEndpoints(null);
    }

    @Test
    void decodesRandomBodiesAsTheTreeDecoderDid() {
        RandomBodies bodies = new RandomBodies(20261207L);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] body = bodies.body();
            accepted += assertSameOnBothEndpoints(body);
        }
        assertThat(accepted).as("random bodies must reach acceptance to test the good path").isGreaterThan(750);
    }

    @Test
    void decodesMangledBodiesAsTheTreeDecoderDid() {
        RandomBodies bodies = new RandomBodies(20261128L);
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seeds.add(bodies.body());
        }
        seeds.add(EVENT.getBytes(StandardCharsets.UTF_8));
        seeds.add(READINGS.getBytes(StandardCharsets.UTF_8));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            assertSameOnBothEndpoints(bodies.mangled(seeds.get(random.nextInt(seeds.size()))));
        }
    }

    @Test
    void encodesAsTheTreeCodecDid() {
        RandomBodies bodies = new RandomBodies(4711L);
        int encoded = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] body = bodies.body();
            for (Endpoint endpoint : Endpoint.values()) {
                Decoding d = Decoding.of(b -> tree.decode(endpoint, b), body);
                if (!d.refused()) {
                    assertThat(streaming.encode(d.message())).as("encoding of %s", d.message())
                            .isEqualTo(tree.encode(d.message()));
                    encoded++;
                }
            }
        }
        assertThat(encoded).isGreaterThan(1_000);
        Reading odd = new Reading("s", Kind.DEVICE, 1e-300, "\u00b0C\u2028");
        Readings extremes = new Readings(Instant.MAX, Long.MAX_VALUE, List.of(odd, new Reading("t", Kind.SMOKE, -0.0, null),
                new Reading("u", Kind.PRESSURE, Double.MAX_VALUE, "MPa"), new Reading("v", Kind.EXIT, Double.MIN_VALUE, "\"\\")));
        assertThat(streaming.encode(extremes)).isEqualTo(tree.encode(extremes));
        Event noClock = new Event(null, 0, "x", Kind.DEVICE, State.PATH_FAILURE);
        assertThat(streaming.encode(noClock)).isEqualTo(tree.encode(noClock));
    }

    /** Decodes {@code body} on both endpoints with both decoders; returns how many were accepted. */
    private int assertSameOnBothEndpoints(byte[] body) {
        int accepted = 0;
        for (Endpoint endpoint : Endpoint.values()) {
            Decoding expected = Decoding.of(b -> tree.decode(endpoint, b), body);
            Decoding actual = Decoding.of(b -> streaming.decode(endpoint, b), body);
            if (!actual.equals(expected)) {
                assertThat(actual).as("%s body %s", endpoint, describe(body)).isEqualTo(expected);
            }
            accepted += expected.refused() ? 0 : 1;
        }
        return accepted;
    }

    private static String describe(byte[] body) {
        if (body == null) {
            return "null";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return (text.length() > 300 ? text.substring(0, 300) + "..." : text) + " (hex " + HexFormat.of().formatHex(body, 0,
                Math.min(body.length, 200)) + ")";
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
