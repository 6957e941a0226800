package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The waits between connection attempts: jittered, growing, longer when the gateway is busy, reset by a connection. */
class ReconnectBackoffTest {

    private static final int NONE = -1;
    private static final int BAD_CREDENTIALS = 0x86;

    @Test
    void ordinaryFailuresWaitBetweenHalfAndAllOfADoublingCapUpToTheMaximum() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(10), new SplittableRandom(1));
        long[][] bounds = {{500, 1000}, {1000, 2000}, {2000, 4000}, {4000, 8000}, {5000, 10000}, {5000, 10000}};
        for (long[] bound : bounds) {
            assertThat(b.next(BAD_CREDENTIALS)).isBetween(bound[0], bound[1]);
        }
    }

    @Test
    void serverBusyAndConnectionRateExceededWaitFiveToFifteenSecondsThenLonger() {
        for (int code : new int[] {0x89, 0x9F}) {
            ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(10), new SplittableRandom(2));
            assertThat(b.next(code)).isBetween(5_000L, 15_000L);
            assertThat(b.next(code)).isBetween(10_000L, 30_000L);
            assertThat(b.next(code)).isBetween(20_000L, 60_000L);
            assertThat(b.next(code)).isBetween(20_000L, 60_000L);
        }
    }

    @Test
    void withAnEventWaitingTheWaitIsOneToTwoSecondsWhateverCameBefore() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(10), new SplittableRandom(3));
        for (int i = 0; i < 5; i++) {
            b.next(0x89);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(b.urgent()).isBetween(1_000L, ReconnectBackoff.URGENT_MAX.toMillis());
        }
    }

    @Test
    void aConnectionStartsTheCountsAgain() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(10), new SplittableRandom(3));
        for (int i = 0; i < 5; i++) {
            b.next(NONE);
            b.next(0x89);
        }
        b.reset();
        assertThat(b.next(NONE)).isBetween(500L, 1000L);
        assertThat(b.next(0x9F)).isBetween(5_000L, 15_000L);
    }

    @Test
    void devicesThatLostTheirConnectionTogetherDoNotComeBackTogether() {
        // 10,000 devices of a restarted gateway, each with its own random source: their first
        // attempts spread over the half second the jitter allows, not one instant
        RandomGenerator seeds = new SplittableRandom(4);
        int[] perTenMs = new int[51];
        for (int i = 0; i < 10_000; i++) {
            long d = new ReconnectBackoff(Duration.ofSeconds(10), new SplittableRandom(seeds.nextLong())).next(NONE);
            perTenMs[(int) ((d - 500) / 10)]++;
        }
        for (int n : perTenMs) {
            assertThat(n).isLessThan(400);
        }
    }
}
