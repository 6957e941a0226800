package io.firegrid.gateway.support;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate operating-system process, started from the packaged jar the way
 * {@code ./firegrid gateway} starts it, for tests of crashes and of independent clients.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final int mqttPort;
    private final int coapsPort;

    private GatewayProcess(Process process, int httpPort, int mqttPort, int coapsPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.coapsPort = coapsPort;
    }

    /** {@code coaps://127.0.0.1:{port}} of CoAP over DTLS. */
    public String coapsUri() {
        return "coaps://127.0.0.1:" + coapsPort;
    }

    /**
     * Starts {@code target/firegrid-gateway.jar} (from another module of the build,
     * {@code ../gateway/target/firegrid-gateway.jar}) on {@code dataDir} with ports chosen by the OS.
     */
    public static GatewayProcess start(Path dataDir, Path log) throws IOException {
        return start(dataDir, log, Map.of());
    }

    /** As {@link #start(Path, Path)}, with further environment variables, e.g. {@code FIREGRID_ESCALATION_SECONDS}. */
    public static GatewayProcess start(Path dataDir, Path log, Map<String, String> env) throws IOException {
        Path jar = Path.of("target", "firegrid-gateway.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            jar = Path.of("..", "gateway", "target", "firegrid-gateway.jar").toAbsolutePath().normalize();
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with 'mvn verify'");
        }
        Files.createDirectories(log.getParent());
        Path ports = dataDir.resolve("ports.json");
        Files.deleteIfExists(ports);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.slf4j.simpleLogger.log.io.firegrid=debug", "-jar", jar.toString());
        pb.environment().put("FIREGRID_DATA_DIR", dataDir.toString());
        pb.environment().put("FIREGRID_HTTP_PORT", "0");
        pb.environment().put("FIREGRID_MQTT_PORT", "0");
        pb.environment().put("FIREGRID_COAP_PORT", "0");
        pb.environment().put("FIREGRID_COAPS_PORT", "0");
        pb.environment().put("FIREGRID_MQTTS_PORT", "0");
        pb.environment().put("FIREGRID_HTTPS_PORT", "0");
        pb.environment().put("FIREGRID_BIND_HOST", "127.0.0.1");
        pb.environment().put("FIREGRID_ADMIN_TOKEN", TestGateway.ADMIN_TOKEN);
        pb.environment().put("FIREGRID_PASSWORD_ITERATIONS", "1000");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("gateway exited with " + p.exitValue() + ", see " + log);
            }
            return Files.exists(ports);
        });
        JsonObject json = new JsonObject(Files.readString(ports));
        return new GatewayProcess(p, json.getInteger("http"), json.getInteger("mqtt"), json.getInteger("coaps"));
    }

    public int httpPort() {
        return httpPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway did not die");
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
