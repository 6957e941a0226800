package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding and encoding of bodies on the {@code telemetry} endpoint. */
class MessageCodecReadingsTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void decodesTheReadingsExampleOfTheWireContract() {
        byte[] body = ("{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":41,"
                + "\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}").getBytes();

        Readings readings = codec.decodeReadings(body);

        assertThat(readings).isEqualTo(new Readings(Instant.parse("2026-11-28T12:00:00.123Z"), 41,
                List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.32, "MPa"))));
        assertThat(readings.endpoint()).isEqualTo(Endpoint.TELEMETRY);
    }

    @Test
    void encodesReadingsExactlyAsTheWireContractShowsThem() {
        Readings readings = new Readings(Instant.parse("2026-11-28T12:00:00.123Z"), 41,
                List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.32, "MPa")));

        assertThat(codec.encodeToString(readings)).isEqualTo("{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":41,"
                + "\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}");
    }

    @Test
    void decodesByEndpoint() {
        DeviceMessage message = codec.decode(Endpoint.TELEMETRY, Body.readings().bytes());

        assertThat(message).isInstanceOf(Readings.class);
    }

    @Test
    void refusesEventSentOnTheTelemetryEndpoint() {
        refusalOf(() -> codec.decode(Endpoint.TELEMETRY, Body.event().bytes()))
                .is(BAD_REQUEST, "missing-field")
                .mentions("'readings'");
    }

    @Test
    void keepsReadingsInTheOrderSent() {
        byte[] body = Body.readings(
                Body.reading().text("sensor", "hydrant-1").raw("value", "0.32"),
                Body.reading().text("sensor", "tank-1").raw("value", "0.11"),
                Body.reading().text("sensor", "smoke-1").text("kind", "smoke").raw("value", "3").text("unit", "%/m")).bytes();

        List<Reading> readings = codec.decodeReadings(body).readings();

        assertThat(readings).containsExactly(
                new Reading("hydrant-1", Kind.PRESSURE, 0.32, "MPa"),
                new Reading("tank-1", Kind.PRESSURE, 0.11, "MPa"),
                new Reading("smoke-1", Kind.SMOKE, 3.0, "%/m"));
    }

    @Test
    void acceptsPressureWithoutUnitAsMegapascal() {
        byte[] body = Body.readings(Body.reading().without("unit")).bytes();

        Reading reading = codec.decodeReadings(body).readings().get(0);

        assertThat(reading.unit()).isNull();
        assertThat(reading.value()).isEqualTo(0.32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bar", "kPa", "mpa", "MPA", "psi", "", " MPa"})
    void refusesPressureNotInMegapascal(String unit) {
        byte[] body = Body.readings(Body.reading().text("unit", unit)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-unit")
                .mentions("hydrant-1", "MPa", "'" + unit + "'");
    }

    @Test
    void refusesPressureInKilopascalWhenBuildingAReading() {
        refusalOf(() -> new Reading("hydrant-1", Kind.PRESSURE, 320, "kPa"))
                .is(BAD_REQUEST, "bad-unit")
                .mentions("hydrant-1", "MPa");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.05", "1.2e-1", "12", "0.7000000000000001"})
    void acceptsAnyJsonNumberAsValue(String value) {
        byte[] body = Body.readings(Body.reading().raw("value", value)).bytes();

        assertThat(codec.decodeReadings(body).readings().get(0).value()).isEqualTo(Double.parseDouble(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0.32\"", "true", "null", "[0.32]", "{\"v\":0.32}"})
    void refusesValueThatIsNoNumber(String value) {
        byte[] body = Body.readings(Body.reading().raw("value", value)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("value", "number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400"})
    void refusesValueBeyondTheRangeOfADouble(String value) {
        byte[] body = Body.readings(Body.reading().raw("value", value)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-value")
                .mentions("hydrant-1", "finite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sensor", "kind", "value"})
    void refusesReadingWithoutRequiredField(String field) {
        byte[] body = Body.readings(Body.reading().without(field)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "missing-field")
                .mentions(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seq", "readings"})
    void refusesReadingsWithoutRequiredField(String field) {
        byte[] body = Body.readings().without(field).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "missing-field")
                .mentions("'" + field + "'");
    }

    @Test
    void acceptsReadingsWithoutTimestamp() {
        assertThat(codec.decodeReadings(Body.readings().without("ts").bytes()).ts()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12:00", "2026-11-28T12:00:00.123"})
    void refusesReadingsWithTimestampThatIsNotIso8601(String ts) {
        byte[] body = Body.readings().text("ts", ts).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'ts'", "'" + ts + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "41.5", "\"41\"", "9223372036854775808"})
    void refusesReadingsWithBadSeq(String seq) {
        byte[] body = Body.readings().raw("seq", seq).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-seq")
                .mentions("seq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "\"hydrant-1\"", "0.32", "true", "null"})
    void refusesReadingsThatAreNoArray(String json) {
        byte[] body = Body.readings().raw("readings", json).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'readings'", "array");
    }

    @Test
    void refusesEmptyReadings() {
        byte[] body = Body.readings().raw("readings", "[]").bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'readings'", "non-empty");
    }

    @Test
    void accepts256Readings() {
        byte[] body = Body.readings(Body.manyReadings(MessageCodec.MAX_READINGS)).bytes();

        assertThat(codec.decodeReadings(body).readings()).hasSize(256);
    }

    @Test
    void refuses257Readings() {
        // GIVEN 257 short readings, well inside the size limit
        byte[] body = Body.readings(Body.manyReadings(MessageCodec.MAX_READINGS + 1)).bytes();
        assertThat(body.length).isLessThan(MessageCodec.MAX_BODY_BYTES);

        // WHEN / THEN
        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'readings'", "257", "256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.32", "\"hydrant-1\"", "null", "[]"})
    void refusesReadingEntryThatIsNoObject(String entry) {
        byte[] body = Body.readings().raw("readings", "[" + Body.reading().json() + "," + entry + "]").bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions("'readings'", "objects");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hydrant 1", "hydrant/1", "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh", ""})
    void refusesReadingWithBadSensorId(String sensor) {
        byte[] body = Body.readings(Body.reading().text("sensor", sensor)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-id")
                .mentions("sensor", "1 to 64");
    }

    @Test
    void refusesReadingOfUnknownKind() {
        byte[] body = Body.readings(Body.reading().text("kind", "temperature")).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "unknown-kind")
                .mentions("'temperature'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sensor | 1",
            "kind   | [\"pressure\"]",
            "unit   | 1"})
    void refusesReadingTextFieldThatIsNoString(String field, String json) {
        byte[] body = Body.readings(Body.reading().raw(field, json)).bytes();

        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-field")
                .mentions(field, "string");
    }

    @Test
    void refusesWholeBatchWhenOneReadingIsBad() {
        // GIVEN two good readings and a bad one in between
        byte[] body = Body.readings(
                Body.reading().text("sensor", "hydrant-1"),
                Body.reading().text("sensor", "hydrant-2").text("unit", "bar"),
                Body.reading().text("sensor", "hydrant-3")).bytes();

        // WHEN / THEN the batch is refused, naming the bad reading
        refusalOf(() -> codec.decodeReadings(body))
                .is(BAD_REQUEST, "bad-unit")
                .mentions("hydrant-2");
    }

    @Test
    void omitsUnitWhenEncodingReadingWithoutOne() {
        Readings readings = new Readings(null, 3, List.of(new Reading("smoke-1", Kind.SMOKE, 0.5, null)));

        assertThat(codec.encodeToString(readings))
                .isEqualTo("{\"seq\":3,\"readings\":[{\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"value\":0.5}]}");
    }

    @Test
    void readingsCannotBeChangedAfterDecoding() {
        Readings readings = codec.decodeReadings(Body.readings().bytes());

        assertThatThrownBy(() -> readings.readings().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
