package io.firegrid.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a body must be before its fields are looked at, and the refusals when it is not: not
 * empty, at most {@value MessageCodec#MAX_BODY_BYTES} bytes, well-formed UTF-8 (not UTF-16 or
 * UTF-32), one JSON object with nothing after it.
 *
 * <p>The streaming decode reads the bytes as they are. Only when Jackson's byte parser finds the
 * JSON malformed does {@link #malformed} parse the body once more as a {@code String}: Jackson
 * words some syntax errors differently for bytes than for characters (columns count bytes, a
 * character outside ASCII is quoted as its first byte), and the reason a device is given must not
 * depend on which parser read the body. That costs a second parse of a body being refused anyway.
 */
final class JsonBody {

    /** UTF-8's byte order mark: Jackson's byte parser skips it, JSON text (RFC 8259 §8.1) must not begin with it. */
    private static final int BOM_0 = 0xEF;

    private JsonBody() {
    }

    /** Refuses a body that is empty, too large, not UTF-8 or that looks like UTF-16/32. */
    static void check(byte[] body) {
        if (body == null || body.length == 0) {
            throw FireGridException.badRequest("malformed-json", "empty body: expected a JSON object");
        }
        if (body.length > MessageCodec.MAX_BODY_BYTES) {
            throw new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large",
                    "body of " + body.length + " bytes exceeds the limit of " + MessageCodec.MAX_BODY_BYTES + " bytes");
        }
        // strict: Jackson alone would also accept UTF-16/32 and overlong or surrogate sequences
        if (!StrictUtf8.isWellFormed(body)) {
            throw FireGridException.badRequest("malformed-json", "body is not valid UTF-8 JSON");
        }
        if (StrictUtf8.hasNulWithin(body, 4)) { // how UTF-16 and UTF-32 encodings of '{' begin
            throw FireGridException.badRequest("malformed-json",
                    "body must be UTF-8 JSON but contains NUL characters (was it sent as UTF-16 or UTF-32?)");
        }
    }

    /** True if the body starts with a byte order mark, which the byte parser would skip but the contract refuses. */
    static boolean startsWithBom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xFF) == BOM_0 && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF;
    }

    /**
     * The refusal for a checked body that is not one JSON object: the reason Jackson gives when it
     * parses the body as characters, or, should that parse succeed, {@code streamError}'s.
     */
    static FireGridException malformed(ObjectMapper mapper, byte[] body, IOException streamError) {
        JsonNode node;
        try {
            node = mapper.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return notValidJson(e);
        }
        if (node == null || !node.isObject()) {
            return FireGridException.badRequest("malformed-json", "body must be a JSON object");
        }
        return streamError == null
                ? FireGridException.badRequest("malformed-json", "body must be a JSON object")
                : notValidJson(streamError);
    }

    private static FireGridException notValidJson(IOException e) {
        return FireGridException.badRequest("malformed-json", "body is not valid JSON: " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
