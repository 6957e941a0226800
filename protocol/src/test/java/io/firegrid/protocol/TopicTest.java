package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.Topic.CommandResponse;
import io.firegrid.protocol.Topic.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of PUBLISH topics; who may use them is in {@link TopicAuthorisationTest}. */
class TopicTest {

    @ParameterizedTest
    @CsvSource({
            "telemetry, TELEMETRY",
            "t,         TELEMETRY",
            "event,     EVENT",
            "e,         EVENT"})
    void shortTopicMeansTheAuthenticatedDevice(String topic, Endpoint endpoint) {
        assertThat(Topic.parse(topic)).isEqualTo(new Upstream(endpoint, null, null));
    }

    @ParameterizedTest
    @CsvSource({
            "telemetry/t1/pi-0042, TELEMETRY",
            "t/t1/pi-0042,         TELEMETRY",
            "event/t1/pi-0042,     EVENT",
            "e/t1/pi-0042,         EVENT"})
    void longTopicNamesTenantAndDevice(String topic, Endpoint endpoint) {
        assertThat(Topic.parse(topic)).isEqualTo(new Upstream(endpoint, "t1", "pi-0042"));
    }

    @Test
    void emptyTenantAndDeviceMeanTheAuthenticatedDevice() {
        assertThat(Topic.parse("event//")).isEqualTo(new Upstream(Endpoint.EVENT, null, null));
        assertThat(Topic.parse("telemetry//")).isEqualTo(new Upstream(Endpoint.TELEMETRY, null, null));
    }

    @Test
    void emptyTenantAloneMeansTheAuthenticatedDevicesTenant() {
        Topic topic = Topic.parse("event//pi-0042");

        assertThat(topic.tenant()).isNull();
        assertThat(topic.device()).isEqualTo("pi-0042");
    }

    @Test
    void emptyDeviceAloneMeansTheAuthenticatedDevice() {
        Topic topic = Topic.parse("telemetry/t1/");

        assertThat(topic.tenant()).isEqualTo("t1");
        assertThat(topic.device()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"command///res/req-17/200", "c///s/req-17/200", "command///s/req-17/200", "c///res/req-17/200"})
    void parsesCommandResponseInLongAndShortForms(String topic) {
        assertThat(Topic.parse(topic)).isEqualTo(new CommandResponse(null, null, "req-17", 200));
    }

    @Test
    void commandResponseMayNameTenantAndDevice() {
        assertThat(Topic.parse("command/t1/pi-0042/res/req-17/503"))
                .isEqualTo(new CommandResponse("t1", "pi-0042", "req-17", 503));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 400, 599})
    void acceptsCommandStatusFrom200To599(int status) {
        Topic topic = Topic.parse("command///res/r1/" + status);

        assertThat(((CommandResponse) topic).status()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 199, 600, 999, -200})
    void refusesCommandStatusOutside200To599(int status) {
        refusalOf(() -> Topic.parse("command///res/r1/" + status))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("status", "200", "599");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "", "2OO", "200.0", "99999999999"})
    void refusesCommandStatusThatIsNoNumber(String status) {
        refusalOf(() -> Topic.parse("command///res/r1/" + status))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("status", "'" + status + "'");
    }

    @Test
    void acceptsRequestIdOf128Characters() {
        String reqId = "r".repeat(128);

        Topic topic = Topic.parse("command///res/" + reqId + "/200");

        assertThat(((CommandResponse) topic).requestId()).isEqualTo(reqId);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 129})
    void refusesRequestIdOutsideOneTo128Characters(int length) {
        String topic = "command///res/" + "r".repeat(length) + "/200";

        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("request id", "128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command///req/req-17/open-door", "c///q/req-17/open-door", "command///req/#",
            "command///res/req-17", "command///res/req-17/200/extra", "command", "c"})
    void refusesDevicePublishingAnythingButACommandResponse(String topic) {
        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("'" + topic + "'", "command///res/{req-id}/{status}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"telemetry/", "telemetry/t1", "event/t1/pi-0042/", "event/t1/pi-0042/smoke-1", "e/", "t///"})
    void refusesUpstreamTopicWithWrongNumberOfLevels(String topic) {
        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("'" + topic + "'", "{tenant}/{device}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Telemetry", "events", "readings", "/telemetry", "$SYS/broker", "#", "+"})
    void refusesUnknownEndpointNamingIt(String topic) {
        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("unknown endpoint", "telemetry, event or command");
    }

    @ParameterizedTest
    @CsvSource({
            "event/+/pi-0042,          tenant",
            "event/t1/+,               device",
            "event/t 1/pi-0042,        tenant",
            "telemetry/t1/pi@t1,       device",
            "command/#/pi-0042/res/r1/200, tenant",
            "command/t1/a b/res/r1/200,    device"})
    void refusesTenantOrDeviceThatIsNoValidId(String topic, String which) {
        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions(which, "not a valid id");
    }

    @Test
    void refusesDeviceIdOf65CharactersInTopic() {
        refusalOf(() -> Topic.parse("event/t1/" + "d".repeat(65)))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("device", "not a valid id");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesEmptyTopic(String topic) {
        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("empty topic");
    }

    @Test
    void refusesTopicLongerThanTheLimit() {
        String topic = "event/t1/" + "d".repeat(Topic.MAX_LENGTH + 1 - "event/t1/".length());

        refusalOf(() -> Topic.parse(topic))
                .is(BAD_REQUEST, "bad-topic")
                .mentions("longer than " + Topic.MAX_LENGTH);
    }

    @Test
    void keepsHugeTopicOutOfTheReason() {
        String topic = "x".repeat(100_000);

        FireGridException e = refusalOf(() -> Topic.parse(topic)).is(BAD_REQUEST, "bad-topic").exception();

        assertThat(e.reason()).hasSizeLessThan(300);
    }
}
