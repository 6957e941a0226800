package io.firegrid.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server binary run as a child process on loopback for a test, with its own directory: started
 * with {@link #start()}, stopped by its PID with {@link #stop()}, startable again on the same ports
 * and data (to test what a client does while it is away). Output goes to {@code server.log} in
 * its directory.
 */
public abstract class ExternalServer implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    protected final Path dir;
    private Process process;

    protected ExternalServer(Path dir) {
        this.dir = dir;
    }

    /** The command line that runs the server. */
    protected abstract List<String> command();

    /** A URL that answers 2xx once the server takes requests. */
    protected abstract URI readyUri();

    /** Starts the process and waits (at most 30 s) until it answers. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + command());
        }
        try {
            process = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command().get(0) + " (is it installed? "
                    + "scripts/install-test-deps.sh installs it): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command().get(0) + " exited with " + process.exitValue()
                        + "; see " + dir.resolve("server.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(readyUri()).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(command().get(0) + " did not answer within 30 s; see " + dir.resolve("server.log"));
    }

    /** Stops the process by its PID (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port free on loopback now. */
    protected static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
