package io.firegrid.bench.load;

import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.latency.MosquittoBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./firegrid bench ingest}: how many QoS 1 readings a second the gateway takes from N
 * devices, each with its own credentials sending R readings as fast as its PUBACKs come back,
 * against Debian's Mosquitto under the same load in the same run. Mosquitto (its own config, a
 * password file with the same devices, loopback, stopped by PID) runs first, then the gateway in
 * its own process; the devices run in load processes of their own ({@code bench load-devices
 * --burst}). Prints, per target, readings/s (acknowledged readings over the time from the start
 * to the last PUBACK), PUBACK latency percentiles, the CPU time the target's process used per
 * 1,000 readings (a figure that depends little on other work on the machine), and the gateway's
 * ratios to Mosquitto. See
 * bench/README.md.
 */
public final class IngestBench {

    private static final String TENANT = "ingest";
    private static final String TOKEN = "bench-ingest-admin-token";
    private static final long CONNECT_TIMEOUT_MS = 300_000;
    private static final long BURST_TIMEOUT_MS = 600_000;

    private int devices = 1000;
    private long readings = 100;
    private int window = 1;
    private int rounds = 1;
    private int processes = 1;
    private int iterations = 10_000;
    private Path jfr;
    private boolean skipMosquitto;
    private final SecureRandom random = new SecureRandom();

    public static int run(String[] args) throws Exception {
        IngestBench b = new IngestBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> b.devices = Integer.parseInt(args[++i]);
                case "--readings" -> b.readings = Long.parseLong(args[++i]);
                case "--window" -> b.window = Integer.parseInt(args[++i]);
                case "--rounds" -> b.rounds = Integer.parseInt(args[++i]);
                case "--processes" -> b.processes = Integer.parseInt(args[++i]);
                case "--password-iterations" -> b.iterations = Integer.parseInt(args[++i]);
                case "--jfr" -> b.jfr = Path.of(args[++i]).toAbsolutePath();
                case "--no-mosquitto" -> b.skipMosquitto = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: ingest [--devices N] [--readings R] [--window W]"
                            + " [--rounds K] [--processes P] [--password-iterations I] [--jfr FILE] [--no-mosquitto]");
                    return 2;
                }
            }
        }
        if (!b.skipMosquitto && !MosquittoBroker.installed()) {
            System.err.println("ingest: no " + MosquittoBroker.BINARY + "; run scripts/install-test-deps.sh (or pass --no-mosquitto)");
            return 2;
        }
        return BenchDir.run("ingest", b::measure);
    }

    private record Result(String target, LoadCounts counts, double seconds, double cpuSeconds) {
        double rate() {
            return counts.acked / seconds;
        }

        /** CPU time the target's process used per 1,000 acknowledged readings, in ms: unlike msg/s, it hardly depends on what else runs. */
        double cpuPerThousand() {
            return cpuSeconds * 1e6 / counts.acked;
        }

        String line() {
            return String.format(Locale.ROOT, "%-10s %9.0f msg/s  %8d acked in %6.2f s  PUBACK mean %7.1f ms  p50 %7.1f  p90 %7.1f"
                            + "  p99 %7.1f  max %7.1f ms  CPU %.0f ms/1000 msgs  refused %s", target, rate(), counts.acked, seconds,
                    counts.acks.meanMillis(), counts.acks.quantileMillis(0.5), counts.acks.quantileMillis(0.9),
                    counts.acks.quantileMillis(0.99), counts.acks.maxMillis(), cpuPerThousand(), counts.refusals.isEmpty() ? "none" : counts.refusals);
        }
    }

    private void measure(Path dir) throws Exception {
        System.out.println("machine: " + Machine.describe() + "; load average " + Machine.loadAverage());
        System.out.printf(Locale.ROOT, "load: %d devices x %d QoS 1 readings, window %d, %d load process(es), %d round(s)%n",
                devices, readings, window, processes, rounds);
        List<LoadFleet.Device> fleet = new ArrayList<>();
        List<String> passwordLines = new ArrayList<>();
        List<JsonObject> registrations = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            String id = String.format(Locale.ROOT, "dev-%05d", i);
            String password = HexFormat.of().formatHex(bytes());
            fleet.add(new LoadFleet.Device(id + "@" + TENANT, password));
            passwordLines.add(id + "@" + TENANT + ":" + password);
            registrations.add(new JsonObject().put("tenant", TENANT).put("id", id).put("password", password)
                    .put("sensors", new JsonArray().add(new JsonObject().put("id", "hydrant-1").put("kind", "pressure"))));
        }
        List<Result> mosquitto = new ArrayList<>();
        List<Result> gateway = new ArrayList<>();
        if (!skipMosquitto) {
            Path passwords = dir.resolve("mosquitto/passwords");
            Files.createDirectories(passwords.getParent());
            Files.write(passwords, passwordLines);
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("mosquitto"), passwords)) {
                for (int r = 1; r <= rounds; r++) {
                    mosquitto.add(burst("mosquitto", fleet, broker.port(), broker.pid(), dir.resolve("m" + r)));
                    System.out.println(mosquitto.get(mosquitto.size() - 1).line());
                }
            }
        }
        List<String> jvm = jfr == null ? List.of()
                : List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        jvm = GatewayProcess.withBenchOptions(jvm); // FIREGRID_BENCH_GATEWAY_JAVA_OPTS, as `bench load` takes them
        try (GatewayProcess gw = GatewayProcess.start(dir.resolve("gateway"), TOKEN, 0, 0, iterations,
                dir.resolve("gateway.log"), jvm)) {
            GatewayApi api = new GatewayApi(gw.httpPort, TOKEN);
            System.err.printf("gateway: pid %d, mqtt %d; registering %d devices ...%n", gw.pid(), gw.mqttPort, devices);
            api.register(registrations);
            for (int r = 1; r <= rounds; r++) {
                gateway.add(burst("gateway", fleet, gw.mqttPort, gw.pid(), dir.resolve("g" + r)));
                System.out.println(gateway.get(gateway.size() - 1).line());
            }
        }
        if (!mosquitto.isEmpty()) {
            for (int r = 0; r < rounds; r++) {
                Result m = mosquitto.get(r);
                Result g = gateway.get(r);
                System.out.printf(Locale.ROOT, "round %d: gateway/mosquitto throughput %.2fx, mean PUBACK %.1f vs %.1f ms,"
                                + " p99 %.1f vs %.1f ms, CPU per message %s%n", r + 1, g.rate() / m.rate(),
                        g.counts.acks.meanMillis(), m.counts.acks.meanMillis(), g.counts.acks.quantileMillis(0.99),
                        m.counts.acks.quantileMillis(0.99), m.cpuPerThousand() > 0
                                ? String.format(Locale.ROOT, "%.1fx", g.cpuPerThousand() / m.cpuPerThousand())
                                : "not measurable (Mosquitto's CPU time rounds to 0: run more readings)");
            }
        }
    }

    /** One burst: the devices connect, wait for every one, then all send their readings; returns the counts. */
    private Result burst(String target, List<LoadFleet.Device> devices, int port, long pid, Path dir) throws Exception {
        Files.createDirectories(dir);
        System.err.printf("%s: connecting %d devices ...%n", target, devices.size());
        try (LoadFleet fleet = LoadFleet.start(devices, processes, port, List.of("--burst", String.valueOf(readings),
                "--window", String.valueOf(window)), (CONNECT_TIMEOUT_MS + BURST_TIMEOUT_MS) / 1000, dir)) {
            fleet.awaitConnected(CONNECT_TIMEOUT_MS);
            fleet.report("connect");
            System.err.printf("%s: %d readings each, go ...%n", target, readings);
            long cpuBefore = cpuNanos(pid);
            fleet.send("go");
            double seconds = 0;
            for (String done : fleet.await("done ", BURST_TIMEOUT_MS)) {
                seconds = Math.max(seconds, Double.parseDouble(done.split(" ")[2]));
            }
            double cpu = (cpuNanos(pid) - cpuBefore) / 1e9;
            return new Result(target, fleet.report("burst"), seconds, cpu);
        }
    }

    /** CPU time (user and system) the process has used so far. */
    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(java.time.Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid));
    }

    private byte[] bytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }
}
