package io.firegrid.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What the load harness measured, printed as one table at the end (progress goes to stderr meanwhile). */
final class LoadReport {

    private final LoadOptions o;
    private final List<String> head = new ArrayList<>();
    private final List<Probe.Result> probes = new ArrayList<>();
    private final List<String> tail = new ArrayList<>();
    private String machineSteady;
    private GcLog gc;

    LoadReport(LoadOptions o) {
        this.o = o;
    }

    void machine(String machine, String loadAverage) {
        head.add("machine: " + machine + "; load average at the start " + loadAverage);
        head.add(String.format(Locale.ROOT, "settings: %d devices in %d load process(es), MQTT 5 QoS 1%s, %s reading(s)/s each"
                        + " (%s messages/s asked), up to %d awaiting PUBACK per device; %d s steady; smoke probe every %d ms;"
                        + " passwords %s, PBKDF2 iterations %s; gateway -Xmx%s, MQTT limits %s",
                o.devices(), o.processes(), o.tls() ? " over TLS (a full handshake per connect, the devices' TLS " + TlsEngines.describe(o.tlsClient()) + ")" : "", number(o.rate()), number(o.devices() * o.rate()), DeviceConnection.WINDOW,
                o.seconds(), o.probeIntervalMs(), o.passwordKind(),
                o.passwordIterations() == 0 ? "gateway default" : String.valueOf(o.passwordIterations()), GatewayProcess.HEAP,
                mqttLimits()));
        if (o.loadNice() != 0) {
            head.add("load processes run at nice " + o.loadNice() + " (the gateway at 0): the gateway has the CPU first");
        }
        String javaOptions = System.getenv("FIREGRID_BENCH_GATEWAY_JAVA_OPTS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            head.add("gateway JVM options: " + javaOptions.trim());
        }
    }

    /** The FIREGRID_MQTT_* variables the gateway inherits from this process, or "the gateway's defaults". */
    private static String mqttLimits() {
        String set = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("FIREGRID_MQTT_") && !e.getKey().equals("FIREGRID_MQTT_PORT"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(java.util.stream.Collectors.joining(" "));
        return set.isEmpty() ? "the gateway's defaults" : set;
    }

    void registered(int n, double seconds) {
        head.add(String.format(Locale.ROOT, "registered %d devices (POST /api/v1/devices, 16 at once) in %.1f s, %.0f/s",
                n, seconds, n / seconds));
    }

    void connected(double seconds) {
        head.add(String.format(Locale.ROOT, "all %d devices connected in %.1f s (at most 100 connecting at once per process),"
                + " then %d s of load not measured", o.devices(), seconds, LoadBench.SETTLE_SECONDS));
    }

    void connectPhase(LoadCounts c) {
        if (!c.refusals.isEmpty()) {
            head.add("  while connecting: refused " + refused(c.refusals) + "; failed " + failed(c.refusals));
        }
    }

    void probe(Probe.Result r) {
        probes.add(r);
    }

    /** The gateway's GC log, for the pauses within each probe phase. */
    void gcLog(GcLog log) {
        this.gc = log;
    }

    /**
     * What the gateway did in the steady phase: messages stored per second, CPU per stored message
     * (stable when the machine is shared, unlike timings), and holds of readings the store had no
     * room for.
     */
    void gatewaySteady(java.time.Duration cpu, String[] names, double[] before, double[] after, int seconds) {
        if (before == null || after == null) {
            tail.add("  gateway counters                  unavailable (the gateway did not answer /metrics)");
            return;
        }
        double stored = after[0] - before[0];
        tail.add(String.format(Locale.ROOT, "  gateway: messages stored/s        %.0f; CPU %.1f s, %.0f us per message stored",
                stored / seconds, cpu.toMillis() / 1e3, stored == 0 ? 0 : cpu.toNanos() / 1e3 / stored));
        if (machineSteady != null) {
            tail.add("  machine's CPUs (steady phase)     " + machineSteady);
        }
        StringBuilder counts = new StringBuilder("  gateway counters (steady phase)  ");
        for (int i = 1; i < names.length; i++) {
            counts.append(' ').append(names[i].replace("firegrid_", "")).append(' ').append((long) (after[i] - before[i]));
        }
        tail.add(counts.toString());
    }

    /** The machine's CPU in the steady phase, split by process ({@link CpuSplit}). */
    void machineSteady(String split) {
        machineSteady = split;
    }

    void steady(LoadCounts c, int connectedAtEnd, Map<String, Long> gatewayRefusals) {
        tail.add("");
        tail.add(String.format(Locale.ROOT, "telemetry under steady load (%.1f s, PUBLISH -> PUBACK)", c.seconds));
        telemetry(c, c.seconds);
        tail.add("  devices connected at the end      " + connectedAtEnd + " of " + o.devices());
        tail.add("  refused, by MQTT reason code      " + refused(c.refusals));
        tail.add("  connections failed or dropped     " + failed(c.refusals));
        tail.add("  CONNECTs accepted (reconnects)    " + c.connects);
        tail.add("  gateway firegrid_refused_total    " + refusals(gatewayRefusals));
    }

    void storm(long mqttMs, long startedMs, long recoveredMs, long firstAlarmMs, int connected, int total, LoadCounts c, double seconds,
               Map<String, Long> gatewayRefusals) {
        tail.add("");
        tail.add("storm: kill -9 of the gateway with all devices connected and publishing, restart on the same data dir and ports");
        tail.add("  MQTT port accepting again        " + after(mqttMs));
        tail.add("  start complete (HTTP API up)     " + after(startedMs));
        tail.add(recoveredMs < 0
                ? String.format(Locale.ROOT, "  all devices connected again      NOT within %.0f s: %d of %d", seconds, connected, total)
                : String.format(Locale.ROOT, "  all devices connected again      %.1f s after the kill (%d devices)", recoveredMs / 1e3,
                        total));
        tail.add("  first probe alarm on the stream  " + (firstAlarmMs < 0 ? "none in the storm window"
                : String.format(Locale.ROOT, "published %.1f s after the kill", firstAlarmMs / 1e3)));
        tail.add(String.format(Locale.ROOT, "  telemetry from shortly before the kill to the end of the storm window (%.1f s)",
                c.seconds));
        telemetry(c, c.seconds);
        tail.add("  refused, by MQTT reason code      " + refused(c.refusals));
        tail.add("  connections failed or dropped     " + failed(c.refusals));
        tail.add("  restarted gateway's refusals      " + refusals(gatewayRefusals));
    }

    /** Where the CPU went from the kill to the end of the storm window (the restarted gateway's from its start). */
    void machineStorm(String split) {
        tail.add("  machine's CPUs (storm window)     " + split);
    }

    private static String after(long ms) {
        return ms < 0 ? "not within the storm window" : String.format(Locale.ROOT, "%.1f s after the kill", ms / 1e3);
    }

    private void telemetry(LoadCounts c, double seconds) {
        tail.add(String.format(Locale.ROOT, "  sent %d, acknowledged %d (and %d sent before), skipped (window full) %d,"
                        + " unacknowledged at disconnect %d", c.sent, c.acked, c.ackedEarlier, c.skipped, c.unacked));
        double asked = o.devices() * o.rate();
        tail.add(String.format(Locale.ROOT, "  messages/s acknowledged          %.0f of %s asked (%.1f %%)", c.acked / seconds,
                number(asked), 100 * c.acked / seconds / asked));
        tail.add(String.format(Locale.ROOT, "  PUBACK                           p50 %s  p99 %s  max %s", ms(c.acks.quantileMillis(0.5)),
                ms(c.acks.quantileMillis(0.99)), ms(c.acks.maxMillis())));
    }

    void print() {
        head.forEach(System.out::println);
        System.out.println();
        System.out.println("smoke alarm: PUBLISH handed to Paho -> raised alarm on the live stream (SSE), and -> PUBACK");
        System.out.printf("%-32s %5s %6s %9s %9s %9s %9s %5s %7s %11s %9s%n", "phase", "ticks", "probes", "p50", "p99", "p99.9",
                "max", "lost", "unavail", "PUBACK p50", "p99");
        for (Probe.Result r : probes) {
            double[] s = sorted(r.streamMs());
            double[] a = sorted(r.pubackMs());
            System.out.printf("%-32s %5d %6d %9s %9s %9s %9s %5d %7d %11s %9s%n", r.phase(), r.ticks(), s.length, ms(q(s, 0.5)),
                    ms(q(s, 0.99)), ms(q(s, 0.999)), ms(q(s, 1)), r.lost(), r.unavailable(), ms(q(a, 0.5)), ms(q(a, 0.99)));
        }
        if (probes.size() >= 2) {
            double[] idle = sorted(probes.get(0).streamMs());
            double[] load = sorted(probes.get(1).streamMs());
            System.out.printf("%-32s %5s %6s %8.2fx %8.2fx %8.2fx %8.2fx%n", "ratio steady load / idle", "", "",
                    q(load, 0.5) / q(idle, 0.5), q(load, 0.99) / q(idle, 0.99), q(load, 0.999) / q(idle, 0.999),
                    q(load, 1) / q(idle, 1));
        }
        System.out.println("(ticks: probe times reached, a probe or connect attempt longer than the interval delays the next;"
                + " lost: no raised alarm on the stream within 10 s;");
        System.out.println(" unavail: no MQTT connection (CONNACK within 5 s) or no stream at the tick;"
                + " p99.9 is the maximum below 1000 probes)");
        for (Probe.Result r : probes) {
            stages(r);
        }
        tail.forEach(System.out::println);
    }

    /**
     * Where a phase's probes spent their time, stage by stage (see {@link AlarmPath}): p50, p99 and
     * max of each stage over the probes, and each stage's mean over the slowest 1 % of them (at
     * least one probe), which is where the tail goes.
     */
    private void stages(Probe.Result r) {
        GcLog.Pauses pauses = gc == null ? null : gc.between(r.startMs(), r.endMs() + 1_000);
        List<AlarmPath> paths = r.traced().stream().map(t -> AlarmPath.of(t.t0WallMicros(), t.totalMs(), t.path(), pauses))
                .filter(java.util.Objects::nonNull).toList();
        if (paths.isEmpty()) {
            return;
        }
        double[] totals = sorted(paths.stream().map(AlarmPath::total).toList());
        double cut = q(totals, 0.99);
        List<AlarmPath> slowest = paths.stream().filter(p -> p.total() >= cut).toList();
        System.out.println();
        System.out.printf(Locale.ROOT, "where the time went, %s: %d probes with the gateway's timings; ms%n", r.phase(),
                paths.size());
        System.out.printf("%-68s %8s %8s %8s %12s%n", "stage", "p50", "p99", "max",
                "slowest " + slowest.size());
        for (int i = 0; i < AlarmPath.STAGES.length; i++) {
            int stage = i;
            double[] v = sorted(paths.stream().map(p -> p.stages()[stage]).toList());
            double mean = slowest.stream().mapToDouble(p -> p.stages()[stage]).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%-68s %8.2f %8.2f %8.2f %12.2f%n", AlarmPath.STAGES[i], q(v, 0.5), q(v, 0.99),
                    q(v, 1), mean);
        }
        long withReadings = paths.stream().filter(p -> p.batchReadings() > 0).count();
        System.out.printf(Locale.ROOT, "  event's transaction: %d of %d carried readings (at most %d); writes in it p50 %.0f,"
                        + " max %d; slowest %d: %.1f writes, %.1f readings on average%n",
                withReadings, paths.size(), paths.stream().mapToInt(AlarmPath::batchReadings).max().orElse(0),
                q(sorted(paths.stream().map(p -> (double) p.batchWrites()).toList()), 0.5),
                paths.stream().mapToInt(AlarmPath::batchWrites).max().orElse(0), slowest.size(),
                slowest.stream().mapToInt(AlarmPath::batchWrites).average().orElse(0),
                slowest.stream().mapToInt(AlarmPath::batchReadings).average().orElse(0));
        if (pauses != null) {
            System.out.printf(Locale.ROOT, "  gateway GC pauses in the phase: %d, %.1f ms in all, longest %.1f ms%n",
                    pauses.pauses().size(), pauses.totalMillis(), pauses.maxMillis());
        }
    }

    /** Refusals the server gave a reason code for (CONNACK, PUBACK, DISCONNECT). */
    private static String refused(Map<String, Long> byReason) {
        return refusals(byReason.entrySet().stream().filter(e -> isCoded(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, java.util.TreeMap::new)));
    }

    /** Connections that failed or dropped without a reason code: refused TCP connects, timeouts, resets, closes. */
    private static String failed(Map<String, Long> byReason) {
        return refusals(byReason.entrySet().stream().filter(e -> !isCoded(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, java.util.TreeMap::new)));
    }

    private static boolean isCoded(String reason) {
        return reason.startsWith("connack-") || reason.startsWith("puback-") || reason.startsWith("disconnect-");
    }

    private static String refusals(Map<String, Long> byReason) {
        if (byReason == null) {
            return "(no answer from /metrics)";
        }
        return byReason.isEmpty() ? "none" : byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static double[] sorted(List<Double> values) {
        double[] d = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(d);
        return d;
    }

    /** Nearest-rank quantile; NaN if there are no values. */
    private static double q(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1fms", v);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
