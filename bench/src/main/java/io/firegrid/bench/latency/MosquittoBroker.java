package io.firegrid.bench.latency;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A Mosquitto broker on a free loopback port with its own config, stopped by PID. */
public final class MosquittoBroker implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /**
     * As {@link #start(Path)}; with a {@code passwords} file of {@code user:password} lines, the
     * broker takes only those clients (hashed first with {@code mosquitto_passwd -U}), and
     * allows no anonymous one.
     */
    public static MosquittoBroker start(Path dir, Path passwords) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String auth = "allow_anonymous true\n";
        if (passwords != null) {
            Process hash = new ProcessBuilder("mosquitto_passwd", "-U", passwords.toString()).inheritIO().start();
            if (hash.waitFor() != 0) {
                throw new IOException("mosquitto_passwd -U " + passwords + " failed");
            }
            auth = "allow_anonymous false\npassword_file " + passwords + "\n";
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + auth + "user "
                + System.getProperty("user.name") + "\npersistence false\nlog_dest none\n");
        Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.setSoLinger(true, 0); // a probe only: the broker is listening
                return new MosquittoBroker(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not start on port " + port + ", see " + dir.resolve("mosquitto.out"));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
