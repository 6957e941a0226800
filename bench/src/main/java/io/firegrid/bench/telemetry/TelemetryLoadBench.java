package io.firegrid.bench.telemetry;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.telemetry.InfluxSink;
import io.firegrid.gateway.telemetry.Point;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * {@code ./firegrid bench telemetry [--points N] [--batches 500,1000,5000,10000] [--runs R]}: points per
 * second the gateway's InfluxDB sink ({@link InfluxSink}, v1 API) sustains into Debian's real
 * {@code influxd}, per batch size. Each case writes N hydrant pressure points (100 devices, tags
 * tenant/site/building/device/sensor, one float field, distinct times) into a fresh database; the
 * producer keeps the sink's queue under 100,000 points so nothing is dropped, and the clock stops
 * when the sink reports every point written. The count in influxd is checked after each case.
 *
 * <p>Baseline, in the same run: the same lines written with influxdb-java's blocking
 * {@code write(db, rp, consistency, precision, lines)} in batches of the same size, one after
 * another, on one thread, without the sink (what the sink costs on top of the client).
 */
public final class TelemetryLoadBench {

    private TelemetryLoadBench() {
    }

    public static int run(String[] args) throws Exception {
        int points = 300_000;
        int runs = 2;
        List<Integer> batches = List.of(500, 1_000, 5_000, 10_000);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Stream.of(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --points N --batches 500,1000 --runs R");
                    return 2;
                }
            }
        }
        if (!InfluxdProcess.installed()) {
            System.err.println("influxd not installed (apt-get install influxdb, or scripts/install-test-deps.sh)");
            return 2;
        }
        Path dir = Files.createTempDirectory("firegrid-bench-influxd-");
        System.out.println("machine: " + Machine.describe());
        System.out.printf(Locale.ROOT, "points: %,d per case, %d runs per case, influxd %s on loopback (own data dir)%n%n",
                points, runs, influxVersion());
        System.out.printf(Locale.ROOT, "%-44s %8s %12s %12s%n", "case (points made -> all in influxd)", "batch",
                "points/s", "seconds");
        try (InfluxdProcess influxd = InfluxdProcess.start(dir)) {
            int n = 0;
            // warm-up: JIT, influxd's first shard
            sink(influxd, "warmup", 5_000, 100_000);
            for (int batch : batches) {
                for (int r = 0; r < runs; r++) {
                    double s = sink(influxd, "sink_" + batch + "_" + r + "_" + n++, batch, points);
                    System.out.printf(Locale.ROOT, "%-44s %8d %,12.0f %12.2f%n", "InfluxSink (queue, batches, writer thread)",
                            batch, points / s, s);
                }
                for (int r = 0; r < runs; r++) {
                    double s = direct(influxd, "direct_" + batch + "_" + r + "_" + n++, batch, points);
                    System.out.printf(Locale.ROOT, "%-44s %8d %,12.0f %12.2f%n", "influxdb-java write(), no sink (baseline)",
                            batch, points / s, s);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static String influxVersion() {
        try {
            Process p = new ProcessBuilder("influxd", "version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            return v.replace("InfluxDB ", "");
        } catch (Exception e) {
            return "(version unknown)";
        }
    }

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Point point(int i) {
        int device = i % 100;
        return new Point("pressure", Map.of("tenant", "t1", "site", "site-" + device / 10, "building", "b" + device / 10,
                "device", "pi-" + device, "sensor", "hydrant-1"), Map.of("value", 0.30 + (i % 50) / 1000.0),
                T0.plusMillis(i / 100));
    }

    /** Seconds the sink took to write {@code points} points into a new database. */
    private static double sink(InfluxdProcess influxd, String db, int batch, int points) throws Exception {
        influxd.query(db, "CREATE DATABASE " + db);
        Path buffer = Files.createTempDirectory("firegrid-bench-buffer-");
        TelemetryConfig config = TelemetryConfig.defaults().withInflux(TelemetryConfig.Influx.v1(influxd.url(), db))
                .withBatching(batch, Duration.ofMillis(TelemetryConfig.DEFAULT_FLUSH_MS));
        double seconds;
        try (InfluxSink sink = InfluxSink.create(config, buffer, new SimpleMeterRegistry())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < points; i++) {
                while (sink.queued() > 100_000) {
                    Thread.sleep(1);
                }
                sink.accept(point(i));
            }
            while (sink.written() < points && sink.status().getLong("dropped") == 0) {
                Thread.sleep(1);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            if (sink.status().getLong("dropped") > 0 || sink.status().getLong("buffered") > 0) {
                throw new IllegalStateException("the sink dropped or buffered points: " + sink.status().encode());
            }
        }
        check(influxd, db, points);
        Files.deleteIfExists(buffer);
        return seconds;
    }

    /** Seconds influxdb-java alone took to write the same lines in batches of {@code batch}. */
    private static double direct(InfluxdProcess influxd, String db, int batch, int points) throws Exception {
        influxd.query(db, "CREATE DATABASE " + db);
        try (InfluxDB client = InfluxDBFactory.connect(influxd.url())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < points; i += batch) {
                List<String> lines = new ArrayList<>(batch);
                for (int j = i; j < Math.min(points, i + batch); j++) {
                    lines.add(point(j).toLineProtocol());
                }
                client.write(db, "", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(influxd, db, points);
            return seconds;
        }
    }

    private static void check(InfluxdProcess influxd, String db, int points) throws Exception {
        String answer = influxd.query(db, "SELECT count(value) FROM pressure");
        Matcher m = Pattern.compile("\"values\":\\[\\[[^,]+,(\\d+)\\]\\]").matcher(answer);
        if (!m.find() || Long.parseLong(m.group(1)) != points) {
            throw new IllegalStateException("influxd holds a different count than written (" + points + "): " + answer);
        }
    }
}
