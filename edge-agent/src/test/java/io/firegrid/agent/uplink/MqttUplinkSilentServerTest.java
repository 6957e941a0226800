package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.DeviceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An uplink closed while its CONNECT is never answered (a server that accepts the TCP connection
 * and stays silent, as a hung gateway or a half-open link does) leaves none of Paho's threads for
 * its client behind, and closes its connection to that server. Before, the close gave up on Paho's
 * "connect in progress" refusal after two seconds and the client, never closed, kept its threads
 * and its socket.
 */
class MqttUplinkSilentServerTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-silent");

    @TempDir
    Path dir;

    @Test
    void closedWhileItsConnectIsUnansweredItLeavesNoPahoThreadAndNoSocketBehind() throws Exception {
        try (SilentServer server = new SilentServer()) {
            MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create("tcp://127.0.0.1:" + server.port()), DEVICE,
                    "any-password", dir.resolve("agent")));
            uplink.start();
            // GIVEN a CONNECT under way: the server took the connection and never answers
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.accepted.isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> !pahoThreads().isEmpty());

            // WHEN the uplink is closed
            uplink.close();

            // THEN Paho's threads for its client end, and the server sees the connection closed
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pahoThreads()).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> closedByPeer(server.accepted.get(0)));
        }
    }

    /** Whether the uplink's end of {@code s} is closed: all it sent read, then the end of the stream (or a reset). */
    private static boolean closedByPeer(Socket s) throws IOException {
        s.setSoTimeout(200);
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                if (s.getInputStream().read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Paho's threads carry the client id, which is the device's {@code device@tenant}. */
    private static List<String> pahoThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("MQTT") && n.contains(DEVICE.device())).toList();
    }

    /** Accepts connections, reads nothing and answers nothing. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
