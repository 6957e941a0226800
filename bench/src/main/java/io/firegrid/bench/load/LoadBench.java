package io.firegrid.bench.load;

import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.tls.TlsBench;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * {@code ./firegrid bench load}: how fast a fire alarm gets through while the gateway carries N
 * devices' telemetry, and (with {@code --storm}) how it comes back from a {@code kill -9} with all
 * of them reconnecting at once. The gateway, and the devices in groups of at most 5,000, run in
 * processes of their own; a smoke probe in this JVM measures PUBLISH to the alarm on the live
 * stream, first with no device load (the baseline), then under load, then through the storm.
 * See bench/README.md.
 */
public final class LoadBench {

    /** Gateway counters read before and after the steady phase: what it stored and held. */
    static final String[] STEADY_METRICS = {"firegrid_messages_total", "firegrid_mqtt_paused_total",
        "firegrid_mqtt_resumed_total", "firegrid_mqtt_hold_expired_total"};
    static final String TENANT = "load";
    private static final String TOKEN = "bench-load-admin-token";
    private static final String PROBE = "probe";
    private static final int IDLE_SECONDS = 15;
    /** Probes before the baseline, not counted: the gateway's and the probe's code paths compiled by the JIT. */
    private static final int WARMUP_SECONDS = 5;
    /** Load without measurement between the last device connecting and the steady phase. */
    static final int SETTLE_SECONDS = 5;
    private static final long CONNECT_TIMEOUT_MS = 300_000;
    /** The storm is given up (and reported as not recovered) this long after the kill. */
    private static final long STORM_TIMEOUT_MS = 150_000;

    private final LoadOptions o;
    private final SecureRandom random = new SecureRandom();

    private LoadBench(LoadOptions o) {
        this.o = o;
    }

    public static int run(String[] args) throws Exception {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path dir = Files.createTempDirectory("firegrid-bench-load-");
        // Ctrl-C or a kill of this JVM: the gateway and the load processes go with it
        Thread reaper = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(reaper);
        boolean keep = System.getenv("FIREGRID_BENCH_KEEP") != null;
        try {
            int code = new LoadBench(o).measure(dir);
            if (keep) {
                System.err.println("logs kept in " + dir);
            } else {
                delete(dir);
            }
            return code;
        } catch (IllegalStateException e) {
            System.err.println("load: " + e.getMessage() + "; the gateway's and the load processes' logs are in " + dir);
            return 1;
        }
    }

    private int measure(Path dir) throws Exception {
        LoadReport report = new LoadReport(o);
        report.machine(Machine.describe(), Machine.loadAverage());
        Path data = dir.resolve("gateway");
        Path log = dir.resolve("gateway.log");
        GcLog gc = new GcLog(dir.resolve("gateway-gc.log"));
        report.gcLog(gc);
        // with --tls the devices use the MQTT over TLS port, its certificate from the site CA the gateway makes in data/
        GatewayProcess gw = GatewayProcess.start(data, TOKEN, 0, 0, o.passwordIterations(), log, jvmOptions(gc),
                o.tls() ? Map.of("FIREGRID_MQTTS_PORT", "0") : Map.of());
        int devicePort = o.tls() ? gw.mqttsPort : gw.mqttPort;
        SSLContext tls = o.tls() ? TlsBench.trusting(data.resolve("ca.pem")) : null;
        LoadFleet fleet = null;
        Probe probe = null;
        try {
            GatewayApi api = new GatewayApi(gw.httpPort, TOKEN);
            String probePassword = password();
            List<LoadFleet.Device> devices = new ArrayList<>();
            List<JsonObject> registrations = new ArrayList<>();
            registrations.add(device(PROBE, probePassword, Probe.SENSOR, "smoke"));
            for (int i = 1; i <= o.devices(); i++) {
                String id = String.format(Locale.ROOT, "dev-%05d", i);
                String password = password();
                devices.add(new LoadFleet.Device(id + "@" + TENANT, password));
                registrations.add(device(id, password, "hydrant-1", "pressure"));
            }
            System.err.printf("gateway: pid %d, http %d, mqtt %d%s; registering %d devices ...%n", gw.pid(), gw.httpPort,
                    gw.mqttPort, o.tls() ? ", mqtts " + gw.mqttsPort : "", registrations.size());
            // a duty officer, so that the probe's alarms (its device has no site) are routed as in a community
            api.addPerson(new JsonObject().put("tenant", TENANT).put("id", "duty").put("name", "Duty Officer")
                    .put("role", "duty-officer"));
            long t = System.nanoTime();
            api.register(registrations);
            report.registered(registrations.size(), (System.nanoTime() - t) / 1e9);

            probe = new Probe(api, devicePort, tls, TENANT, PROBE, probePassword);
            System.err.printf("probing with no device load, %d s warm-up and %d s measured ...%n", WARMUP_SECONDS, IDLE_SECONDS);
            probePhase(probe, "warm-up", WARMUP_SECONDS * 1000L);
            report.probe(probePhase(probe, "idle (no device load)", IDLE_SECONDS * 1000L));

            long budget = 60 + CONNECT_TIMEOUT_MS / 1000 + o.seconds() + (o.storm() ? STORM_TIMEOUT_MS / 1000 + 30 : 0);
            List<String> loadOptions = new ArrayList<>(List.of("--rate", String.valueOf(o.rate())));
            if (o.tls()) {
                loadOptions.addAll(List.of("--tls-ca", data.resolve("ca.pem").toString(), "--tls-client", o.tlsClient()));
            }
            fleet = LoadFleet.start(devices, o.processes(), devicePort, loadOptions, budget, dir, o.loadNice());
            System.err.printf("connecting %d devices from %d load process(es) ...%n", o.devices(), o.processes());
            report.connected(fleet.awaitConnected(CONNECT_TIMEOUT_MS));
            Thread.sleep(SETTLE_SECONDS * 1000L); // the backlog of readings sent while others were still connecting
            report.connectPhase(fleet.report("connect"));

            System.err.printf("steady load and probe, %d s ...%n", o.seconds());
            double[] before = api.metrics(STEADY_METRICS);
            CpuSplit.Snapshot split = CpuSplit.take(gw, fleet);
            long steadyStart = System.nanoTime();
            report.probe(probePhase(probe, "steady load", o.seconds() * 1000L));
            CpuSplit.Snapshot splitEnd = CpuSplit.take(gw, fleet);
            java.time.Duration cpu = splitEnd.gateway().minus(split.gateway());
            report.machineSteady(CpuSplit.describe(split, splitEnd, (System.nanoTime() - steadyStart) / 1e9));
            report.steady(fleet.report("steady"), fleet.connected(), api.refusedByCode());
            report.gatewaySteady(cpu, STEADY_METRICS, before, api.metrics(STEADY_METRICS), o.seconds());

            if (o.storm()) {
                gw = storm(gw, fleet, probe, api, data, log, report);
            }
            report.print();
            return 0;
        } finally {
            if (probe != null) {
                probe.close();
            }
            if (fleet != null) {
                fleet.close();
            }
            gw.close();
        }
    }

    /** kill -9 with every device connected and publishing; restart on the same data dir and ports; wait for all. */
    private GatewayProcess storm(GatewayProcess gw, LoadFleet fleet, Probe probe, GatewayApi api, Path data, Path log,
                                 LoadReport report) throws Exception {
        System.err.printf("storm: kill -9 of the gateway (pid %d) with %d devices connected ...%n", gw.pid(), fleet.connected());
        long killedAt = System.currentTimeMillis();
        // the restarted gateway's CPU counts from zero: its process is new
        CpuSplit.Snapshot atKill = CpuSplit.take(gw, fleet).withGateway(java.time.Duration.ZERO);
        gw.kill();
        // from the kill on: every probe of the storm row was published to a dead or restarting gateway
        probe.start("storm (kill -9 until all back)", o.probeIntervalMs(), STORM_TIMEOUT_MS + 10_000);
        GatewayProcess restarted = GatewayProcess.restart(gw, data, TOKEN, o.passwordIterations(), log);
        try {
            watchStorm(restarted, data, killedAt, fleet, probe, api, report);
            report.machineStorm(CpuSplit.describe(atKill, CpuSplit.take(restarted, fleet),
                    (System.currentTimeMillis() - killedAt) / 1e3));
            return restarted;
        } catch (Exception | Error e) {
            restarted.close();
            throw e;
        }
    }

    /**
     * Times the restarted gateway's MQTT endpoint, its start completing (HTTP API up), and every
     * device back; the storm window ends when all three have happened and a probe alarm has come
     * through again, or {@value #STORM_TIMEOUT_MS} ms after the kill.
     */
    private void watchStorm(GatewayProcess restarted, Path data, long killedAt, LoadFleet fleet, Probe probe, GatewayApi api,
                            LoadReport report) throws Exception {
        long mqttAt = -1;
        long startedAt = -1;
        long allBack = -1;
        long lastProgress = System.nanoTime();
        while (System.currentTimeMillis() - killedAt < STORM_TIMEOUT_MS) {
            if (!restarted.isAlive()) {
                throw new IllegalStateException("the restarted gateway exited");
            }
            if (mqttAt < 0 && restarted.mqttAccepting()) {
                mqttAt = System.currentTimeMillis();
                System.err.printf(Locale.ROOT, "  MQTT port accepting again %.1f s after the kill%n", (mqttAt - killedAt) / 1e3);
            }
            if (startedAt < 0 && GatewayProcess.started(data)) {
                startedAt = System.currentTimeMillis();
                System.err.printf(Locale.ROOT, "  gateway started (HTTP API up) %.1f s after the kill%n", (startedAt - killedAt) / 1e3);
            }
            // no device can be connected to the new process before its MQTT port took a connection
            allBack = mqttAt < 0 ? -1 : fleet.allConnectedAt(mqttAt);
            if (allBack >= 0 && startedAt >= 0 && probe.measuredSince(killedAt)) {
                break;
            }
            if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                System.err.printf(Locale.ROOT, "  connected %d of %d, %.0f s after the kill%n", fleet.connected(), fleet.size(),
                        (System.currentTimeMillis() - killedAt) / 1e3);
                lastProgress = System.nanoTime();
            }
            Thread.sleep(50);
        }
        Probe.Result during = probe.stop();
        report.probe(during);
        report.storm(since(killedAt, mqttAt), since(killedAt, startedAt), since(killedAt, allBack),
                since(killedAt, during.firstMeasuredAfter(killedAt)), fleet.connected(),
                fleet.size(), fleet.report("storm"), (System.currentTimeMillis() - killedAt) / 1e3, api.refusedByCode());
    }

    /**
     * The gateway's JVM options beyond the heap: its GC log, and {@code FIREGRID_BENCH_GATEWAY_JAVA_OPTS}
     * (space-separated, e.g. {@code -XX:+UseParallelGC}) to compare collectors.
     */
    private static List<String> jvmOptions(GcLog gc) {
        List<String> options = new ArrayList<>(List.of(gc.option()));
        String more = System.getenv("FIREGRID_BENCH_GATEWAY_JAVA_OPTS");
        if (more != null && !more.isBlank()) {
            options.addAll(List.of(more.trim().split("\\s+")));
        }
        return options;
    }

    private static long since(long from, long at) {
        return at < 0 ? -1 : at - from;
    }

    private Probe.Result probePhase(Probe probe, String phase, long millis) throws InterruptedException {
        probe.start(phase, o.probeIntervalMs(), millis);
        Thread.sleep(millis);
        return probe.stop();
    }

    private JsonObject device(String id, String password, String sensor, String kind) {
        JsonObject b = new JsonObject().put("tenant", TENANT).put("id", id).put("password", password)
                .put("sensors", new JsonArray().add(new JsonObject().put("id", sensor).put("kind", kind)));
        return o.passwordKind().equals("generated") ? b.put("passwordKind", "generated") : b;
    }

    /** As the installer makes them (18 random bytes, 24 Base64url characters), or 24 hex digits sent as chosen. */
    private String password() {
        if (o.passwordKind().equals("generated")) {
            byte[] b = new byte[18];
            random.nextBytes(b);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }


    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
