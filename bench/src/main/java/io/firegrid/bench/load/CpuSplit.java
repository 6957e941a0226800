package io.firegrid.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the machine's CPU went during a phase: all CPUs busy (from {@code /proc/stat}), and of
 * that the gateway, the load processes, and this process (the probe and the harness), from each
 * process's CPU time. On a machine the gateway shares with its simulated devices, a tail that grows
 * with the machine's busy share is queueing for a CPU, not work of the alarm path.
 */
final class CpuSplit {

    /** The counters at one moment; {@code busyTicks} and {@code allTicks} are -1 where {@code /proc/stat} is missing. */
    record Snapshot(long busyTicks, long allTicks, Duration gateway, Duration fleet, Duration harness) {

        /** The same moment with the gateway's CPU set to {@code cpu} (zero for a gateway process about to start anew). */
        Snapshot withGateway(Duration cpu) {
            return new Snapshot(busyTicks, allTicks, cpu, fleet, harness);
        }
    }

    private CpuSplit() {
    }

    static Snapshot take(GatewayProcess gateway, LoadFleet fleet) {
        long busy = -1;
        long all = -1;
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            busy = 0;
            for (int i = 1; i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
            }
            all = busy + idle;
        } catch (IOException | RuntimeException e) {
            // not Linux: the split below still gives each process's share, without the machine's total
        }
        Duration harness = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        return new Snapshot(busy, all, gateway.cpu(), fleet.cpu(), harness);
    }

    /** E.g. {@code 1.86 of 2 CPUs busy (93 %): gateway 1.15, load processes 0.55, probe and harness 0.06, anything else 0.10}. */
    static String describe(Snapshot from, Snapshot to, double seconds) {
        int cpus = Runtime.getRuntime().availableProcessors();
        double gateway = cores(from.gateway(), to.gateway(), seconds);
        double fleet = cores(from.fleet(), to.fleet(), seconds);
        double harness = cores(from.harness(), to.harness(), seconds);
        if (from.allTicks() < 0 || to.allTicks() <= from.allTicks()) {
            return String.format(Locale.ROOT, "CPUs used: gateway %.2f, load processes %.2f, probe and harness %.2f (of %d)",
                    gateway, fleet, harness, cpus);
        }
        double busyShare = (double) (to.busyTicks() - from.busyTicks()) / (to.allTicks() - from.allTicks());
        double busy = busyShare * cpus;
        return String.format(Locale.ROOT, "%.2f of %d CPUs busy (%.0f %%): gateway %.2f, load processes %.2f, probe and harness"
                + " %.2f, anything else %.2f", busy, cpus, busyShare * 100, gateway, fleet, harness,
                Math.max(0, busy - gateway - fleet - harness));
    }

    private static double cores(Duration from, Duration to, double seconds) {
        return to.minus(from).toNanos() / 1e9 / seconds;
    }
}
