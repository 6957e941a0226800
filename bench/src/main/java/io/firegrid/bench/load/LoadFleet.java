package io.firegrid.bench.load;

import io.firegrid.bench.agent.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load processes ({@code bench load-devices}, one JVM each) as the harness drives them: their
 * devices split evenly, each device's client socket bound to a loopback source address of its own
 * (127.0.0.2, 127.0.0.3, ... {@value #PER_SOURCE_ADDRESS} devices to an address), their status and
 * reports read from their stdout.
 */
final class LoadFleet implements AutoCloseable {

    static final int PER_SOURCE_ADDRESS = 200;
    static final String HEAP = "128m";
    /** Over TLS each open connection holds a 16 KiB record buffer and its engine: 5,000 of them need more room. */
    static final String TLS_HEAP = "512m";

    /** A device of the fleet: user name {@code id@tenant} and its password. */
    record Device(String username, String password) {
    }

    private final List<JavaProcess> processes = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    private LoadFleet() {
    }

    static LoadFleet start(List<Device> devices, int processCount, int mqttPort, double rate, long maxSeconds, Path dir)
            throws IOException {
        return start(devices, processCount, mqttPort, List.of("--rate", String.valueOf(rate)), maxSeconds, dir, 0);
    }

    /** As {@link #start(List, int, int, double, long, Path)}, with the load processes' own options ({@code --rate}, {@code --burst}). */
    static LoadFleet start(List<Device> devices, int processCount, int mqttPort, List<String> loadOptions, long maxSeconds,
                           Path dir) throws IOException {
        return start(devices, processCount, mqttPort, loadOptions, maxSeconds, dir, 0);
    }

    /**
     * As {@link #start(List, int, int, List, long, Path)}, the load processes run at the scheduling
     * priority {@code nice} (0: the same as the gateway; 19: the lowest, so that on a shared machine
     * the simulated devices take the CPU the gateway leaves, as devices on their own hardware would).
     */
    static LoadFleet start(List<Device> devices, int processCount, int mqttPort, List<String> loadOptions, long maxSeconds,
                           Path dir, int nice) throws IOException {
        LoadFleet fleet = new LoadFleet();
        try {
            for (int p = 0; p < processCount; p++) {
                int from = devices.size() * p / processCount;
                int to = devices.size() * (p + 1) / processCount;
                List<String> lines = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    lines.add(devices.get(i).username() + " " + devices.get(i).password() + " 127.0."
                            + ((2 + i / PER_SOURCE_ADDRESS) / 256) + "." + ((2 + i / PER_SOURCE_ADDRESS) % 256));
                }
                Path file = dir.resolve("load-" + p + ".devices");
                Files.write(file, lines);
                fleet.sizes.add(to - from);
                List<String> args = new ArrayList<>(List.of("load-devices", "--gateway", "127.0.0.1:" + mqttPort, "--devices",
                        file.toString(), "--max-seconds", String.valueOf(maxSeconds)));
                args.addAll(loadOptions);
                List<String> prefix = nice == 0 ? List.of() : List.of("nice", "-n", String.valueOf(nice));
                String heap = loadOptions.contains("--tls-ca") ? TLS_HEAP : HEAP;
                fleet.processes.add(JavaProcess.start(prefix, "io.firegrid.bench.Main", heap, args, Map.of(),
                        dir.resolve("load-" + p + ".log")));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** The CPU time all load processes have used so far. */
    java.time.Duration cpu() {
        return processes.stream().map(JavaProcess::cpu).reduce(java.time.Duration.ZERO, java.time.Duration::plus);
    }

    int size() {
        return sizes.stream().mapToInt(Integer::intValue).sum();
    }

    /** Devices connected now, from each process's latest status line. */
    int connected() {
        int up = 0;
        for (JavaProcess p : processes) {
            String s = p.latest("status ");
            if (!p.isAlive()) {
                throw new IllegalStateException("a load process exited; see its log next to the device files");
            }
            up += s == null ? 0 : Integer.parseInt(s.split(" ")[2]);
        }
        return up;
    }

    /** Waits until every device is connected; progress on stderr every 3 s. Returns the seconds it took. */
    double awaitConnected(long timeoutMs) throws InterruptedException {
        long start = System.nanoTime();
        long last = start;
        while (connected() < size()) {
            long now = System.nanoTime();
            if (now - start > timeoutMs * 1_000_000) {
                throw new IllegalStateException("only " + connected() + " of " + size() + " devices connected within "
                        + timeoutMs / 1000 + " s");
            }
            if (now - last > 3_000_000_000L) {
                System.err.printf(Locale.ROOT, "  connected %d of %d, %.0f s%n", connected(), size(), (now - start) / 1e9);
                last = now;
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The wall-clock time (ms) at which every process had all its devices connected again, each
     * counted from its first status line at or after {@code sinceWallMs}; -1 if not yet.
     */
    long allConnectedAt(long sinceWallMs) {
        long latest = 0;
        for (int i = 0; i < processes.size(); i++) {
            long first = -1;
            for (String s : processes.get(i).all("status ")) {
                String[] f = s.split(" ");
                long wall = Long.parseLong(f[1]);
                if (wall >= sinceWallMs && Integer.parseInt(f[2]) == sizes.get(i)) {
                    first = wall;
                    break;
                }
            }
            if (first < 0) {
                return -1;
            }
            latest = Math.max(latest, first);
        }
        return latest;
    }

    /** Sends {@code line} to every load process. */
    void send(String line) {
        processes.forEach(p -> p.send(line));
    }

    /** Each process's first line starting with {@code prefix}, waiting up to {@code timeoutMs} in all. */
    List<String> await(String prefix, long timeoutMs) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (JavaProcess p : processes) {
            lines.add(p.await(prefix, timeoutMs));
        }
        return lines;
    }

    /** Each process's counts since its last report, summed. */
    LoadCounts report(String phase) throws InterruptedException {
        LoadCounts sum = new LoadCounts();
        for (JavaProcess p : processes) {
            p.send("report " + phase);
        }
        for (JavaProcess p : processes) {
            sum.add(LoadCounts.decode(p.await("report " + phase + " ", 30_000)));
        }
        return sum;
    }

    @Override
    public void close() {
        for (JavaProcess p : processes) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
