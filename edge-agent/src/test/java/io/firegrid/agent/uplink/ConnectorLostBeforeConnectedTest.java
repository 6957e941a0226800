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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection the gateway closes at once, its loss told before its success: Paho tells the two on
 * different threads, and a gateway with a full disk, refusing the first message an outbox sends,
 * makes them come in either order. Seen in the fault harness (the primary's disk full, the long
 * form): 4 of 50 agents told "lost" first never tried the primary again, and their outboxes never
 * drained after space returned. The connector must try again whichever comes first.
 */
class ConnectorLostBeforeConnectedTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionLostBeforeItsSuccessWasToldIsTriedAgain() throws Exception {
        try (AcceptingThenClosing gateway = new AcceptingThenClosing()) {
            DeviceId device = new DeviceId("t1", "pi-lost-first");
            MqttUplinkOptions options = MqttUplinkOptions.of(URI.create("tcp://127.0.0.1:" + gateway.port()), device,
                    "pw", dir);
            MqttAsyncClient client = new MqttAsyncClient(options.serverUri().toString(), device.authId(), new MemoryPersistence());
            MqttConnectionOptions connect = new MqttConnectionOptions();
            connect.setUserName(device.authId());
            Connector connector = new Connector(client, connect, options, () -> true, () -> 0L);
            try {
                // GIVEN an attempt the gateway accepted (CONNACK 0) and then closed
                connector.start();
                await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
                gateway.release.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.closed.get() == 1 && !client.isConnected());

                // WHEN its loss is told (the uplink's "connected" may come before or after it, or never)
                connector.lost(-1);
                connector.connected();

                // THEN the connector tries again (before the fix it waited for ever: the loss found the
                // attempt still under way, and the success then marked it done)
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.accepted.get() >= 2);
            } finally {
                connector.close();
                // an attempt may still be under way: end it before closing, or close refuses
                client.disconnectForcibly(0, 1_000, false);
                client.close(true);
            }
        }
    }

    /** Answers every CONNECT with CONNACK success (MQTT 5), then closes the connection, the first once released. */
    private static final class AcceptingThenClosing implements AutoCloseable {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "accepting-then-closing");

        AcceptingThenClosing() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    RawConnect.read(new DataInputStream(s.getInputStream()));
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // CONNACK: no session, success, no properties
                    out.flush();
                    release.await(10, TimeUnit.SECONDS);
                    closed.incrementAndGet();
                } catch (IOException e) {
                    // closed by the test, or the client went away: next
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
