package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.DeviceId;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a reconnect storm the gateway lets a CONNECT that says an event waits past the crowd
 * (user property {@value Connector#EVENT_WAITING}); the connector says it on the attempts made
 * while an event waits in the outbox, and only on those, and an event queued during a busy wait
 * brings the next attempt forward.
 */
class ConnectorEventWaitingTest {

    @TempDir
    Path dir;

    @Test
    void saysAnEventWaitsOnlyWhileOneDoes() throws Exception {
        try (RefusingBusy gateway = new RefusingBusy()) {
            DeviceId device = new DeviceId("t1", "pi-alarmed");
            MqttUplinkOptions options = MqttUplinkOptions.of(URI.create("tcp://127.0.0.1:" + gateway.port()), device,
                    "pw", dir);
            MqttAsyncClient client = new MqttAsyncClient(options.serverUri().toString(), device.authId(), new MemoryPersistence());
            MqttConnectionOptions connect = new MqttConnectionOptions();
            connect.setUserName(device.authId());
            AtomicBoolean eventWaiting = new AtomicBoolean();
            Connector connector = new Connector(client, connect, options, eventWaiting::get);
            try {
                // GIVEN a gateway answering 0x9F (connection rate exceeded) to a device with nothing urgent
                connector.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.connects.size() == 1);
                assertThat(gateway.connects.get(0)).doesNotContain(Connector.EVENT_WAITING);

                // WHEN a smoke alarm is queued during the busy wait (5-15 s)
                eventWaiting.set(true);
                connector.urgent();

                // THEN the next attempt comes within the urgent wait (1-2 s) and says an event waits
                await().atMost(Duration.ofSeconds(5)).until(() -> gateway.connects.size() == 2);
                assertThat(gateway.connects.get(1)).contains(Connector.EVENT_WAITING);
                await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
            } finally {
                connector.close();
                client.disconnectForcibly(0, 1_000, false);
                client.close(true);
            }
        }
    }

    /** Answers the first CONNECT with CONNACK 0x9F and later ones with success; keeps each CONNECT's bytes as text. */
    private static final class RefusingBusy implements AutoCloseable {
        final List<String> connects = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        RefusingBusy() throws IOException {
            Thread thread = new Thread(this::serve, "refusing-busy");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    DataInputStream data = new DataInputStream(s.getInputStream());
                    connects.add(new String(RawConnect.read(data), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    int code = connects.size() == 1 ? 0x9F : 0x00;
                    out.write(new byte[] {0x20, 0x03, 0x00, (byte) code, 0x00}); // CONNACK, no properties
                    out.flush();
                    if (code != 0) {
                        s.close();
                    }
                } catch (IOException e) {
                    // closed by the test, or the client went away: next
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
