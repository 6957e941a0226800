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
}
