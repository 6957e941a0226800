package io.firegrid.agent.faults;

import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A primary gateway, a secondary gateway and agent processes ({@link LoadAgents}) on loopback, each
 * its own operating-system process, the primary behind a {@link TcpProxy} that stands for the
 * network. The scenarios of {@code FaultHarnessIT} inject faults into it; {@link #check} then
 * compares what the sensors produced with what each gateway stored and alarmed, through the API.
 */
final class FaultHarness implements AutoCloseable {

    static final String TENANT = "t1";
    /** Every event comes from its own detector, so that each raises its own alarm. */
    private static final Map<String, String> GATEWAY_ENV = Map.of("FIREGRID_MAX_UNREGISTERED_SENSORS", "100000");

    private final Path dir;
    private final Path primaryDataDir;
    private final Map<String, String> primaryEnv;
    private final int devicesEach;
    private final long reportingS;
    private final long supervisionS;
    GatewayProcess primary;
    GatewayProcess secondary;
    final TcpProxy toPrimary;
    final List<Agents> agents = new ArrayList<>();

    private FaultHarness(Path dir, Path primaryDataDir, Map<String, String> primaryEnv, int devicesEach, long reportingS,
                         long supervisionS) throws IOException {
        this.dir = dir;
        this.primaryDataDir = primaryDataDir;
        this.primaryEnv = new HashMap<>(GATEWAY_ENV);
        this.primaryEnv.putAll(primaryEnv);
        this.devicesEach = devicesEach;
        this.reportingS = reportingS;
        this.supervisionS = supervisionS;
        primary = GatewayProcess.start(primaryDataDir, log("primary"), this.primaryEnv);
        secondary = GatewayProcess.start(dir.resolve("secondary"), log("secondary"), GATEWAY_ENV);
        toPrimary = new TcpProxy(primary.mqttPort());
    }

    /** Gateways up, {@code processes} x {@code devicesEach} devices registered on both and their agents started. */
    static FaultHarness start(Path dir, int processes, int devicesEach, long reportingS, long supervisionS) throws Exception {
        return start(dir, processes, devicesEach, reportingS, supervisionS, dir.resolve("primary"), Map.of());
    }

    /**
     * As {@link #start(Path, int, int, long, long)}, the primary on {@code primaryDataDir} (a small
     * filesystem, for a full disk) with {@code primaryEnv} added to its environment (InfluxDB).
     */
    static FaultHarness start(Path dir, int processes, int devicesEach, long reportingS, long supervisionS,
                              Path primaryDataDir, Map<String, String> primaryEnv) throws Exception {
        FaultHarness h = new FaultHarness(dir, primaryDataDir, primaryEnv, devicesEach, reportingS, supervisionS);
        for (int p = 1; p <= processes; p++) {
            for (int d = 1; d <= devicesEach; d++) {
                String id = "pi-" + p + "-" + d;
                new HttpCalls(h.primary.httpPort()).registerDevice(TENANT, id);
                new HttpCalls(h.secondary.httpPort()).registerDevice(TENANT, id);
            }
            h.agents.add(h.startAgents("pi-" + p + "-"));
        }
        h.awaitDrained(Duration.ofSeconds(60));
        return h;
    }

    Path log(String name) {
        return Path.of("target", "it-logs", "faults", dir.getFileName() + "-" + name + ".log").toAbsolutePath();
    }

    Agents startAgents(String prefix) throws IOException {
        return new Agents(prefix);
    }

    /** Every agent process starts a burst of {@code n} events per device, one every {@code everyMs}. */
    void burst(int n, long everyMs) {
        agents.forEach(a -> a.command("burst " + n + " " + everyMs));
    }

    /** Every agent process starts sending {@code n} readings messages per device, one every {@code everyMs}, meanwhile. */
    void readings(int n, long everyMs) {
        agents.forEach(a -> a.command("readings " + n + " " + everyMs));
    }

    void awaitReadingsDone(Duration atMost) {
        for (Agents a : agents) {
            a.await(l -> l.equals("readings-done"), atMost);
        }
    }

    /** Steps every agent's wall clock by {@code seconds} (negative: back) for the ts of the messages that follow. */
    void stepClocks(long seconds) {
        for (Agents a : agents) {
            a.command("clock " + seconds);
            a.await(l -> l.equals("clock " + seconds), Duration.ofSeconds(30));
        }
    }

    /** Readings messages produced by every agent, by device: the seqs. */
    Map<String, Set<Long>> readingsProduced() {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (Agents a : agents) {
            for (String[] r : a.readings) {
                out.computeIfAbsent(r[0], k -> new HashSet<>()).add(Long.parseLong(r[1]));
            }
        }
        return out;
    }

    /** A gateway's {@code /health} document, whatever its status code. */
    static JsonObject health(GatewayProcess gw) throws Exception {
        return new JsonObject(new HttpCalls(gw.httpPort()).get("/health").body());
    }

    /** The sum of a gateway's {@code /metrics} samples named {@code name} whose labels contain {@code label}. */
    static double metric(GatewayProcess gw, String name, String label) throws Exception {
        double sum = 0;
        for (String line : new HttpCalls(gw.httpPort()).get("/metrics").body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Appends a line to {@code target/faults-report.md} and prints it. */
    static void report(String line) throws IOException {
        Files.writeString(Path.of("target", "faults-report.md"), line + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(line);
    }

    void awaitBurstDone(Duration atMost) {
        for (Agents a : agents) {
            a.await(l -> l.equals("burst-done"), atMost);
        }
    }

    int produced() {
        return agents.stream().mapToInt(a -> a.produced.size()).sum();
    }

    /** Kills the primary with SIGKILL. */
    void killPrimary() throws InterruptedException {
        primary.kill9();
    }

    /** Starts the primary again on its data directory; returns how long until it accepted connections, in ms. */
    long restartPrimary() throws IOException {
        long t0 = System.nanoTime();
        primary = GatewayProcess.start(primaryDataDir, log("primary"), primaryEnv);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        toPrimary.retarget(primary.mqttPort());
        return ms;
    }

    /** Waits until every device has both paths up and every outbox is empty; returns how long that took, in ms. */
    long awaitDrained(Duration atMost) {
        long t0 = System.nanoTime();
        try {
            awaitAllDrained(atMost);
        } catch (RuntimeException e) {
            dumpMetrics("primary", primary);
            throw e;
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** What a gateway counted about connections and logins, into the test's output: why agents did not come back. */
    private static void dumpMetrics(String name, GatewayProcess gw) {
        try {
            for (String line : new HttpCalls(gw.httpPort()).get("/metrics").body().split("\n")) {
                if (line.startsWith("firegrid_") && (line.contains("login") || line.contains("connect") || line.contains("refus"))
                        && !line.endsWith(" 0.0")) {
                    System.out.println(name + ": " + line);
                }
            }
        } catch (Exception e) {
            System.out.println(name + ": no metrics: " + e);
        }
    }

    private void awaitAllDrained(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Agents a : agents) {
                String[] s = a.status();
                if (!s[1].equals("0") || Integer.parseInt(s[2]) != devicesEach) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Sum of a counter over the agent processes' status: 3 = events copied to the secondary, 4 = telemetry dropped. */
    long agentTotal(int field) {
        return agents.stream().mapToLong(a -> Long.parseLong(a.status()[field])).sum();
    }

    /**
     * Compares what was produced with what each gateway stored; {@code primaryAlive} false when the
     * primary is dead for good and only the secondary can be asked.
     */
    Report check(String scenario, boolean primaryAlive) throws Exception {
        Map<String, Set<Long>> sent = new TreeMap<>();
        for (Agents a : agents) {
            for (String[] p : a.produced) {
                sent.computeIfAbsent(p[0], k -> new HashSet<>()).add(Long.parseLong(p[1]));
            }
        }
        Stored onPrimary = primaryAlive ? stored(primary.httpPort()) : new Stored(Map.of(), 0, 0);
        Stored onSecondary = stored(secondary.httpPort());
        long total = 0;
        long lost = 0;
        long onBoth = 0;
        for (Map.Entry<String, Set<Long>> e : sent.entrySet()) {
            for (long seq : e.getValue()) {
                total++;
                boolean p = onPrimary.seqs.getOrDefault(e.getKey(), List.of()).contains(seq);
                boolean s = onSecondary.seqs.getOrDefault(e.getKey(), List.of()).contains(seq);
                if (!p && !s) {
                    lost++;
                }
                if (p && s) {
                    onBoth++;
                }
            }
        }
        Report r = new Report(scenario, total, onPrimary.count(), onSecondary.count(), onBoth,
                onPrimary.duplicated + onSecondary.duplicated, lost, onPrimary.outOfOrder + onSecondary.outOfOrder,
                agentTotal(4), agentTotal(3), duplicateCopies(primaryAlive ? primary.httpPort() : -1)
                + duplicateCopies(secondary.httpPort()));
        Path table = Path.of("target", "faults-report.md");
        Files.writeString(table, r.row() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println(Report.HEADER + "\n" + r.row());
        return r;
    }

    /** Events produced so far that neither gateway holds yet. */
    long notYetStored() throws Exception {
        Stored onPrimary = stored(primary.httpPort());
        Stored onSecondary = stored(secondary.httpPort());
        long missing = 0;
        for (Agents a : agents) {
            for (String[] p : a.produced) {
                long seq = Long.parseLong(p[1]);
                if (!onPrimary.seqs.getOrDefault(p[0], List.of()).contains(seq)
                        && !onSecondary.seqs.getOrDefault(p[0], List.of()).contains(seq)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** The smoke alarms a gateway holds, by device in the order raised; duplicates and order breaks counted. */
    private record Stored(Map<String, List<Long>> seqs, long duplicated, long outOfOrder) {
        long count() {
            return seqs.values().stream().mapToLong(List::size).sum();
        }
    }

    private static Stored stored(int httpPort) throws Exception {
        List<JsonObject> alarms = new ArrayList<>(new HttpCalls(httpPort).alarms("open"));
        alarms.sort((a, b) -> Long.compare(Long.parseLong(a.getValue("id").toString()), Long.parseLong(b.getValue("id").toString())));
        Map<String, List<Long>> seqs = new HashMap<>();
        long duplicated = 0;
        long outOfOrder = 0;
        for (JsonObject a : alarms) {
            if (!a.getString("sensor").startsWith("smoke-")) {
                continue;
            }
            List<Long> list = seqs.computeIfAbsent(a.getString("device"), k -> new ArrayList<>());
            long seq = a.getLong("seq");
            if (list.contains(seq)) {
                duplicated++;
            }
            if (!list.isEmpty() && list.get(list.size() - 1) > seq) {
                outOfOrder++;
            }
            list.add(seq);
        }
        return new Stored(seqs, duplicated, outOfOrder);
    }

    /** Copies a gateway acknowledged and dropped by (tenant, device, seq), from its /metrics. */
    private static long duplicateCopies(int httpPort) throws Exception {
        if (httpPort < 0) {
            return 0;
        }
        double sum = 0;
        for (String line : new HttpCalls(httpPort).get("/metrics").body().split("\n")) {
            if (line.startsWith("firegrid_messages_total{") && line.contains("outcome=\"duplicate\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    @Override
    public void close() {
        agents.forEach(Agents::kill);
        toPrimary.close();
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    /** One {@link LoadAgents} process. */
    final class Agents {
        final String prefix;
        final List<String[]> produced = new CopyOnWriteArrayList<>();
        final List<String[]> readings = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private Process process;
        private PrintWriter in;

        Agents(String prefix) throws IOException {
            this.prefix = prefix;
            launch();
        }

        private void launch() throws IOException {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                    "-cp", System.getProperty("java.class.path"), LoadAgents.class.getName(), TENANT, prefix,
                    String.valueOf(devicesEach), dir.resolve("agents").toString(), toPrimary.mqttUri(), secondary.mqttUri(),
                    String.valueOf(reportingS), String.valueOf(supervisionS), "1000");
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log("agents-" + prefix).toFile()))
                    .start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            lines.clear();
            Process p = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        if (l.startsWith("produced ")) {
                            String[] w = l.split(" ");
                            produced.add(new String[] {w[1], w[2]});
                        } else if (l.startsWith("reading ")) {
                            String[] w = l.split(" ");
                            readings.add(new String[] {w[1], w[2]});
                        } else {
                            lines.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process died
                }
            }, "agents-" + prefix);
            reader.setDaemon(true);
            reader.start();
            await(l -> l.equals("started"), Duration.ofSeconds(60));
        }

        void command(String line) {
            in.println(line);
        }

        String await(java.util.function.Predicate<String> what, Duration atMost) {
            long end = System.nanoTime() + atMost.toNanos();
            try {
                while (System.nanoTime() < end) {
                    String l = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (l != null && what.test(l)) {
                        return l;
                    }
                    if (l == null && !process.isAlive()) {
                        throw new IllegalStateException("agent process " + prefix + " exited, see " + log("agents-" + prefix));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("agent process " + prefix + " did not answer in " + atMost);
        }

        /** UNDELIVERED CONNECTED FAILED_OVER DROPPED, after the word "status". */
        String[] status() {
            command("status");
            return await(l -> l.startsWith("status "), Duration.ofSeconds(30)).split(" ");
        }

        /** SIGKILL: the agent's power cut. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Power back on: a new process on the same data directory. */
        void powerOn() throws IOException {
            launch();
        }
    }

    /** One scenario's counts, a row of the table in bench/README.md and docs/dual-path.md. */
    record Report(String scenario, long sent, long storedPrimary, long storedSecondary, long onBoth, long duplicated,
                  long lost, long outOfOrder, long droppedTelemetry, long failedOver, long copiesDroppedBySeq) {

        static final String HEADER = "| scenario | events sent | stored on primary | stored on secondary | on both | "
                + "duplicated on one gateway | lost | out of order | telemetry dropped by policy | events failed over "
                + "| copies dropped by seq |";

        String row() {
            return "| " + scenario + " | " + sent + " | " + storedPrimary + " | " + storedSecondary + " | " + onBoth + " | "
                    + duplicated + " | " + lost + " | " + outOfOrder + " | " + droppedTelemetry + " | " + failedOver + " | "
                    + copiesDroppedBySeq + " |";
        }
    }
}
