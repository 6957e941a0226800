package io.firegrid.bench.load;

import java.util.Locale;

/**
 * Latencies in log-spaced buckets (each 5 % wider than the one before, from 10 µs to about two
 * minutes), so that a load process can count millions of PUBACKs in constant memory and hand them
 * to the harness as one line. Quantiles are read at a bucket's upper edge: up to 5 % high. The
 * maximum is kept exactly. Not thread-safe.
 */
final class Histogram {

    private static final double BASE_MICROS = 10;
    private static final double GROWTH = 1.05;
    private static final int BUCKETS = 340;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        counts[bucket(micros)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    long count() {
        return total;
    }

    double maxMillis() {
        return maxMicros / 1000.0;
    }

    /** The {@code q} quantile in milliseconds (bucket upper edge, capped at the maximum); NaN if empty. */
    double quantileMillis(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return Math.min(upperMicros(i), maxMicros) / 1000.0;
            }
        }
        return maxMillis();
    }

    /** The mean in milliseconds, each value taken as the middle of its bucket (within 2.5 %); NaN if empty. */
    double meanMillis() {
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            sum += counts[i] * (i == 0 ? BASE_MICROS / 2 : (upperMicros(i - 1) + upperMicros(i)) / 2);
        }
        return sum / total / 1000.0;
    }

    void add(Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    /** {@code max:bucket=count,bucket=count...}, empty buckets left out. */
    String encode() {
        StringBuilder s = new StringBuilder().append(maxMicros).append(':');
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                s.append(i).append('=').append(counts[i]).append(',');
            }
        }
        return s.toString();
    }

    static Histogram decode(String text) {
        Histogram h = new Histogram();
        int colon = text.indexOf(':');
        h.maxMicros = Long.parseLong(text.substring(0, colon));
        for (String pair : text.substring(colon + 1).split(",")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                long n = Long.parseLong(pair.substring(eq + 1));
                h.counts[Integer.parseInt(pair.substring(0, eq))] += n;
                h.total += n;
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d values, p50 %.1f ms, p99 %.1f ms, max %.1f ms", total, quantileMillis(0.5),
                quantileMillis(0.99), maxMillis());
    }

    private static int bucket(long micros) {
        if (micros <= BASE_MICROS) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros / BASE_MICROS) / Math.log(GROWTH)));
    }

    private static double upperMicros(int bucket) {
        return BASE_MICROS * Math.pow(GROWTH, bucket);
    }
}
