package io.firegrid.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void writesWhatInstantToStringWrites() {
        for (String text : new String[] {"2026-12-07T03:52:46.757032Z", "2026-12-07T03:52:00Z", "2026-12-07T00:00:00.100Z",
                "2026-12-07T03:52:46.000001Z", "2026-12-07T03:52:46.000000001Z", "2026-12-07T03:52:46.120Z",
                "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z"}) {
            Instant at = Instant.parse(text);
            assertThat(InstantText.of(at)).as(text).isEqualTo(at.toString());
        }
    }

    @Test
    void agreesWithInstantToStringOnRandomTimesOfEveryPrecision() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            // neighbouring seconds one after the other, as a clock gives them, and jumps
            Instant at = Instant.ofEpochSecond(i % 3 == 0 ? second : 1_796_000_000L + i / 7, nano);
            assertThat(InstantText.of(at)).isEqualTo(at.toString());
        }
    }

    @Test
    void theSameTimeAgainGetsTheSameTextAndAnotherTimeItsOwn() {
        // GIVEN a reading's receive time written once (received_at)
        Instant received = Instant.parse("2026-12-07T03:52:46.757032Z");
        String first = InstantText.of(received);

        // WHEN the same time is written again (the last-heard time), also as an equal but distinct Instant
        String again = InstantText.of(received);
        String equal = InstantText.of(Instant.ofEpochSecond(received.getEpochSecond(), received.getNano()));

        // THEN it is the same text, and the next time gets its own, even one nanosecond or a second apart
        assertThat(first).isEqualTo("2026-12-07T03:52:46.757032Z");
        assertThat(again).isSameAs(first);
        assertThat(equal).isSameAs(first);
        assertThat(InstantText.of(received.plusNanos(1))).isEqualTo("2026-12-07T03:52:46.757032001Z");
        assertThat(InstantText.of(received)).isEqualTo(first);
        assertThat(InstantText.of(received.plusSeconds(1))).isEqualTo("2026-12-07T03:52:47.757032Z");
        assertThat(InstantText.of(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    }
}
