package io.firegrid.gateway.alarm;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Recent pressure values of one hydrant sensor, for the drop-rate rule: the highest value within
 * the window, and whether the latest value is a fast drop from it.
 *
 * <p>The window is the values added, oldest first, from which those at its start older than the
 * window's length before the latest time are forgotten: a value received with an earlier time than
 * one before it (a clock set back) leaves when the values before it have left, as it always did.
 * The highest value is kept by a monotonic queue (each value stays only while no later value is
 * as high), so a reading costs the same whatever the window holds, not a scan of it.
 * Not thread-safe: the alarm engine's thread only.
 */
final class PressureWatch {

    /** A value that may still be the window's highest, and its place among all values added. */
    private record Peak(long index, double mpa) {
    }

    private final ArrayDeque<Instant> times = new ArrayDeque<>();
    private final ArrayDeque<Peak> peaks = new ArrayDeque<>();
    private long added;
    private double latest;

    /** Adds a value and forgets those older than the window. */
    void add(Instant at, double mpa, AlarmRules rules) {
        times.addLast(at);
        while (!peaks.isEmpty() && peaks.peekLast().mpa() <= mpa) {
            peaks.removeLast();
        }
        peaks.addLast(new Peak(added++, mpa));
        latest = mpa;
        Instant horizon = at.minus(rules.pressureDropWindow());
        while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
            times.removeFirst();
        }
        long first = added - times.size();
        while (peaks.peekFirst().index() < first) {
            peaks.removeFirst();
        }
    }

    /** How far the latest value is below the highest value within the window. */
    double dropWithinWindow() {
        if (times.isEmpty()) {
            return 0;
        }
        return peaks.peekFirst().mpa() - latest;
    }
}
