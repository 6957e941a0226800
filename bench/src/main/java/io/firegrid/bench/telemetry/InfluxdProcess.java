package io.firegrid.bench.telemetry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code influxd} (InfluxDB 1.x) for the harness: its own generated config, meta/data/wal
 * directories under a temporary directory, loopback and free ports; stopped by its PID.
 */
final class InfluxdProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private InfluxdProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/influxd"));
    }

    static InfluxdProcess start(Path dir) throws Exception {
        int port = freePort();
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(conf, """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  query-log-enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(freePort(), dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), port));
        Process p = new ProcessBuilder("influxd", "run", "-config", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("influxd.log").toFile()).start();
        InfluxdProcess s = new InfluxdProcess(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (s.http.send(HttpRequest.newBuilder(URI.create(s.url() + "/ping")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return s;
                }
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        s.close();
        throw new IllegalStateException("influxd did not answer within 30 s; see " + dir.resolve("influxd.log"));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs an InfluxQL statement; returns the JSON answer. */
    String query(String db, String q) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/query?db="
                        + URLEncoder.encode(db, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(q + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Duration sinceNanos(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
