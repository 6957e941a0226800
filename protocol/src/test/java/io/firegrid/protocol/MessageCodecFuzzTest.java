package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the body codec (docs/fuzzing.md). Every body either decodes into a
 * message that survives an encode/decode round trip unchanged, or is refused with one of the codes
 * {@link MessageCodec} documents, a reason a person can read, and no other exception.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the committed inputs under
 * {@code src/test/resources/io/firegrid/protocol/MessageCodecFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes one method for {@code maxDuration}.
 */
class MessageCodecFuzzTest {

    /** The codes the codec's Javadoc promises, and nothing else. */
    static final Set<String> CODES = Set.of("too-large", "malformed-json", "missing-field", "bad-field", "bad-id",
            "bad-value", "bad-unit", "unknown-kind", "unknown-state", "bad-state", "bad-seq");

    /** Longest reason: a refusal quotes at most a shortened piece of the input. */
    static final int MAX_REASON = 600;

    private static final MessageCodec CODEC = new MessageCodec();

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\"ts\":", "\"seq\":", "\"sensor\":", "\"kind\":", "\"state\":", "\"readings\":", "\"value\":",
            "\"unit\":", "\"smoke\"", "\"door\"", "\"pressure\"", "\"device\"", "\"call-point\"", "\"exit\"", "\"alarm\"",
            "\"normal\"", "\"fault\"", "\"open\"", "\"low-battery\"", "\"MPa\"", "\"2026-11-28T12:00:00.123Z\"",
            "9223372036854775807", "1e308", "-0.0"})
    void eventBodies(byte[] body) {
        check(Endpoint.EVENT, body);
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\"ts\":", "\"seq\":", "\"sensor\":", "\"kind\":", "\"readings\":", "\"value\":", "\"unit\":",
            "\"pressure\"", "\"smoke\"", "\"MPa\"", "\"kPa\"", "\"2026-11-28T12:00:00.123Z\"", "9223372036854775807",
            "1e308", "-0.0", "[{", "}]"})
    void readingsBodies(byte[] body) {
        check(Endpoint.TELEMETRY, body);
    }

    static void check(Endpoint endpoint, byte[] body) {
        DeviceMessage decoded;
        try {
            decoded = CODEC.decode(endpoint, body);
        } catch (FireGridException e) {
            assertThat(CODES).as("code of %s", e).contains(e.code());
            assertThat(e.status()).as("status of %s", e)
                    .isEqualTo(e.code().equals("too-large") ? FireGridException.Status.PAYLOAD_TOO_LARGE
                            : FireGridException.Status.BAD_REQUEST);
            assertThat(e.reason()).as("reason of %s", e).isNotBlank().hasSizeLessThanOrEqualTo(MAX_REASON);
            assertThat(e.reason().chars().noneMatch(Character::isISOControl)).as("one printable line: %s", e).isTrue();
            return;
        }
        assertThat(body.length).isLessThanOrEqualTo(MessageCodec.MAX_BODY_BYTES);
        assertThat(decoded.endpoint()).isEqualTo(endpoint);
        byte[] encoded = CODEC.encode(decoded);
        assertThat(CODEC.decode(endpoint, encoded)).as("round trip of %s", decoded).isEqualTo(decoded);
        assertThat(CODEC.encode(CODEC.decode(endpoint, encoded))).as("encoding is stable").isEqualTo(encoded);
    }
}
