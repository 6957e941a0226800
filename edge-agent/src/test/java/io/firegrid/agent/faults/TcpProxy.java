package io.firegrid.agent.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that a test can cut, standing for the network between agents and a
 * gateway. {@link #cut()} is a partition: nothing passes either way, connections already open stall
 * (as behind a dead router: no reset, the peers notice only by their own timeouts) and new ones are
 * taken and left silent. {@link #heal()} ends the partition; the stalled connections are reset, as
 * their peers would have given up on them by then. {@link #retarget(int)} points it at a gateway
 * restarted on another port.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int targetPort;
    private volatile boolean cut;
    private volatile boolean closed;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + port();
    }

    public void retarget(int port) {
        this.targetPort = port;
    }

    /** Starts a partition. */
    public void cut() {
        cut = true;
    }

    /** Ends the partition; connections opened before or during it are reset. */
    public void heal() {
        dropAll();
        cut = false;
    }

    /** Resets every connection through the proxy. */
    public void dropAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            if (cut) {
                continue; // taken and left silent
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
            } catch (IOException e) {
                // the gateway is down: reset, as its host would refuse the connection
                try {
                    client.setSoLinger(true, 0);
                    client.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
                sockets.remove(client);
                continue;
            }
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    while (cut && !from.isClosed()) {
                        Thread.sleep(20); // stalled: held, neither passed nor refused
                    }
                    if (from.isClosed()) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        close(server);
        dropAll();
    }

    private static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
