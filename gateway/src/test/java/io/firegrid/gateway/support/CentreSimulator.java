package io.firegrid.gateway.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A city monitoring centre for the gateway to report to: a TCP server on loopback that reads
 * GB/T 26875.3 frames with a decoder of its own (not the project's codec), records every
 * {@code send data}, and confirms each (command 3). {@link #stop()} is an outage: the listener and
 * the connection go; {@link #start} on the same port brings it back.
 */
public final class CentreSimulator implements AutoCloseable {

    /** A frame the centre read. */
    public record Received(int serial, int command, long source, byte[] data) {

        /** Application data type. */
        public int type() {
            return data.length == 0 ? 0 : data[0] & 0xFF;
        }

        /** For type 2: the component type of the first object. */
        public int componentType() {
            return data[4] & 0xFF;
        }

        /** For type 2: the component address of the first object. */
        public long componentAddress() {
            return (data[5] & 0xFFL) | (data[6] & 0xFFL) << 8 | (data[7] & 0xFFL) << 16 | (data[8] & 0xFFL) << 24;
        }

        /** For type 2: the state word of the first object. */
        public int componentState() {
            return (data[9] & 0xFF) | (data[10] & 0xFF) << 8;
        }

        /** For type 2: the description of the first object. */
        public String description() {
            int end = 11;
            while (end < 42 && data[end] != 0) {
                end++;
            }
            return new String(data, 11, end - 11, UitdSimulator.GB18030);
        }
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Socket connection;

    private CentreSimulator(ServerSocket server) {
        this.server = server;
        Thread t = new Thread(this::accept, "centre-simulator");
        t.setDaemon(true);
        t.start();
    }

    /** A centre listening on {@code port} of loopback (0: any free port). */
    public static CentreSimulator start(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new CentreSimulator(s);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every frame read, in order, answers to its requests included. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The {@code send data} frames read, in order. */
    public List<Received> reports() {
        return received.stream().filter(r -> r.command() == 2).toList();
    }

    /**
     * The {@code send data} frames read, a frame sent again (same serial, same data: its confirm was
     * late or lost) counted once, as a centre counts it.
     */
    public List<Received> reportsOnce() {
        java.util.Map<Integer, Received> seen = new java.util.LinkedHashMap<>();
        for (Received r : reports()) {
            Received first = seen.putIfAbsent(r.serial(), r);
            if (first != null && !java.util.Arrays.equals(first.data(), r.data())) {
                throw new AssertionError("serial " + r.serial() + " was used for two different reports");
            }
        }
        return List.copyOf(seen.values());
    }

    /** Sends a request (command 4) or control (command 1) with {@code data} to the connected gateway. */
    public void send(int serial, int command, byte[] data) throws IOException {
        Socket c = connection;
        if (c == null) {
            throw new IOException("no gateway connected");
        }
        synchronized (this) {
            c.getOutputStream().write(UitdSimulator.frame(serial, command, 0, 0, data, LocalDateTime.now()));
            c.getOutputStream().flush();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket c = server.accept()) {
                connection = c;
                read(c);
            } catch (IOException e) {
                // the connection or the listener closed: an outage, or the end of the test
            } finally {
                connection = null;
            }
        }
    }

    private void read(Socket c) throws IOException {
        DataInputStream in = new DataInputStream(c.getInputStream());
        OutputStream out = c.getOutputStream();
        while (true) {
            byte[] head = new byte[27];
            in.readFully(head);
            if (head[0] != '@' || head[1] != '@') {
                throw new IOException("frame does not start with @@");
            }
            int len = (head[24] & 0xFF) | (head[25] & 0xFF) << 8;
            byte[] rest = new byte[len + 3];
            in.readFully(rest);
            int sum = 0;
            for (int i = 2; i < 27; i++) {
                sum += head[i] & 0xFF;
            }
            for (int i = 0; i < len; i++) {
                sum += rest[i] & 0xFF;
            }
            if ((byte) sum != rest[len] || rest[len + 1] != '#' || rest[len + 2] != '#') {
                throw new IOException("frame with a bad checksum or tail");
            }
            int serial = (head[2] & 0xFF) | (head[3] & 0xFF) << 8;
            long source = 0;
            for (int i = 17; i >= 12; i--) {
                source = source << 8 | (head[i] & 0xFF);
            }
            byte[] data = java.util.Arrays.copyOf(rest, len);
            received.add(new Received(serial, head[26] & 0xFF, source, data));
            if ((head[26] & 0xFF) == 2) {
                synchronized (this) {
                    out.write(UitdSimulator.frame(serial, 3, 0, source, new byte[0], LocalDateTime.now()));
                    out.flush();
                }
            }
        }
    }

    /** An outage: the listener and the connection close. */
    public void stop() throws IOException {
        server.close();
        Socket c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
