package io.firegrid.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Server-Sent Events reader over a plain HTTP/1.1 socket (closing it ends the stream at
 * once). Frames are queued by a reader thread; comments and chunk-size lines are skipped.
 */
public final class SseClient implements AutoCloseable {

    public record Frame(String event, String data) {
    }

    private final Socket socket;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private final int status;

    private SseClient(Socket socket, BufferedReader in) throws IOException {
        this.socket = socket;
        String statusLine = in.readLine();
        this.status = statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // headers
        }
        Thread reader = new Thread(() -> read(in), "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri) throws IOException {
        SseClient c = connect(uri);
        if (c.status != 200) {
            c.close();
            throw new IOException("stream answered " + c.status);
        }
        return c;
    }

    public static int status(URI uri) throws IOException {
        try (SseClient c = connect(uri)) {
            return c.status;
        }
    }

    private static SseClient connect(URI uri) throws IOException {
        Socket s = new Socket(uri.getHost(), uri.getPort());
        OutputStream out = s.getOutputStream();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAccept: text/event-stream\r\n"
                // one response per connection, so a stream the server ends is seen as the end of the input
                + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new SseClient(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
    }

    /** The next frame; fails if none arrives within {@code timeout}. */
    public Frame next(Duration timeout) throws InterruptedException {
        Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no event on the stream within " + timeout);
        }
        return f;
    }

    private void read(BufferedReader in) {
        try {
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && data.length() > 0) {
                    frames.add(new Frame(event == null ? "message" : event, data.toString()));
                    event = null;
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended.countDown();
        }
    }

    /** Whether the server ended the stream (end of the response or of the connection) within {@code timeout}. */
    public boolean ends(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
