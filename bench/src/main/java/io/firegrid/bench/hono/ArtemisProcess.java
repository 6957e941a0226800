package io.firegrid.bench.hono;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Apache ActiveMQ Artemis instance in its own directory with one AMQP acceptor on a free
 * loopback port (SASL PLAIN, one user), addresses auto-created as anycast queues; started and
 * stopped as a separate process by its PID, and restartable on the same port and journal.
 */
final class ArtemisProcess implements AutoCloseable {

    private final Path instance;
    private final int port;
    private Process process;

    private ArtemisProcess(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    static ArtemisProcess create(Path home, Path dir, String user, String password) throws Exception {
        if (!Files.isExecutable(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("no Artemis distribution at " + home + ": build the bench module "
                    + "(mvn -pl bench -am package -DskipTests) or pass --artemis-home");
        }
        Path instance = dir.resolve("artemis-instance");
        Process p = new ProcessBuilder(List.of(home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--user", user, "--password", password, "--require-login", "--silent", "--no-web", "--no-autotune",
                "--host", "127.0.0.1", "--no-mqtt-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("artemis-create.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("creating the Artemis instance failed, see " + dir.resolve("artemis-create.log"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path xml = instance.resolve("etc/broker.xml");
        String broker = Files.readString(xml, StandardCharsets.UTF_8)
                .replaceAll("(?s)<acceptors>.*?</acceptors>", "<acceptors><acceptor name=\"amqp\">tcp://127.0.0.1:" + port
                        + "?protocols=AMQP;saslMechanisms=PLAIN;amqpCredits=1000;amqpLowCredits=300</acceptor></acceptors>")
                .replace("<address-setting match=\"#\">", "<address-setting match=\"#\">"
                        + "<default-address-routing-type>ANYCAST</default-address-routing-type>"
                        + "<default-queue-routing-type>ANYCAST</default-queue-routing-type>");
        Files.writeString(xml, broker, StandardCharsets.UTF_8);
        Files.createDirectories(instance.resolve("log"));
        return new ArtemisProcess(instance, port);
    }

    int port() {
        return port;
    }

    void start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("log/run.log").toFile()));
        pb.environment().put("JAVA_ARGS", "-Xms64m -Xmx512m -XX:+UseSerialGC -Dlog4j2.disableJmx=true "
                + "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
        process = pb.start();
        for (int i = 0; i < 1200; i++) {
            if (!process.isAlive()) {
                throw new IOException("Artemis exited, see " + instance.resolve("log/run.log"));
            }
            if (accepts()) {
                return;
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("Artemis did not open port " + port + " within 60 s, see " + instance.resolve("log/run.log"));
    }

    /** SIGKILL, as a crash or a cut cable. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
