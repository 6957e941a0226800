package io.firegrid.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache ActiveMQ Artemis broker standing in for Hono's AMQP adapter: an instance of the
 * distribution the build unpacks ({@code firegrid.artemis.home}), created in its own directory with
 * one AMQP acceptor on a free loopback port (none of Artemis's default ports), SASL PLAIN with one
 * user, persistent journal, and addresses auto-created as queues (anycast) so that messages wait
 * for the test's consumer. Started and stopped as a separate process, by its PID.
 */
public final class ArtemisBroker implements AutoCloseable {

    private final Path instance;
    private final int port;
    private Process process;

    private ArtemisBroker(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Creates an instance in {@code dir} accepting {@code user}/{@code password}; not started yet. */
    public static ArtemisBroker create(Path dir, String user, String password) throws Exception {
        String home = System.getProperty("firegrid.artemis.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "artemis"))) {
            throw new IllegalStateException("Artemis is not unpacked at '" + home + "': run the test through Maven "
                    + "(mvn -pl gateway verify -Dit.test=...), whose pre-integration-test phase unpacks it");
        }
        Path instance = dir.resolve("artemis-instance");
        run(List.of(home + "/bin/artemis", "create", instance.toString(), "--user", user, "--password", password,
                "--require-login", "--silent", "--no-web", "--no-autotune", "--host", "127.0.0.1",
                "--no-mqtt-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor"), dir.resolve("artemis-create.log"));
        int port = freePort();
        Path xml = instance.resolve("etc/broker.xml");
        String broker = Files.readString(xml, StandardCharsets.UTF_8);
        broker = broker.replaceAll("(?s)<acceptors>.*?</acceptors>", "<acceptors><acceptor name=\"amqp\">tcp://127.0.0.1:"
                + port + "?protocols=AMQP;saslMechanisms=PLAIN;amqpCredits=1000;amqpLowCredits=300</acceptor></acceptors>");
        broker = broker.replace("<address-setting match=\"#\">", "<address-setting match=\"#\">"
                + "<default-address-routing-type>ANYCAST</default-address-routing-type>"
                + "<default-queue-routing-type>ANYCAST</default-queue-routing-type>");
        Files.writeString(xml, broker, StandardCharsets.UTF_8);
        return new ArtemisBroker(instance, port);
    }

    public int port() {
        return port;
    }

    /**
     * Adds a second AMQP acceptor on another free loopback port that speaks TLS only (the key and
     * certificate from the PKCS#12 {@code keyStore}); call before {@link #start()}. Returns its port.
     */
    public int addTlsAcceptor(Path keyStore, String keyStorePassword) throws IOException {
        int tlsPort = freePort();
        Path xml = instance.resolve("etc/broker.xml");
        String broker = Files.readString(xml, StandardCharsets.UTF_8);
        broker = broker.replace("</acceptors>", "<acceptor name=\"amqps\">tcp://127.0.0.1:" + tlsPort
                + "?protocols=AMQP;saslMechanisms=PLAIN;sslEnabled=true;keyStoreType=PKCS12;keyStorePath="
                + keyStore.toAbsolutePath() + ";keyStorePassword=" + keyStorePassword + "</acceptor></acceptors>");
        Files.writeString(xml, broker, StandardCharsets.UTF_8);
        return tlsPort;
    }

    /**
     * Rewrites the instance's {@code broker.xml} with {@code edit}: before {@link #start()}, or while
     * it runs, for what Artemis reloads from the file (security and address settings, after its
     * {@code configuration-file-refresh-period}).
     */
    public void editConfig(java.util.function.UnaryOperator<String> edit) throws IOException {
        Path xml = instance.resolve("etc/broker.xml");
        Files.writeString(xml, edit.apply(Files.readString(xml, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Starts the broker and waits until its AMQP port accepts connections. */
    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("log/run.log").toFile()));
        pb.environment().put("JAVA_ARGS", "-Xms64m -Xmx512m -XX:+UseSerialGC -Dlog4j2.disableJmx=true "
                + "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
        Files.createDirectories(instance.resolve("log"));
        process = pb.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Artemis exited with " + process.exitValue() + ", see "
                        + instance.resolve("log/run.log"));
            }
            return accepts(port);
        });
    }

    /** Kills the broker as a crash or a cut cable would: SIGKILL to its PID. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
    }

    /** Stops the broker (SIGTERM to its PID) and waits for it to exit. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed, see " + log);
        }
    }
}
