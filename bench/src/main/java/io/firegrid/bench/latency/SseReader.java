package io.firegrid.bench.latency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads the gateway's alarm stream like a console does; records when each data line arrived. */
public final class SseReader implements AutoCloseable {

    /**
     * One event; {@code path} is the gateway's comment line {@code : path ...} that came with it
     * (where an alarm's time went inside the gateway), or null.
     */
    public record Frame(String event, String data, long arrivedNanos, String path) {
    }

    private final Socket socket;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    public SseReader(URI uri) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread t = new Thread(() -> read(in), "sse-reader");
        t.setDaemon(true);
        t.start();
    }

    public Frame next(long timeoutMillis) throws InterruptedException {
        Frame f = frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new IllegalStateException("no frame on the alarm stream within " + timeoutMillis + " ms");
        }
        return f;
    }

    /** False once the server has closed the stream (or the socket failed). */
    public boolean isOpen() {
        return !ended;
    }

    /** The next frame within {@code timeoutMillis}, or null. */
    public Frame poll(long timeoutMillis) throws InterruptedException {
        return frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void read(BufferedReader in) {
        try {
            String event = null;
            String path = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(": path ")) {
                    path = line.substring(7);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    frames.add(new Frame(event, line.substring(5).trim(), System.nanoTime(), path));
                    event = null;
                    path = null;
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
