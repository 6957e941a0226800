package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the MQTT topic parser and the subscription check (docs/fuzzing.md).
 * A topic is either refused as {@code BAD_REQUEST/bad-topic} with a bounded reason, or parsed into
 * a topic whose parts are valid ids and which, written back in its long form, parses to the same
 * thing; a device may resolve only to itself.
 */
class TopicFuzzTest {

    private static final DeviceId ME = new DeviceId("t1", "pi-1");

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"telemetry", "event", "command", "/res/", "/req/", "/s/", "t/", "e/", "c/", "//", "#", "+", "t1",
            "pi-1", "200", "599"})
    void topics(FuzzedDataProvider data) {
        boolean asSubscription = data.consumeBoolean();
        String topic = data.consumeRemainingAsString();
        if (asSubscription) {
            if (Topic.isOwnCommandSubscription(topic, ME)) {
                assertThat(topic).matches("(command|c)/(t1)?/(pi-1)?/(req|q)/#");
            }
            return;
        }
        Topic parsed;
        try {
            parsed = Topic.parse(topic);
        } catch (FireGridException e) {
            assertThat(e.code()).as("code of %s", e).isEqualTo("bad-topic");
            assertThat(e.status()).isEqualTo(FireGridException.Status.BAD_REQUEST);
            assertThat(e.reason()).isNotBlank().hasSizeLessThanOrEqualTo(MessageCodecFuzzTest.MAX_REASON);
            assertThat(e.reason().chars().noneMatch(Character::isISOControl)).as("one printable line: %s", e).isTrue();
            return;
        }
        assertThat(topic.length()).isLessThanOrEqualTo(Topic.MAX_LENGTH);
        assertThat(parsed.tenant() == null || DeviceId.isValidId(parsed.tenant())).isTrue();
        assertThat(parsed.device() == null || DeviceId.isValidId(parsed.device())).isTrue();
        assertThat(Topic.parse(longForm(parsed))).as("long form of %s", topic).isEqualTo(parsed);
        try {
            assertThat(parsed.resolve(ME)).isEqualTo(ME);
        } catch (FireGridException e) {
            assertThat(e.code()).isEqualTo("not-this-device");
            assertThat(e.status()).isEqualTo(FireGridException.Status.FORBIDDEN);
        }
    }

    private static String longForm(Topic t) {
        String tenant = t.tenant() == null ? "" : t.tenant();
        String device = t.device() == null ? "" : t.device();
        if (t instanceof Topic.CommandResponse r) {
            return "command/" + tenant + "/" + device + "/res/" + r.requestId() + "/" + r.status();
        }
        return ((Topic.Upstream) t).endpoint().wireName() + "/" + tenant + "/" + device;
    }
}
