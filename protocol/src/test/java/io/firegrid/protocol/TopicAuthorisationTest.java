package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.FORBIDDEN;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A device may publish and subscribe only for itself. */
class TopicAuthorisationTest {

    private final DeviceId pi = new DeviceId("t1", "pi-0042");

    @ParameterizedTest
    @ValueSource(strings = {"telemetry", "t", "event", "e", "event//", "event/t1/", "event//pi-0042",
            "event/t1/pi-0042", "telemetry/t1/pi-0042", "command///res/r1/200", "command/t1/pi-0042/res/r1/200"})
    void resolvesOwnTopicToTheAuthenticatedDevice(String topic) {
        assertThat(Topic.parse(topic).resolve(pi)).isEqualTo(pi);
    }

    @Test
    void rejectsEventFromAnotherDevice() {
        // GIVEN pi-0042 of t1 is connected
        // WHEN it publishes an event for pi-0043 of the same tenant
        Topic topic = Topic.parse("event/t1/pi-0043");

        // THEN
        refusalOf(() -> topic.resolve(pi))
                .is(FORBIDDEN, "not-this-device")
                .mentions("pi-0042@t1", "pi-0043@t1");
    }

    @Test
    void rejectsTelemetryForAnotherTenant() {
        Topic topic = Topic.parse("telemetry/t2/");

        refusalOf(() -> topic.resolve(pi))
                .is(FORBIDDEN, "not-this-device")
                .mentions("pi-0042@t1", "pi-0042@t2");
    }

    @Test
    void rejectsAnotherDeviceNamedWithEmptyTenant() {
        Topic topic = Topic.parse("event//pi-0043");

        refusalOf(() -> topic.resolve(pi))
                .is(FORBIDDEN, "not-this-device")
                .mentions("pi-0043@t1");
    }

    @Test
    void rejectsSameDeviceNameInAnotherTenant() {
        Topic topic = Topic.parse("event/t2/pi-0042");

        refusalOf(() -> topic.resolve(pi))
                .is(FORBIDDEN, "not-this-device")
                .mentions("pi-0042@t2");
    }

    @Test
    void rejectsCommandResponseOnBehalfOfAnotherDevice() {
        Topic topic = Topic.parse("command/t1/pi-0043/res/r1/200");

        refusalOf(() -> topic.resolve(pi))
                .is(FORBIDDEN, "not-this-device")
                .mentions("pi-0043@t1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"event/t1/PI-0042", "event/T1/pi-0042", "event//Pi-0042"})
    void comparesIdsCaseSensitively(String topic) {
        Topic parsed = Topic.parse(topic);

        refusalOf(() -> parsed.resolve(pi)).is(FORBIDDEN, "not-this-device");
    }

    @ParameterizedTest
    @ValueSource(strings = {"command///req/#", "c///q/#", "command///q/#", "c///req/#",
            "command/t1/pi-0042/req/#", "command/t1//req/#", "command//pi-0042/req/#"})
    void allowsSubscriptionToOwnCommandRequests(String filter) {
        assertThat(Topic.isOwnCommandSubscription(filter, pi)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"command/t1/pi-0043/req/#", "command/t2/pi-0042/req/#", "command/t2//req/#",
            "command//pi-0043/req/#", "command/+/+/req/#", "command/#", "#", "+/+/+/req/#"})
    void refusesSubscriptionToOtherDevicesCommands(String filter) {
        assertThat(Topic.isOwnCommandSubscription(filter, pi)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"command///res/#", "command///req/+", "command///req/r1/#", "command///req/#/",
            "command///req", "event", "telemetry/#", "cmd///req/#", "command///REQ/#"})
    void refusesSubscriptionThatIsNotTheCommandRequestFilter(String filter) {
        assertThat(Topic.isOwnCommandSubscription(filter, pi)).isFalse();
    }

    @Test
    void sendsCommandRequestOnTheTopicDevicesSubscribeTo() {
        // WHEN the gateway sends command "open-door" with request id "req-17"
        String topic = Topic.commandRequest("req-17", "open-door");

        // THEN it uses the Hono layout, below the filter command///req/# a device holds
        assertThat(topic).isEqualTo("command///req/req-17/open-door");
    }

    @Test
    void deviceMayNotPublishACommandRequest() {
        String topic = Topic.commandRequest("req-17", "open-door");

        refusalOf(() -> Topic.parse(topic)).is(FireGridException.Status.BAD_REQUEST, "bad-topic");
    }
}
