package io.firegrid.agent.uplink;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian {@code mosquitto} broker on a loopback port with its own config and data directory,
 * standing in for the gateway's MQTT endpoint. Keeps sessions across restarts (persistence on),
 * accepts one user, and is stopped by its own PID.
 */
final class Mosquitto implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private Process process;

    private Mosquitto(Path dir, int port, int tlsPort) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(PASSWD);
    }

    /** Prepares a broker accepting {@code username}/{@code password}; {@link #start()} runs it. */
    static Mosquitto prepare(Path dir, String username, String password) throws IOException, InterruptedException {
        return prepare(dir, username, password, null, false);
    }

    /**
     * Prepares a broker as {@link #prepare(Path, String, String)} does, with a second listener for
     * MQTT over TLS (TLS 1.2 and up) presenting {@code server}'s certificate, at {@link #tlsUri()}.
     */
    static Mosquitto prepareTls(Path dir, String username, String password, TestPki.Issued server)
            throws IOException, InterruptedException {
        return prepare(dir, username, password, server, false);
    }

    /** As {@link #prepareTls}, and the TLS listener requires a client certificate signed by the server's CA. */
    static Mosquitto prepareTlsWithClientCertificates(Path dir, String username, String password, TestPki.Issued server)
            throws IOException, InterruptedException {
        return prepare(dir, username, password, server, true);
    }

    private static Mosquitto prepare(Path dir, String username, String password, TestPki.Issued server,
            boolean requireClientCertificate) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path passwords = dir.resolve("passwd");
        Files.writeString(passwords, "");
        run(List.of(PASSWD.toString(), "-b", passwords.toString(), username, password));
        run(List.of(PASSWD.toString(), "-b", passwords.toString(), "observer", "observer"));
        int port = freePort();
        int tlsPort = server == null ? -1 : freePort();
        String tls = server == null ? "" : String.join("\n",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + server.caPem(),
                "certfile " + server.certPem(),
                "keyfile " + server.keyPem(),
                "tls_version tlsv1.2",
                "require_certificate " + requireClientCertificate,
                "");
        Files.writeString(dir.resolve("mosquitto.conf"), tls + String.join("\n",
                // per_listener_settings is off: the password file applies to both listeners
                "listener " + port + " 127.0.0.1",
                // started as root, mosquitto would switch to its own user and lose access to this directory
                "user " + System.getProperty("user.name"),
                "allow_anonymous false",
                "password_file " + passwords,
                "persistence true",
                "persistence_location " + dir + "/",
                // the observer stands in for the gateway and must see every message: Mosquitto's default
                // drops QoS 1 messages beyond 1000 queued for a subscriber slower than the publisher
                "max_queued_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type all",
                ""));
        return new Mosquitto(dir, port, tlsPort);
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener, by address: the test server certificates name 127.0.0.1. */
    String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** The broker's log so far. */
    String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    void start() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    }

    /** Stops the broker with SIGTERM, so it saves its sessions, and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + output);
        }
    }
}
