package io.firegrid.bench.load;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own process, {@code java -Xmx256m -jar gateway/target/firegrid-gateway.jar} as
 * {@code ./firegrid gateway} runs it: loopback, the given data dir, ports 0 on the first start
 * (read back from {@code ports.json}) and the same ports, passed explicitly, on a restart. It logs
 * at its default level (info), with times, to a file the harness keeps when a run fails.
 */
final class GatewayProcess implements AutoCloseable {

    static final String HEAP = "256m";
    private static final long START_TIMEOUT_MS = 60_000;

    private final Process process;
    final int httpPort;
    final int mqttPort;
    /** The MQTT over TLS port, -1 unless {@code FIREGRID_MQTTS_PORT} was given in the settings. */
    final int mqttsPort;

    private GatewayProcess(Process process, int httpPort, int mqttPort, int mqttsPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.mqttsPort = mqttsPort;
    }

    /**
     * Starts the gateway on {@code dataDir} and waits for its {@code ports.json}.
     *
     * @param httpPort   0 for any free port, or the port of an earlier start
     * @param iterations PBKDF2 iterations ({@code FIREGRID_PASSWORD_ITERATIONS}), 0 for the gateway's default
     */
    static GatewayProcess start(Path dataDir, String token, int httpPort, int mqttPort, int iterations, Path log)
            throws IOException, InterruptedException {
        return start(dataDir, token, httpPort, mqttPort, iterations, log, List.of());
    }

    /** As {@link #start(Path, String, int, int, int, Path)}, with more JVM options (e.g. a flight recording). */
    static GatewayProcess start(Path dataDir, String token, int httpPort, int mqttPort, int iterations, Path log,
                                List<String> jvmOptions) throws IOException, InterruptedException {
        return start(dataDir, token, httpPort, mqttPort, iterations, log, jvmOptions, Map.of());
    }

    /** As {@link #start(Path, String, int, int, int, Path, List)}, with more {@code FIREGRID_*} settings in its environment. */
    static GatewayProcess start(Path dataDir, String token, int httpPort, int mqttPort, int iterations, Path log,
                                List<String> jvmOptions, Map<String, String> settings) throws IOException, InterruptedException {
        Process p = launch(dataDir, token, httpPort, mqttPort, iterations, log, jvmOptions, settings);
        Path ports = dataDir.resolve("ports.json");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the gateway exited (" + p.exitValue() + ") on start; see " + log);
            }
            if (Files.exists(ports)) {
                JsonObject j = new JsonObject(Files.readString(ports));
                return new GatewayProcess(p, j.getInteger("http"), j.getInteger("mqtt"), j.getInteger("mqtts", -1));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the gateway wrote no " + ports + " within " + START_TIMEOUT_MS + " ms; see " + log);
    }

    /**
     * Starts the gateway again on the ports of {@code earlier} and returns at once, so that the
     * caller can time when each endpoint answers ({@link #mqttAccepting}, {@link #started}). The
     * MQTT over TLS port, if the first start had one, is the same again (with the site CA in {@code dataDir}).
     */
    static GatewayProcess restart(GatewayProcess earlier, Path dataDir, String token, int iterations, Path log)
            throws IOException {
        Map<String, String> settings = earlier.mqttsPort < 0 ? Map.of()
                : Map.of("FIREGRID_MQTTS_PORT", String.valueOf(earlier.mqttsPort));
        return new GatewayProcess(launch(dataDir, token, earlier.httpPort, earlier.mqttPort, iterations, log, List.of(), settings),
                earlier.httpPort, earlier.mqttPort, earlier.mqttsPort);
    }

    private static Process launch(Path dataDir, String token, int httpPort, int mqttPort, int iterations, Path log,
                                  List<String> jvmOptions, Map<String, String> settings) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(dataDir.resolve("ports.json"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("FIREGRID_DATA_DIR", dataDir.toString());
        pb.environment().put("FIREGRID_BIND_HOST", "127.0.0.1");
        pb.environment().put("FIREGRID_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("FIREGRID_MQTT_PORT", String.valueOf(mqttPort));
        pb.environment().put("FIREGRID_COAP_PORT", "-1");
        pb.environment().put("FIREGRID_COAPS_PORT", "-1");
        pb.environment().put("FIREGRID_MQTTS_PORT", "-1");
        pb.environment().put("FIREGRID_HTTPS_PORT", "-1");
        pb.environment().put("FIREGRID_ADMIN_TOKEN", token);
        if (iterations > 0) {
            pb.environment().put("FIREGRID_PASSWORD_ITERATIONS", String.valueOf(iterations));
        }
        pb.environment().putAll(settings);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /**
     * {@code jvmOptions} and then {@code FIREGRID_BENCH_GATEWAY_JAVA_OPTS} (space-separated, e.g.
     * {@code -XX:TieredStopAtLevel=1}): to measure the gateway's CPU with other JVM options.
     */
    static List<String> withBenchOptions(List<String> jvmOptions) {
        String more = System.getenv("FIREGRID_BENCH_GATEWAY_JAVA_OPTS");
        if (more == null || more.isBlank()) {
            return jvmOptions;
        }
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(more.trim().split("\\s+")));
        return all;
    }

    /** True once the MQTT port takes a TCP connection (the endpoint is bound; answering CONNECT may take longer). */
    boolean mqttAccepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", mqttPort), 1000);
            s.setSoLinger(true, 0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once the gateway has written {@code ports.json}: every endpoint, the HTTP API last, is bound. */
    static boolean started(Path dataDir) {
        return Files.exists(dataDir.resolve("ports.json"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The gateway's jar: {@code FIREGRID_GATEWAY_JAR}, or {@code gateway/target/firegrid-gateway.jar} beside the bench module. */
    static Path jar() {
        String set = System.getenv("FIREGRID_GATEWAY_JAR");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        Path bench = Path.of(LoadBench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toAbsolutePath();
        // bench/target/firegrid-bench.jar or bench/target/classes: the repository is two levels up from target
        Path root = bench.getParent().getParent().getParent();
        Path jar = root.resolve("gateway/target/firegrid-gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar + ": run ./firegrid build, or set FIREGRID_GATEWAY_JAR");
        }
        return jar;
    }

    /** CPU time the gateway's process has used so far (user and system, all threads). */
    java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook runs, as in a power cut or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
