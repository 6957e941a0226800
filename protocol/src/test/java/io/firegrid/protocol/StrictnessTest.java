package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.FireGridException.Status.PAYLOAD_TOO_LARGE;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The codec and topics refuse what only a lenient parser would let through. */
class StrictnessTest {

    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32BE"})
    void refusesBodiesThatAreNotUtf8(String charset) {
        byte[] body = Body.event().json().getBytes(java.nio.charset.Charset.forName(charset));

        refusalOf(() -> codec.decodeEvent(body)).is(BAD_REQUEST, "malformed-json").mentions("UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C080", "E08080", "EDA080", "F4908080"})
    void refusesOverlongSurrogateAndOutOfRangeUtf8(String hex) {
        byte[] body = withBytesInSensor(java.util.HexFormat.of().parseHex(hex));

        refusalOf(() -> codec.decodeEvent(body)).is(BAD_REQUEST, "malformed-json").mentions("UTF-8");
    }

    @Test
    void refusesReadingsBatchesItCouldNotDecodeAgain() {
        assertThatThrownBy(() -> new Readings(null, 1, List.of()))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("bad-field"));
        List<Reading> tooMany = new ArrayList<>();
        for (int i = 0; i <= MessageCodec.MAX_READINGS; i++) {
            tooMany.add(new Reading("s-" + i, Kind.PRESSURE, 0.3, "MPa"));
        }
        assertThatThrownBy(() -> new Readings(null, 1, tooMany))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("bad-field"));
        assertThatThrownBy(() -> new Reading("t-1", Kind.SMOKE, 1, "x".repeat(Reading.MAX_UNIT_LENGTH + 1)))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("bad-unit"));
    }

    @Test
    void refusesToEncodeABodyOverTheLimitAndSaysToSplitIt() {
        List<Reading> big = new ArrayList<>();
        for (int i = 0; i < MessageCodec.MAX_READINGS; i++) {
            big.add(new Reading(("sensor-" + i + "-").repeat(8).substring(0, 64), Kind.PRESSURE, 0.3, "MPa"));
        }
        refusalOf(() -> codec.encode(new Readings(null, 1, big))).is(PAYLOAD_TOO_LARGE, "too-large").mentions("fewer readings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pi 1@t1", "a@b@t1", "pi-1@t 1"})
    void refusesUsernamesWithBadPartsAsBadAuthId(String username) {
        refusalOf(() -> DeviceId.parse(username)).is(BAD_REQUEST, "bad-auth-id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command///res/r1/+200", "command///res/r1/\u0662\u0660\u0660", "command///res/r 1/200",
        "command///res/#/200"})
    void refusesLooseCommandResponseTopics(String topic) {
        refusalOf(() -> Topic.parse(topic)).is(BAD_REQUEST, "bad-topic");
    }

    @Test
    void refusesToBuildCommandTopicsWithExtraLevels() {
        assertThatThrownBy(() -> Topic.commandRequest("a/b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topic.commandRequest("r1", "sound/alarm")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topic.commandRequest("r1", "sound-alarm")).isEqualTo("command///req/r1/sound-alarm");
    }

    private static byte[] withBytesInSensor(byte[] bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = "{\"seq\":1,\"sensor\":\"s".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\",\"kind\":\"smoke\",\"state\":\"alarm\"}".getBytes(StandardCharsets.UTF_8);
        out.writeBytes(head);
        out.writeBytes(bad);
        out.writeBytes(tail);
        return out.toByteArray();
    }
}
