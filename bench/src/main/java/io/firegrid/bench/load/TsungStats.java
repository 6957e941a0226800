package io.firegrid.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The statistics of one tsung run, read from its {@code tsung.log}. tsung dumps every statistic
 * every 10 s: a sample (a request or a transaction, in ms) as {@code stats: NAME COUNT MEAN STDDEV
 * MAX MIN MEAN_BEFORE COUNT_BEFORE} (the first five for the last interval, except MAX and MIN,
 * which are over the whole run; the last two for all earlier intervals), a counter as {@code
 * stats: NAME COUNT TOTAL}. The last dump holds the whole run.
 */
record TsungStats(Map<String, Sample> samples, Map<String, Long> counters, long targetCpuNanos, long tsungCpuNanos) {

    /** A sample over the whole run: how many, their mean and largest value (ms). */
    record Sample(long count, double mean, double max) {
    }

    static TsungStats read(Path log) throws IOException {
        Map<String, Sample> samples = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("stats: ") || line.startsWith("stats: {")) {
                continue; // comments, and the monitored nodes' cpu/load/memory
            }
            String[] f = line.substring(7).trim().split(" ");
            if (f.length == 8) {
                long count = Long.parseLong(f[1]);
                long before = Long.parseLong(f[7]);
                long all = count + before;
                double mean = all == 0 ? 0 : (count * Double.parseDouble(f[2]) + before * Double.parseDouble(f[6])) / all;
                samples.put(f[0], new Sample(all, mean, Double.parseDouble(f[4])));
            } else if (f.length == 3) {
                counters.put(f[0], Long.parseLong(f[2]));
            }
        }
        return new TsungStats(samples, counters, 0, 0);
    }

    /** These statistics with the CPU time the target and tsung used over the run. */
    TsungStats withCpu(long targetNanos, long tsungNanos) {
        return new TsungStats(samples, counters, targetNanos, tsungNanos);
    }

    /** The target's CPU time per 1,000 acknowledged readings, in ms. */
    double targetCpuPerThousand() {
        return perThousand(targetCpuNanos);
    }

    /** CPU time per 1,000 acknowledged readings, in ms. */
    private double perThousand(long cpuNanos) {
        return cpuNanos / 1e3 / Math.max(1, count("mqtt_server_pubacked"));
    }

    long count(String counter) {
        return counters.getOrDefault(counter, 0L);
    }

    Sample sample(String name) {
        return samples.getOrDefault(name, new Sample(0, 0, 0));
    }

    /** PUBLISH -> PUBACK, the scenario's {@code puback} transaction. */
    Sample puback() {
        return sample("tr_puback");
    }

    /** Seconds from the global wait's release to the last client's last PUBACK: the longest {@code burst} transaction. */
    double burstSeconds() {
        return sample("tr_burst").max() / 1000;
    }

    /** PUBACKs tsung received, per second of the burst. */
    double rate() {
        return count("mqtt_server_pubacked") / burstSeconds();
    }

    /** tsung's error counters ({@code error_*}), e.g. {@code error_connect_econnrefused}; empty if none. */
    Map<String, Long> errors() {
        Map<String, Long> errors = new LinkedHashMap<>();
        counters.forEach((k, v) -> {
            if (k.startsWith("error_")) {
                errors.put(k, v);
            }
        });
        return errors;
    }

    String line(String target) {
        Sample connect = sample("tr_connect");
        // CPU over the whole run: the connects are in it (1,000 password checks at the gateway)
        return String.format(Locale.ROOT, "%-10s %9.0f msg/s  %8d pubacked in %6.2f s  PUBACK mean %7.1f ms  max %7.1f ms"
                        + "  CONNACK mean %.1f ms max %.1f ms  CPU %.0f ms/1000 msgs (tsung %.0f)  errors %s", target, rate(),
                count("mqtt_server_pubacked"), burstSeconds(), puback().mean(), puback().max(), connect.mean(), connect.max(),
                perThousand(targetCpuNanos), perThousand(tsungCpuNanos), errors().isEmpty() ? "none" : errors());
    }
}
