package io.firegrid.bench.load;

import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.latency.MosquittoBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./firegrid bench connections}: what an idle, authenticated MQTT connection costs the
 * gateway, and Mosquitto for comparison. The harness opens N connections (MQTT 5, each device
 * with its own user name and password, keep-alive 60 s, nothing published) from load processes of
 * their own ({@code bench load-devices}, at most {@code --per-process} connections each: a process
 * holds at most as many open files as {@code ulimit -n}), adding connections step by step up to
 * each count, and at each count reads the target's memory: for the gateway the heap in use after a
 * full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}), and for both the resident
 * set ({@code VmRSS}) and the open files ({@code /proc/PID/fd}). The largest count, {@code max},
 * is the target's open-file limit less the files it holds with no connection, less a margin: one
 * more connection needs one more file. Prints each step, the cost per connection over the
 * step with none, and the heap extrapolated to 20,000 connections against the 2 GiB target.
 *
 * <p>The gateway runs as {@code bench ingest} starts it, with {@code -Xmx2g} (the target) and with
 * its connection bounds raised so that the open-file limit, not a setting, is what stops it:
 * {@code FIREGRID_MQTT_MAX_CONNECTIONS} above the limit, {@code FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS}
 * (the load processes share loopback source addresses), {@code FIREGRID_MQTT_CONNECT_RATE} and
 * {@code _BURST} (so that 20,000 CONNECTs take seconds, not 200 s at the default 100/s). Its devices
 * are one registered through the API and copied in its store while it is stopped
 * ({@link #copyDevice}): each has its own name, all the same password.
 */
public final class ConnectionMemoryBench {

    private static final String TENANT = "conn";
    private static final String TOKEN = "bench-connections-admin-token";
    /** Files kept free below the limit: log rotation, a database file, the HTTP requests of the harness. */
    private static final int SPARE_FILES = 64;
    private static final long CONNECT_TIMEOUT_MS = 600_000;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern FD_LIMIT = Pattern.compile("Max open files\\s+(\\d+)");

    private final List<String> counts = new ArrayList<>(List.of("1000", "5000", "10000", "max"));
    private int perProcess = 5000;
    private int iterations = 1000;
    private String heap = "2g";
    private boolean skipMosquitto;
    private final SecureRandom random = new SecureRandom();

    public static int run(String[] args) throws Exception {
        ConnectionMemoryBench b = new ConnectionMemoryBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--counts" -> {
                    b.counts.clear();
                    b.counts.addAll(List.of(args[++i].split(",")));
                }
                case "--per-process" -> b.perProcess = Integer.parseInt(args[++i]);
                case "--password-iterations" -> b.iterations = Integer.parseInt(args[++i]);
                case "--heap" -> b.heap = args[++i];
                case "--no-mosquitto" -> b.skipMosquitto = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: connections [--counts 1000,5000,10000,max]"
                            + " [--per-process N] [--password-iterations I] [--heap 2g] [--no-mosquitto]");
                    return 2;
                }
            }
        }
        if (!b.skipMosquitto && !MosquittoBroker.installed()) {
            System.err.println("connections: no " + MosquittoBroker.BINARY + "; run scripts/install-test-deps.sh (or pass --no-mosquitto)");
            return 2;
        }
        return BenchDir.run("connections", b::measure);
    }

    /** One reading of a target's memory with {@code connections} open; heap -1 where there is none (Mosquitto). */
    private record Step(int connections, long heapBytes, long rssBytes, int files) {
    }

    private void measure(Path dir) throws Exception {
        System.out.println("machine: " + Machine.describe() + "; load average " + Machine.loadAverage());
        int limit = openFileLimit(ProcessHandle.current().pid());
        System.out.printf(Locale.ROOT, "open files per process (ulimit -n, inherited by the targets and the load processes): %d;"
                + " idle MQTT 5 connections, keep-alive %d s; at most %d per load process%n", limit,
                LoadDevices.KEEP_ALIVE_SECONDS, perProcess);
        // enough devices for the largest count: with "max", as many as the open-file limit
        int devicesNeeded = 0;
        for (String c : counts) {
            devicesNeeded = Math.max(devicesNeeded, c.equals("max") ? limit : Integer.parseInt(c));
        }
        // every device its own name; one password for all, as the gateway's devices are copies of one (below)
        String password = HexFormat.of().formatHex(bytes());
        List<LoadFleet.Device> fleet = new ArrayList<>();
        List<String> passwordLines = new ArrayList<>();
        for (int i = 1; i <= devicesNeeded; i++) {
            String id = String.format(Locale.ROOT, "dev-%05d", i);
            fleet.add(new LoadFleet.Device(id + "@" + TENANT, password));
            passwordLines.add(id + "@" + TENANT + ":" + password);
        }
        List<Step> mosquitto = List.of();
        if (!skipMosquitto) {
            Path passwords = dir.resolve("mosquitto/passwords");
            Files.createDirectories(passwords.getParent());
            Files.write(passwords, passwordLines);
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("mosquitto"), passwords)) {
                mosquitto = steps("mosquitto", broker.pid(), broker.port(), fleet, dir.resolve("m"), false);
            }
        }
        List<Step> gateway;
        Map<String, String> settings = Map.of(
                "FIREGRID_MQTT_MAX_CONNECTIONS", String.valueOf(limit + 1000),
                "FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(limit),
                "FIREGRID_MQTT_CONNECT_RATE", "2000",
                "FIREGRID_MQTT_CONNECT_BURST", "2000");
        Path data = dir.resolve("gateway");
        try (GatewayProcess gw = GatewayProcess.start(data, TOKEN, 0, 0, iterations, dir.resolve("gateway.log"))) {
            new GatewayApi(gw.httpPort, TOKEN).register(List.of(new JsonObject().put("tenant", TENANT).put("id", "dev-00001")
                    .put("password", password)
                    .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke")))));
        }
        copyDevice(data, devicesNeeded);
        try (GatewayProcess gw = GatewayProcess.start(data, TOKEN, 0, 0, iterations, dir.resolve("gateway.log"),
                List.of("-Xmx" + heap), settings)) {
            System.err.printf("gateway: pid %d, mqtt %d, %d devices%n", gw.pid(), gw.mqttPort, devicesNeeded);
            gateway = steps("gateway", gw.pid(), gw.mqttPort, fleet, dir.resolve("g"), true);
        }
        System.out.println();
        System.out.println("target       connections   heap after GC        RSS   open files   heap/conn   RSS/conn  (over the step with none)");
        print("mosquitto", mosquitto);
        print("gateway", gateway);
        extrapolate(gateway);
    }

    /** Opens connections step by step up to each count and reads the target's memory at each. */
    private List<Step> steps(String target, long pid, int port, List<LoadFleet.Device> devices, Path dir, boolean jvm)
            throws Exception {
        Files.createDirectories(dir);
        List<Step> steps = new ArrayList<>();
        steps.add(read(target, pid, 0, jvm));
        int max = openFileLimit(pid) - steps.get(0).files() - SPARE_FILES;
        List<Integer> targets = new ArrayList<>();
        for (String c : counts) {
            targets.add(c.equals("max") ? max : Math.min(max, Integer.parseInt(c)));
        }
        targets.sort(null);
        System.err.printf("%s: pid %d holds %d files with no connection; its limit is %d, so at most %d connections here%n",
                target, pid, steps.get(0).files(), openFileLimit(pid), max);
        List<LoadFleet> fleets = new ArrayList<>();
        try {
            int open = 0;
            for (int n : targets) {
                if (n <= open) {
                    continue;
                }
                List<LoadFleet.Device> more = devices.subList(open, n);
                int processes = (more.size() + perProcess - 1) / perProcess;
                System.err.printf("%s: opening %d more connections (%d load process(es)) ...%n", target, more.size(), processes);
                Files.createDirectories(dir.resolve("step-" + n));
                // --burst without "go": the devices connect, then only ping
                LoadFleet f = LoadFleet.start(more, processes, port, List.of("--burst", "1"),
                        CONNECT_TIMEOUT_MS / 1000 + 3600, dir.resolve("step-" + n));
                fleets.add(f);
                f.awaitConnected(CONNECT_TIMEOUT_MS);
                LoadCounts c = f.report("connect");
                if (!c.refusals.isEmpty()) {
                    System.err.println(target + ": refusals while connecting (retried): " + c.refusals);
                }
                open = n;
                steps.add(read(target, pid, open, jvm));
            }
        } finally {
            fleets.forEach(LoadFleet::close);
        }
        return steps;
    }

    /**
     * Copies device {@code dev-00001}, registered through the API, to {@code dev-00002} ... in the
     * stopped gateway's store: registering 20,000 devices one by one through the API takes many
     * minutes on a busy 2-core machine, and what a registered device costs is not what is measured.
     */
    private static void copyDevice(Path data, int devices) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("firegrid.db"));
             PreparedStatement ps = c.prepareStatement("""
                     WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                     INSERT INTO devices(tenant, device, site, sensors, password_hash, registered_at, max_silence_s, location)
                     SELECT tenant, printf('dev-%05d', i), site, sensors, password_hash, registered_at, max_silence_s, location
                     FROM devices, n WHERE tenant = ? AND device = 'dev-00001'""")) {
            ps.setInt(1, devices);
            ps.setString(2, TENANT);
            int copied = ps.executeUpdate();
            if (copied != devices - 1) {
                throw new IllegalStateException("copied dev-00001 " + copied + " times, not " + (devices - 1));
            }
        }
    }

    private Step read(String target, long pid, int connections, boolean jvm) throws IOException, InterruptedException {
        long heapBytes = jvm ? heapAfterGc(pid) : -1;
        Step s = new Step(connections, heapBytes, rss(pid), files(pid));
        System.err.printf(Locale.ROOT, "%s: %d connections: heap %s, RSS %.1f MiB, %d open files; load average %s%n", target,
                connections, heapBytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", heapBytes / 1048576.0),
                s.rssBytes() / 1048576.0, s.files(), Machine.loadAverage());
        return s;
    }

    private static void print(String target, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        Step none = steps.get(0);
        for (Step s : steps) {
            String perHeap = s.connections() == 0 || s.heapBytes() < 0 ? "" : String.format(Locale.ROOT, "%7.1f KiB",
                    (s.heapBytes() - none.heapBytes()) / 1024.0 / s.connections());
            String perRss = s.connections() == 0 ? "" : String.format(Locale.ROOT, "%7.1f KiB",
                    (s.rssBytes() - none.rssBytes()) / 1024.0 / s.connections());
            System.out.printf(Locale.ROOT, "%-12s %11d   %13s   %8.1f MiB   %10d   %9s  %9s%n", target, s.connections(),
                    s.heapBytes() < 0 ? "-" : String.format(Locale.ROOT, "%9.1f MiB", s.heapBytes() / 1048576.0),
                    s.rssBytes() / 1048576.0, s.files(), perHeap, perRss);
        }
    }

    /** The heap at 20,000 connections: the heap with none plus 20,000 times the cost per connection of the largest step. */
    private static void extrapolate(List<Step> steps) {
        Step none = steps.get(0);
        Step last = steps.get(steps.size() - 1);
        if (last.connections() == 0) {
            return;
        }
        double perConnection = (double) (last.heapBytes() - none.heapBytes()) / last.connections();
        double at20k = none.heapBytes() + 20_000 * perConnection;
        double rssAt20k = none.rssBytes() + 20_000 * (double) (last.rssBytes() - none.rssBytes()) / last.connections();
        System.out.printf(Locale.ROOT, "gateway at 20,000 connections (from %d): heap after GC %.0f MiB (%.1f %% of the 2 GiB target),"
                        + " RSS %.0f MiB; needs 20,000 + %d open files%n", last.connections(), at20k / 1048576.0,
                at20k * 100 / (2048.0 * 1048576), rssAt20k / 1048576.0, none.files());
    }

    /** Heap in use after a full collection, from {@code jcmd PID GC.run} then {@code jcmd PID GC.heap_info}. */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd " + pid + " GC.heap_info: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static int files(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** The soft limit on open files of a process, from {@code /proc/PID/limits}. */
    static int openFileLimit(long pid) throws IOException {
        Matcher m = FD_LIMIT.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "limits")));
        if (!m.find()) {
            throw new IllegalStateException("no open-file limit in /proc/" + pid + "/limits");
        }
        return Integer.parseInt(m.group(1));
    }

    private byte[] bytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }
}
