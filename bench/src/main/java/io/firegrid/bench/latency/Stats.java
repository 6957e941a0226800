package io.firegrid.bench.latency;

import java.util.Arrays;

/** Order statistics of a set of latencies, in milliseconds. */
public record Stats(int runs, double median, double p90, double worst, double best) {

    public static Stats of(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        return new Stats(s.length, quantile(s, 0.5), quantile(s, 0.9), s[s.length - 1], s[0]);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
