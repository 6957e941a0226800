package io.firegrid.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's GC pauses, read from the log its JVM writes with {@link #option}
 * ({@code -Xlog:gc:file=...:timemillis}): one line per pause, ending with its duration, stamped with
 * the wall-clock time it ended.
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms\\].*Pause.* (\\d+(?:\\.\\d+)?)ms$");

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that makes the gateway write this log. */
    String option() {
        return "-Xlog:gc:file=" + file + ":timemillis";
    }

    /** One pause: [startMs, endMs] on the wall clock. */
    record Pause(long startMs, long endMs, double millis) {
    }

    /** The pauses of a window, and how much of any interval they cover. */
    record Pauses(List<Pause> pauses) {

        double overlapMillis(long fromMs, long toMs) {
            double sum = 0;
            for (Pause p : pauses) {
                double a = Math.max(fromMs, p.endMs() - p.millis());
                double b = Math.min(toMs, p.endMs());
                if (b > a) {
                    sum += b - a;
                }
            }
            return sum;
        }

        double totalMillis() {
            return pauses.stream().mapToDouble(Pause::millis).sum();
        }

        double maxMillis() {
            return pauses.stream().mapToDouble(Pause::millis).max().orElse(0);
        }
    }

    /** The pauses that ended between {@code fromMs} and {@code toMs} (wall clock); none if the log cannot be read. */
    Pauses between(long fromMs, long toMs) {
        List<Pause> found = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return new Pauses(found);
            }
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line.trim());
                if (m.matches()) {
                    long end = Long.parseLong(m.group(1));
                    double ms = Double.parseDouble(m.group(2));
                    if (end >= fromMs && end <= toMs) {
                        found.add(new Pause(end - (long) Math.ceil(ms), end, ms));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no GC figures rather than no report
        }
        return new Pauses(found);
    }
}
