package io.firegrid.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

    @Test
    void readsWhatInstantParseReads() {
        for (String s : List.of("2026-11-28T12:00:00Z", "2026-11-28T12:00:00.123Z", "2026-11-28T12:00:00.1Z",
                "2026-11-28T12:00:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "2024-02-29T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2026-12-31T23:59:60Z", "2026-11-28T24:00:00Z", "+12026-01-01T00:00:00Z")) {
            assertEquals(Instant.parse(s), UtcTimestamps.parse(s), s);
        }
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            assertEquals(t, UtcTimestamps.parse(t.toString()), t.toString());
        }
    }

    @Test
    void refusesWhatInstantParseRefusesAndReadsItsOddCases() {
        for (String s : List.of("2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T12:60:00Z",
                "2026-11-28T12:00:00.Z", "2026-11-28T12:00:00.1234567890Z", "2026-11-28 12:00:00Z", "2026-11-28T12:00:00",
                "2026-11-28T12:00:00+01:00x", "2026-1a-28T12:00:00Z", "2026-11-28T12:00:00.12a4Z", "")) {
            Instant expected;
            try {
                expected = Instant.parse(s);
            } catch (DateTimeParseException e) {
                assertThrows(DateTimeParseException.class, () -> UtcTimestamps.parse(s), s);
                continue;
            }
            assertEquals(expected, UtcTimestamps.parse(s), s);
        }
    }
}
