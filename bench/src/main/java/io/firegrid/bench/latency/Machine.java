package io.firegrid.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine line every harness prints first, so figures are never read without it. */
public final class Machine {

    private Machine() {
    }

    /** CPU model, core count, OS and Java version, e.g. {@code AMD EPYC, 2 cores, Linux 6.18, Java 17.0.15}. */
    public static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed, the rest of the line still says what ran
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    /** The 1, 5 and 15 minute load averages, or "unknown": other work on the machine shows in every figure. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
