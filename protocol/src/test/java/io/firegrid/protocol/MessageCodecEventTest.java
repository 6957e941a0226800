package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding and encoding of bodies on the {@code event} endpoint. */
class MessageCodecEventTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void decodesTheEventExampleOfTheWireContract() {
        byte[] body = "{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":42,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}"
                .getBytes();

        Event event = codec.decodeEvent(body);

        assertThat(event).isEqualTo(new Event(Instant.parse("2026-11-28T12:00:01.004Z"), 42, "smoke-1",
                Kind.SMOKE, State.ALARM));
        assertThat(event.endpoint()).isEqualTo(Endpoint.EVENT);
    }

    @Test
    void encodesEventExactlyAsTheWireContractShowsIt() {
        Event event = new Event(Instant.parse("2026-11-28T12:00:01.004Z"), 42, "smoke-1", Kind.SMOKE, State.ALARM);

        assertThat(codec.encodeToString(event))
                .isEqualTo("{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":42,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}");
    }

    @Test
    void decodesByEndpoint() {
        DeviceMessage message = codec.decode(Endpoint.EVENT, Body.event().bytes());

        assertThat(message).isInstanceOf(Event.class);
    }

    @Test
    void refusesReadingsSentOnTheEventEndpoint() {
        refusalOf(() -> codec.decode(Endpoint.EVENT, Body.readings().bytes()))
                .is(BAD_REQUEST, "missing-field")
                .mentions("sensor");
    }

    static Stream<Arguments> everyAllowedKindAndState() {
        return Stream.of(Kind.values()).flatMap(k -> k.states().stream().map(s -> Arguments.of(k, s)));
    }

    @ParameterizedTest
    @MethodSource("everyAllowedKindAndState")
    void acceptsEveryStateItsKindAllows(Kind kind, State state) {
        byte[] body = Body.event().text("kind", kind.wireName()).text("state", state.wireName()).bytes();

        Event event = codec.decodeEvent(body);

        assertThat(event.kind()).isEqualTo(kind);
        assertThat(event.state()).isEqualTo(state);
    }

    @Test
    void acceptsLowBatteryFromADevice() {
        byte[] body = Body.event().text("sensor", "battery").text("kind", "device").text("state", "low-battery").bytes();

        assertThat(codec.decodeEvent(body).state()).isEqualTo(State.LOW_BATTERY);
    }

    @ParameterizedTest
    @CsvSource({
            "door,     alarm",
            "smoke,    open",
            "smoke,    low-battery",
            "pressure, alarm",
            "pressure, closed",
            "device,   alarm",
            "device,   fault",
            "door,     online"})
    void refusesStateTheKindDoesNotAllow(String kind, String state) {
        byte[] body = Body.event().text("kind", kind).text("state", state).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-state")
                .mentions("'" + state + "'", "'" + kind + "'");
    }

    @Test
    void listsTheAllowedStatesWhenRefusingDoorAlarm() {
        byte[] body = Body.event().text("sensor", "door-1").text("kind", "door").text("state", "alarm").bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-state")
                .mentions("open", "closed", "fault");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fire", "Smoke", "heat", ""})
    void refusesUnknownKind(String kind) {
        byte[] body = Body.event().text("kind", kind).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "unknown-kind")
                .mentions("'" + kind + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"burning", "ALARM", "low_battery", ""})
    void refusesUnknownState(String state) {
        byte[] body = Body.event().text("state", state).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "unknown-state")
                .mentions("'" + state + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seq", "sensor", "kind", "state"})
    void refusesEventWithoutRequiredField(String field) {
        byte[] body = Body.event().without(field).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "missing-field")
                .mentions("'" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sensor", "kind", "state"})
    void treatsNullTextFieldAsMissing(String field) {
        byte[] body = Body.event().raw(field, "null").bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "missing-field")
                .mentions("'" + field + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sensor | 7",
            "sensor | [\"smoke-1\"]",
            "kind   | {\"name\":\"smoke\"}",
            "state  | true"})
    void refusesTextFieldThatIsNoString(String field, String json) {
        byte[] body = Body.event().raw(field, json).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'" + field + "'", "string");
    }

    @Test
    void acceptsEventWithoutTimestampFromADeviceWithoutClock() {
        assertThat(codec.decodeEvent(Body.event().without("ts").bytes()).ts()).isNull();
        assertThat(codec.decodeEvent(Body.event().raw("ts", "null").bytes()).ts()).isNull();
    }

    @Test
    void acceptsTimestampWithOffsetAsTheSameInstant() {
        byte[] body = Body.event().text("ts", "2026-11-28T20:00:01.004+08:00").bytes();

        assertThat(codec.decodeEvent(body).ts()).isEqualTo(Instant.parse("2026-11-28T12:00:01.004Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-28", "2026-11-28T12:00:01.004", "2026-13-01T00:00:00Z",
            "2026-11-28 12:00:01Z", "1764331201004", ""})
    void refusesTimestampThatIsNotIso8601(String ts) {
        byte[] body = Body.event().text("ts", ts).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'ts'", "'" + ts + "'", "ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1764331201004", "true", "{}", "[\"2026-11-28T12:00:01.004Z\"]"})
    void refusesTimestampThatIsNoString(String json) {
        byte[] body = Body.event().raw("ts", json).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'ts'", "ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "42", "9223372036854775807"})
    void acceptsSeqFromZeroToLongMax(String seq) {
        byte[] body = Body.event().raw("seq", seq).bytes();

        assertThat(codec.decodeEvent(body).seq()).isEqualTo(Long.parseLong(seq));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-9223372036854775808", "1.5", "42.0", "4.2e1", "\"42\"",
            "9223372036854775808", "18446744073709551616", "true", "null", "[42]", "{}"})
    void refusesSeqThatIsNoNonNegativeLong(String seq) {
        byte[] body = Body.event().raw("seq", seq).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-seq")
                .mentions("seq", "non-negative integer");
    }

    @Test
    void refusesNegativeSeqWhenBuildingAnEvent() {
        refusalOf(() -> new Event(null, -1, "smoke-1", Kind.SMOKE, State.ALARM))
                .is(BAD_REQUEST, "bad-seq")
                .mentions("seq");
    }

    @Test
    void acceptsSensorIdOf64Characters() {
        String sensor = "s".repeat(64);

        assertThat(codec.decodeEvent(Body.event().text("sensor", sensor).bytes()).sensor()).isEqualTo(sensor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoke 1", "smoke/1", "floor-3/smoke-1", "smoke#1", "smoke+", "烟感-1", "smoke\\n1"})
    void refusesSensorIdWithCharactersOutsideTheIdAlphabet(String sensor) {
        byte[] body = Body.event().text("sensor", sensor).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-id")
                .mentions("sensor", "A-Z a-z 0-9 . _ : -");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65, 1000})
    void refusesSensorIdOutsideOneTo64Characters(int length) {
        byte[] body = Body.event().text("sensor", "s".repeat(length)).bytes();

        refusalOf(() -> codec.decodeEvent(body))
                .is(BAD_REQUEST, "bad-id")
                .mentions("sensor", "1 to 64");
    }

    @Test
    void ignoresUnknownFieldsFromNewerDevices() {
        byte[] body = Body.event().raw("firmware", "{\"version\":\"2.1\"}").text("zone", "B2").bytes();

        assertThat(codec.decodeEvent(body)).isEqualTo(codec.decodeEvent(Body.event().bytes()));
    }

    @Test
    void omitsTimestampWhenEncodingEventWithoutOne() {
        Event event = new Event(null, 7, "door-1", Kind.DOOR, State.OPEN);

        assertThat(codec.encodeToString(event))
                .isEqualTo("{\"seq\":7,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"open\"}");
    }
}
