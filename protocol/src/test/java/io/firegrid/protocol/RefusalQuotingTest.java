package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A refusal quotes the client's input as one printable line: control characters, line breaks
 * included, are shown as {@code ?}. Found by fuzzing the CoAP entry point (docs/fuzzing.md): a
 * path with a line break came back in the 4.00 diagnostic and went into the log as two lines.
 */
class RefusalQuotingTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void topicWithLineBreakIsQuotedOnOneLine() {
        refusalOf(() -> Topic.parse("ev\nent/t1/pi-1")).is(BAD_REQUEST, "bad-topic")
                .mentions("ev?ent").doesNotMention("\n");
    }

    @Test
    void kindWithControlCharactersIsQuotedOnOneLine() {
        byte[] body = "{\"seq\":1,\"sensor\":\"s\",\"kind\":\"smo\\r\\nke\\u001b[31m\",\"state\":\"alarm\"}"
                .getBytes(StandardCharsets.UTF_8);
        refusalOf(() -> codec.decodeEvent(body)).is(BAD_REQUEST, "unknown-kind")
                .mentions("smo??ke?[31m").doesNotMention("\n").doesNotMention("\r").doesNotMention("\u001b");
    }
}
