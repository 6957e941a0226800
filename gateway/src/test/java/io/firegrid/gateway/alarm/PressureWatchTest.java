package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PressureWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

    /** The window as a list scanned for its highest value: what the rule meant before it kept a monotonic queue. */
    private static final class Scanned {
        private record Sample(Instant at, double mpa) {
        }

        private final ArrayDeque<Sample> window = new ArrayDeque<>();

        void add(Instant at, double mpa, AlarmRules rules) {
            window.addLast(new Sample(at, mpa));
            Instant horizon = at.minus(rules.pressureDropWindow());
            while (!window.isEmpty() && window.peekFirst().at().isBefore(horizon)) {
                window.removeFirst();
            }
        }

        double drop() {
            double max = Double.NEGATIVE_INFINITY;
            for (Sample s : window) {
                max = Math.max(max, s.mpa());
            }
            return window.isEmpty() ? 0 : max - window.peekLast().mpa();
        }
    }

    @Test
    void aFallWithinTheWindowIsMeasuredFromTheHighestValueInIt() {
        PressureWatch watch = new PressureWatch();
        AlarmRules rules = AlarmRules.DEFAULTS;

        watch.add(T0, 0.30, rules);
        watch.add(T0.plusSeconds(10), 0.42, rules);
        watch.add(T0.plusSeconds(20), 0.35, rules);
        watch.add(T0.plusSeconds(30), 0.28, rules);
        assertThat(watch.dropWithinWindow()).isCloseTo(0.14, org.assertj.core.data.Offset.offset(1e-9));

        watch.add(T0.plusSeconds(75), 0.27, rules); // 0.42 at +10 s is out of the 60 s window now
        assertThat(watch.dropWithinWindow()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void givesWhatScanningTheWindowGivesAlsoWhenTimesGoBackwards() {
        SplittableRandom random = new SplittableRandom(12);
        for (int run = 0; run < 200; run++) {
            AlarmRules rules = AlarmRules.DEFAULTS;
            PressureWatch watch = new PressureWatch();
            Scanned scanned = new Scanned();
            Instant at = T0;
            for (int i = 0; i < 500; i++) {
                // mostly forward by up to 20 s, sometimes back by up to 90 s (a clock set back)
                at = at.plusMillis(random.nextInt(10) == 0 ? -random.nextInt(90_000) : random.nextInt(20_000));
                double mpa = random.nextInt(5) == 0 ? 0.30 : Math.round(random.nextDouble(0, 0.8) * 100) / 100.0;
                watch.add(at, mpa, rules);
                scanned.add(at, mpa, rules);
                assertThat(watch.dropWithinWindow()).as("run %d, value %d", run, i).isEqualTo(scanned.drop());
            }
        }
    }

    @Test
    void aShortWindowForgetsAllButTheLatestValue() {
        AlarmRules rules = new AlarmRules(0.25, 0.5, 0.02, 0.1, Duration.ofMillis(1), Duration.ofSeconds(120),
                Duration.ofSeconds(100), Duration.ofSeconds(60), Duration.ofSeconds(200));
        PressureWatch watch = new PressureWatch();

        watch.add(T0, 0.45, rules);
        watch.add(T0.plusSeconds(1), 0.30, rules);

        assertThat(watch.dropWithinWindow()).isZero();
    }
}
