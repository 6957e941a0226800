package io.firegrid.bench.load;

import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.latency.MosquittoBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./firegrid bench tsung}: the ingest load of {@code bench ingest} driven by Debian's tsung
 * instead of the project's own load generator, so that a recognised tool measures the same ratio.
 * N MQTT clients, each with its own user name and password, connect (Poisson arrivals at 100 a
 * second, the gateway's default CONNECT rate), wait until all are connected, then each publishes R QoS 1 readings, the
 * next after the PUBACK of the one before. The same scenario ({@code bench/tsung/qos1-readings.xml})
 * runs first against Debian's Mosquitto (own config on a free loopback port, a password file with
 * the same clients, no persistence), then against the gateway in its own process as {@code bench
 * ingest} starts it, its devices registered through the API. Figures come from tsung's own
 * statistics ({@code tsung.log} in each run's log directory; {@code tsung_stats.pl} there draws
 * the HTML report): PUBLISH -> PUBACK transactions (mean, max), PUBACKs counted by tsung, and the
 * burst's duration (the longest client's burst: all start when tsung releases its global wait).
 * Loopback only; everything it starts is stopped by PID.
 */
public final class TsungBench {

    static final Path TSUNG = Path.of("/usr/bin/tsung");
    private static final String TENANT = "tsung";
    private static final String TOKEN = "bench-tsung-admin-token";
    /**
     * Clients per loopback source address. The gateway's login throttle counts a password check as a
     * failure from the moment it starts (docs/overload.md), so 20 checks at once from one address are
     * delayed like 20 failures; 10 per address keeps tsung's arrivals clear of it.
     */
    private static final int PER_SOURCE_ADDRESS = 10;
    /** tsung's arrival rate: the gateway's default CONNECT rate ({@code FIREGRID_MQTT_CONNECT_RATE}). */
    private static final int ARRIVALS_PER_SECOND = 100;
    private static final long RUN_TIMEOUT_SECONDS = 900;

    private int clients = 1000;
    private int readings = 100;
    /** PBKDF2 iterations of the gateway's device passwords: the least it takes, so that CONNECTs on a busy machine keep up. */
    private int iterations = 1000;
    private boolean skipMosquitto;
    private Path scenario;
    private final SecureRandom random = new SecureRandom();

    public static int run(String[] args) throws Exception {
        TsungBench b = new TsungBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> b.clients = Integer.parseInt(args[++i]);
                case "--readings" -> b.readings = Integer.parseInt(args[++i]);
                case "--password-iterations" -> b.iterations = Integer.parseInt(args[++i]);
                case "--scenario" -> b.scenario = Path.of(args[++i]).toAbsolutePath();
                case "--no-mosquitto" -> b.skipMosquitto = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: tsung [--clients N] [--readings R]"
                            + " [--password-iterations I] [--scenario FILE] [--no-mosquitto]");
                    return 2;
                }
            }
        }
        if (!Files.isExecutable(TSUNG)) {
            System.err.println("tsung: no " + TSUNG + "; install Debian's tsung (apt-get install tsung), or run bench/tsung/run.sh,"
                    + " which installs it");
            return 2;
        }
        if (!b.skipMosquitto && !MosquittoBroker.installed()) {
            System.err.println("tsung: no " + MosquittoBroker.BINARY + "; run scripts/install-test-deps.sh (or pass --no-mosquitto)");
            return 2;
        }
        if (b.scenario == null) {
            b.scenario = repository().resolve("bench/tsung/qos1-readings.xml");
        }
        return BenchDir.run("tsung", b::measure);
    }

    private void measure(Path dir) throws Exception {
        System.out.println("machine: " + Machine.describe() + "; load average " + Machine.loadAverage());
        System.out.println("tsung: " + version() + "; " + clients + " MQTT 3.1 clients x " + readings
                + " QoS 1 readings, each after the PUBACK of the one before; scenario " + scenario);
        List<String> csv = new ArrayList<>();
        List<String> passwordLines = new ArrayList<>();
        List<JsonObject> registrations = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String id = String.format(Locale.ROOT, "dev-%05d", i);
            String password = HexFormat.of().formatHex(bytes());
            csv.add(id + "@" + TENANT + ";" + password);
            passwordLines.add(id + "@" + TENANT + ":" + password);
            registrations.add(new JsonObject().put("tenant", TENANT).put("id", id).put("password", password)
                    .put("sensors", new JsonArray().add(new JsonObject().put("id", "hydrant-1").put("kind", "pressure"))));
        }
        Path devices = dir.resolve("devices.csv");
        Files.write(devices, csv);
        TsungStats mosquitto = null;
        if (!skipMosquitto) {
            Path passwords = dir.resolve("mosquitto/passwords");
            Files.createDirectories(passwords.getParent());
            Files.write(passwords, passwordLines);
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("mosquitto"), passwords)) {
                mosquitto = tsung("mosquitto", broker.port(), broker.pid(), devices, dir.resolve("tsung-mosquitto"));
                System.out.println(mosquitto.line("mosquitto"));
            }
        }
        TsungStats gateway;
        try (GatewayProcess gw = GatewayProcess.start(dir.resolve("gateway"), TOKEN, 0, 0, iterations,
                dir.resolve("gateway.log"))) {
            GatewayApi api = new GatewayApi(gw.httpPort, TOKEN);
            System.err.printf("gateway: pid %d, mqtt %d; registering %d devices ...%n", gw.pid(), gw.mqttPort, clients);
            api.register(registrations);
            gateway = tsung("gateway", gw.mqttPort, gw.pid(), devices, dir.resolve("tsung-gateway"));
            System.out.println(gateway.line("gateway"));
            System.out.println("gateway refusals in /metrics: " + api.refusedByCode());
        }
        if (mosquitto != null) {
            System.out.printf(Locale.ROOT, "gateway/mosquitto throughput %.2fx, mean PUBACK %.1f vs %.1f ms, max %.1f vs %.1f ms,"
                            + " CPU per message %.1fx%n", gateway.rate() / mosquitto.rate(), gateway.puback().mean(),
                    mosquitto.puback().mean(), gateway.puback().max(), mosquitto.puback().max(),
                    gateway.targetCpuPerThousand() / mosquitto.targetCpuPerThousand());
        }
    }

    /**
     * Runs the scenario against one target and returns tsung's statistics of the run, with the CPU
     * time the target and tsung's own Erlang VM used over the whole run (connects included).
     */
    private TsungStats tsung(String target, int port, long pid, Path devices, Path logs) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path xml = logs.resolve("scenario.xml");
        Files.writeString(xml, scenario(port, devices));
        System.err.printf("%s: tsung, %d clients arriving at %d/s, then %d readings each ...%n", target, clients,
                ARRIVALS_PER_SECOND, readings);
        Process p = new ProcessBuilder(TSUNG.toString(), "-f", xml.toString(), "-l", logs.toString(), "start")
                .redirectErrorStream(true).redirectOutput(logs.resolve("tsung.out").toFile()).start();
        long targetCpuBefore = cpuNanos(pid);
        // tsung's VM is gone once it exits: its CPU time is read while it runs, the last reading kept
        long tsungCpu = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_SECONDS);
        while (!p.waitFor(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            tsungCpu = Math.max(tsungCpu, p.descendants().mapToLong(TsungBench::cpuNanos).sum());
        }
        long targetCpu = cpuNanos(pid) - targetCpuBefore;
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("tsung against " + target + " still running after " + RUN_TIMEOUT_SECONDS + " s");
        }
        Path log;
        try (Stream<Path> runs = Files.list(logs)) {
            log = runs.filter(Files::isDirectory).map(d -> d.resolve("tsung.log")).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new IllegalStateException("tsung wrote no tsung.log under " + logs + " (exit "
                            + p.exitValue() + "; see " + logs.resolve("tsung.out") + ")"));
        }
        TsungStats stats = TsungStats.read(log).withCpu(targetCpu, tsungCpu);
        long expected = (long) clients * readings;
        if (stats.count("mqtt_server_pubacked") < expected) {
            System.out.println(target + ": only " + stats.count("mqtt_server_pubacked") + " of " + expected
                    + " readings acknowledged; tsung errors " + stats.errors() + "; see " + log);
        }
        return stats;
    }

    /** The scenario with this run's port, clients, source addresses and files filled in. */
    String scenario(int port, Path devices) throws IOException {
        StringBuilder ips = new StringBuilder();
        int addresses = (clients + PER_SOURCE_ADDRESS - 1) / PER_SOURCE_ADDRESS;
        for (int a = 0; a < addresses; a++) {
            ips.append("      <ip value=\"127.0.").append((2 + a) / 256).append('.').append((2 + a) % 256).append("\"/>\n");
        }
        // tsung's arrivals are a Poisson process: a phase twice as long as needed gets every client in
        // (maxnumber stops it there), so that the global wait releases
        int arrivalSeconds = 2 * (clients + ARRIVALS_PER_SECOND - 1) / ARRIVALS_PER_SECOND + 10;
        return Files.readString(scenario)
                .replace("@CLIENT_IPS@", ips.toString().stripTrailing())
                .replace("@MAXUSERS@", String.valueOf(clients + 1))
                .replace("@PORT@", String.valueOf(port))
                .replace("@ARRIVAL_SECONDS@", String.valueOf(arrivalSeconds))
                .replace("@ARRIVAL_RATE@", String.valueOf(ARRIVALS_PER_SECOND))
                .replace("@CLIENTS@", String.valueOf(clients))
                .replace("@DEVICES_CSV@", devices.toString())
                .replace("@READINGS@", String.valueOf(readings))
                .replace("@TS@", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    /** CPU time (user and system) a process has used so far; 0 once it is gone. */
    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).map(TsungBench::cpuNanos).orElse(0L);
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder(TSUNG.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? "tsung" : out;
        } catch (IOException e) {
            return "tsung (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "tsung (version unknown)";
        }
    }

    /** The repository root: two levels above bench/target, where the bench jar or its classes are. */
    static Path repository() {
        Path bench = Path.of(TsungBench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toAbsolutePath();
        return bench.getParent().getParent().getParent();
    }

    private byte[] bytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }
}
