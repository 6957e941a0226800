package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.FireGridException.Status.PAYLOAD_TOO_LARGE;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every body must be, whatever the endpoint: small enough, UTF-8, one JSON object. */
class MessageCodecBodyTest {

    private final MessageCodec codec = new MessageCodec();

    private static Body validBodyFor(Endpoint endpoint) {
        return endpoint == Endpoint.EVENT ? Body.event() : Body.readings();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void acceptsBodyOfExactly16KiB(Endpoint endpoint) {
        // GIVEN a valid body padded with an unknown field to exactly 16384 bytes
        byte[] body = validBodyFor(endpoint).paddedTo(16_384);
        assertThat(body).hasSize(MessageCodec.MAX_BODY_BYTES);

        // WHEN
        DeviceMessage message = codec.decode(endpoint, body);

        // THEN
        assertThat(message.endpoint()).isEqualTo(endpoint);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void refusesBodyOfOneByteMoreThan16KiB(Endpoint endpoint) {
        byte[] body = validBodyFor(endpoint).paddedTo(16_385);

        refusalOf(() -> codec.decode(endpoint, body))
                .is(PAYLOAD_TOO_LARGE, "too-large")
                .mentions("16385", "16384");
    }

    @Test
    void countsBytesNotCharacters() {
        // GIVEN an event padded with three-byte characters: about 5,600 characters, over 16,500 bytes
        String padded = Body.event().text("pad", "火".repeat(5_500)).json();
        byte[] body = padded.getBytes(StandardCharsets.UTF_8);
        assertThat(padded.length()).isLessThan(MessageCodec.MAX_BODY_BYTES);
        assertThat(body.length).isGreaterThan(MessageCodec.MAX_BODY_BYTES);

        // WHEN / THEN
        refusalOf(() -> codec.decodeEvent(body)).is(PAYLOAD_TOO_LARGE, "too-large");
    }

    @Test
    void refusesOversizedBodyBeforeLookingAtItsContent() {
        // GIVEN one megabyte that is not JSON at all
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) '[');

        // WHEN / THEN the size is what is reported
        refusalOf(() -> codec.decodeReadings(body))
                .is(PAYLOAD_TOO_LARGE, "too-large")
                .mentions(String.valueOf(1 << 20));
    }

    @Test
    void mapsTooLargeToHttpStatus413() {
        FireGridException e = refusalOf(() -> codec.decodeEvent(Body.event().paddedTo(20_000))).exception();

        assertThat(e.status().httpStatus()).isEqualTo(413);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void refusesEmptyBody(Endpoint endpoint) {
        refusalOf(() -> codec.decode(endpoint, new byte[0]))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("empty body");
        refusalOf(() -> codec.decode(endpoint, null))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("empty body");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n\t ", "[]", "[{\"seq\":1}]", "\"event\"", "42", "true", "null"})
    void refusesBodyThatIsNoJsonObject(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seq", "sensor", "kind", "state", "ts"})
    void refusesDuplicateKeyInEvent(String field) {
        // GIVEN an event naming one field twice, with the same value even
        Body event = Body.event();
        String json = event.json();
        String duplicated = json.substring(0, json.length() - 1) + "," + event.member(field) + "}";

        // WHEN / THEN
        refusalOf(() -> codec.decodeEvent(duplicated.getBytes(StandardCharsets.UTF_8)))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("Duplicate", "'" + field + "'");
    }

    @Test
    void refusesDuplicateKeyInsideAReading() {
        String reading = "{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.32,\"value\":0.52,\"unit\":\"MPa\"}";
        byte[] body = Body.readings().raw("readings", "[" + reading + "]").bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("Duplicate", "'value'");
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "}", "{}", ",", "[]", "\"more\"", " 42", "\u0000"})
    void refusesTrailingContentAfterTheObject(String trailer) {
        byte[] body = (Body.event().json() + trailer).getBytes(StandardCharsets.UTF_8);

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("not valid JSON");
    }

    @Test
    void acceptsTrailingWhitespace() {
        byte[] body = (Body.event().json() + " \r\n\t").getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decodeEvent(body).seq()).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"seq\":1,",
            "{seq:1}",
            "{'seq':1}",
            "{\"seq\":1,}",
            "{\"seq\":NaN}",
            "{\"seq\":042}",
            "{/* comment */\"seq\":1}",
            "{\"seq\":1 \"sensor\":\"s\"}"})
    void refusesSyntaxJsonDoesNotAllow(String json) {
        refusalOf(() -> codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8)))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 1_000})
    void refusesDeeplyNestedUnknownField(int depth) {
        // GIVEN an unknown field nested deeper than any message of the contract needs
        byte[] body = Body.event().raw("x", "[".repeat(depth) + "]".repeat(depth)).bytes();

        // WHEN / THEN it is refused, not walked into
        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("nesting");
    }

    @Test
    void refusesInvalidUtf8StartByte() {
        byte[] body = withBytesInState(new byte[] {(byte) 0xFF});

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("UTF-8");
    }

    @Test
    void refusesTruncatedUtf8Sequence() {
        // 0xE7 0x81 starts the three-byte 火 and stops one byte short
        byte[] body = withBytesInState(new byte[] {(byte) 0xE7, (byte) 0x81});

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("UTF-8");
    }

    @Test
    void refusesLoneUtf8ContinuationByte() {
        byte[] body = withBytesInState(new byte[] {(byte) 0x80});

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("UTF-8");
    }

    @Test
    void refusesInvalidUtf8InAnUnknownFieldToo() {
        String json = Body.event().json();
        byte[] body = concat(json.substring(0, json.length() - 1) + ",\"note\":\"", new byte[] {(byte) 0xFE}, "\"}");

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "malformed-json")
                .mentions("UTF-8");
    }

    @Test
    void acceptsMultiByteUtf8InAnUnknownField() {
        byte[] body = Body.event().text("location", "3号楼 2单元 🔥").bytes();

        assertThat(codec.decodeEvent(body).sensor()).isEqualTo("smoke-1");
    }

    @Test
    void refusesMangledBodiesOnlyWithFireGridException() {
        // GIVEN twenty thousand copies of valid bodies with a few bytes overwritten or dropped
        Random random = new Random(20261128L);
        byte[][] seeds = {Body.event().bytes(), Body.readings().bytes()};
        byte[] noise = "{}[]\":,0123456789-.eE tfn\\".getBytes(StandardCharsets.US_ASCII);
        int refused = 0;

        for (int i = 0; i < 20_000; i++) {
            byte[] body = mangle(seeds[random.nextInt(seeds.length)], random, noise);
            for (Endpoint endpoint : Endpoint.values()) {
                // WHEN decoded, THEN it is a message or a BAD_REQUEST refusal, never any other throwable
                try {
                    codec.decode(endpoint, body);
                } catch (FireGridException e) {
                    assertThat(e.status()).as("status for %s", new String(body, StandardCharsets.ISO_8859_1))
                            .isEqualTo(BAD_REQUEST);
                    assertThat(e.code()).isNotBlank();
                    assertThat(e.reason()).isNotBlank();
                    refused++;
                }
            }
        }
        assertThat(refused).as("the mangling must produce refusals to be a test at all").isGreaterThan(20_000);
    }

    private static byte[] mangle(byte[] seed, Random random, byte[] noise) {
        byte[] body = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && body.length > 1; k++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(3)) {
                case 0 -> body[at] = (byte) random.nextInt(256);
                case 1 -> body[at] = noise[random.nextInt(noise.length)];
                default -> {
                    byte[] shorter = new byte[body.length - 1];
                    System.arraycopy(body, 0, shorter, 0, at);
                    System.arraycopy(body, at + 1, shorter, at, body.length - at - 1);
                    body = shorter;
                }
            }
        }
        return body;
    }

    /** An event body whose {@code state} string is "al", the given raw bytes, then "arm". */
    private static byte[] withBytesInState(byte[] raw) {
        String json = Body.event().json();
        int split = json.indexOf("\"alarm\"") + 3;
        return concat(json.substring(0, split), raw, json.substring(split));
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
