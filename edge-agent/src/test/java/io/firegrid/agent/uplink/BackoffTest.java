package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofSeconds(10);
    private static final Duration BUSY = Duration.ofSeconds(5);

    private static Backoff backoff(long seed) {
        return new Backoff(BASE, CAP, BUSY, new SplittableRandom(seed));
    }

    @Test
    void everyWaitAfterAFailureIsBetweenZeroAndTheCap() {
        for (long seed = 0; seed < 100; seed++) {
            Backoff b = backoff(seed);
            for (int attempt = 0; attempt < 50; attempt++) {
                assertThat(b.afterFailure()).isBetween(Duration.ZERO, CAP);
            }
        }
    }

    @Test
    void theWindowDoublesWithEachFailedAttemptUpToTheCap() {
        Backoff b = backoff(42);
        List<Long> windows = new ArrayList<>();
        for (int attempt = 0; attempt < 7; attempt++) {
            Duration window = b.window();
            windows.add(window.toMillis());
            assertThat(b.afterFailure()).isBetween(Duration.ZERO, window);
        }
        assertThat(windows).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void waitsGrowWithAttemptsOnAverage() {
        // GIVEN 1,000 agents, each with its own seed
        int agents = 1_000;
        double[] mean = new double[6];
        for (long seed = 0; seed < agents; seed++) {
            Backoff b = backoff(seed);
            for (int attempt = 0; attempt < mean.length; attempt++) {
                mean[attempt] += b.afterFailure().toMillis() / (double) agents;
            }
        }
        // THEN the mean wait is about half of each window: 0.5, 1, 2, 4, 5, 5 s
        assertThat(mean[0]).isBetween(450.0, 550.0);
        assertThat(mean[1]).isBetween(900.0, 1_100.0);
        assertThat(mean[2]).isBetween(1_800.0, 2_200.0);
        assertThat(mean[3]).isBetween(3_600.0, 4_400.0);
        assertThat(mean[4]).isBetween(4_500.0, 5_500.0);
        assertThat(mean[5]).isBetween(4_500.0, 5_500.0);
        for (int attempt = 1; attempt < 4; attempt++) {
            assertThat(mean[attempt]).isGreaterThan(mean[attempt - 1] * 1.5);
        }
    }

    @Test
    void aBusyRefusalWaitsAtLeastTheFloorPlusTheJitterOfTheWindow() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff b = backoff(seed);
            for (int attempt = 0; attempt < 10; attempt++) {
                Duration window = b.window();
                Duration wait = b.afterBusy();
                assertThat(wait).isBetween(BUSY, BUSY.plus(window));
            }
        }
    }

    @Test
    void aBusyRefusalAlsoWidensTheWindowOfTheNextFailure() {
        Backoff b = backoff(7);
        b.afterBusy();
        b.afterBusy();

        assertThat(b.window()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.afterFailure()).isBetween(Duration.ZERO, Duration.ofSeconds(4));
    }

    @Test
    void aConnectionStartsTheNextLossFromTheFirstWindowAgain() {
        Backoff b = backoff(3);
        IntStream.range(0, 8).forEach(i -> b.afterFailure());
        assertThat(b.window()).isEqualTo(CAP);

        b.reset();

        assertThat(b.window()).isEqualTo(BASE);
        assertThat(b.afterFailure()).isBetween(Duration.ZERO, BASE);
    }

    @Test
    void agentsThatLostTheGatewayTogetherSpreadTheirFirstAttemptOverTheWholeFirstWindow() {
        // GIVEN 1,000 agents with different seeds that lost the gateway at the same moment
        int agents = 1_000;
        long[] first = new long[agents];
        for (int i = 0; i < agents; i++) {
            first[i] = backoff(i).afterFailure().toMillis();
        }

        // THEN their first attempts cover [0, 1 s]: every tenth of it is used by some 100 of them
        int[] tenths = new int[10];
        for (long ms : first) {
            assertThat(ms).isBetween(0L, BASE.toMillis());
            tenths[(int) Math.min(9, ms / 100)]++;
        }
        assertThat(Arrays.stream(tenths).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
        long min = Arrays.stream(first).min().orElseThrow();
        long max = Arrays.stream(first).max().orElseThrow();
        assertThat(max - min).as("spread of the first wait").isGreaterThan(900);
        assertThat(Arrays.stream(first).distinct().count()).as("distinct first waits").isGreaterThan(500);
    }

    @Test
    void aWindowNeverOverflowsHoweverManyAttemptsFailed() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofDays(1), BUSY, new SplittableRandom(1));
        for (int attempt = 0; attempt < 200; attempt++) {
            assertThat(b.afterFailure()).isBetween(Duration.ZERO, Duration.ofDays(1));
        }
        assertThat(b.window()).isEqualTo(Duration.ofDays(1));
    }
}
