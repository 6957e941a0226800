package io.firegrid.gateway.alarm;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Recent pressure values of one hydrant sensor, for the drop-rate rule: the highest value within
 * the window, and whether the latest value is a fast drop from it.
 */
final class PressureWatch {

    private record Sample(Instant at, double mpa) {
    }

    private final Deque<Sample> window = new ArrayDeque<>();

    /** Adds a value and forgets those older than the window. */
    void add(Instant at, double mpa, AlarmRules rules) {
        window.addLast(new Sample(at, mpa));
        Instant horizon = at.minus(rules.pressureDropWindow());
        while (!window.isEmpty() && window.peekFirst().at().isBefore(horizon)) {
            window.removeFirst();
        }
    }

    /** How far the latest value is below the highest value within the window. */
    double dropWithinWindow() {
        if (window.isEmpty()) {
            return 0;
        }
        // a plain loop: this runs for every pressure reading, and a stream here was the engine's largest cost
        double max = Double.NEGATIVE_INFINITY;
        for (Sample s : window) {
            max = Math.max(max, s.mpa());
        }
        return max - window.peekLast().mpa();
    }
}
