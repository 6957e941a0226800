package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent honours a gateway that asks for room: after CONNACK 0x9F (connection rate exceeded)
 * or 0x89 (server busy) it waits 5 s or more before it tries again, instead of coming back at its
 * usual pace and using up the rate other devices need; an alarm queued meanwhile does not sit out
 * that wait; and an uplink closed while the gateway refuses leaves no thread behind.
 */
class MqttUplinkBusyGatewayTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    /** The jitter at its lowest, so the wait is the policy's floor. */
    private static final RandomGenerator NO_JITTER = () -> 0L;

    @TempDir
    Path dir;

    @Test
    void aConnectionRateRefusalIsAnsweredByWaitingFiveSecondsNotByRetryingAtOnce() throws Exception {
        // GIVEN a gateway admitting one CONNECT a second, whose one token another client just took
        // and whose queue (5 s of the rate: 5 CONNECTs waiting their turn) other clients just filled
        TestGateway gw = TestGateway.start(dir.resolve("gw"), c -> c.withMqttLimits(MqttLimits.DEFAULTS.withConnectRate(1, 1)));
        List<RawMqtt> queued = new ArrayList<>();
        try (gw) {
            gw.registerDevice(DEVICE.tenant(), DEVICE.device());
            int queue = MqttLimits.CONNECT_QUEUE_SECONDS;
            for (int i = 0; i < queue; i++) {
                gw.registerDevice(DEVICE.tenant(), "pi-queued-" + i);
            }
            try (MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(gw.mqttUri()), DEVICE,
                    TestGateway.PASSWORD, dir.resolve("agent")), NO_JITTER)) {
                try (RawMqtt other = RawMqtt.open(gw.gateway().mqttPort())) {
                    assertThat(other.connect(5, DEVICE.authId(), TestGateway.PASSWORD).code()).isZero();
                }
                for (int i = 0; i < queue; i++) {
                    RawMqtt waiting = RawMqtt.open(gw.gateway().mqttPort());
                    queued.add(waiting);
                    String user = new DeviceId(DEVICE.tenant(), "pi-queued-" + i).authId();
                    waiting.send(RawMqtt.connect(5, user, TestGateway.PASSWORD, user));
                }
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        gw.metric("firegrid_mqtt_connect_queued_total") >= queue);
                // WHEN the agent connects at once
                long t0 = System.nanoTime();
                uplink.start();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(uplink::isConnected);
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;

                // THEN it was refused once with 0x9F, waited the busy floor (its usual first wait
                // is 0.5 s, and the rate allowed it again after 1 s), and then got in
                assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "connect-rate")).isEqualTo(1.0);
                assertThat(waitedMs).isGreaterThanOrEqualTo(ReconnectBackoff.BUSY.toMillis());
            } finally {
                for (RawMqtt waiting : queued) {
                    waiting.close();
                }
            }
        }
    }

    @Test
    void anAlarmQueuedDuringABusyWaitIsTriedWithinTwoSecondsNotAfterTheBusyWait() throws Exception {
        DeviceId device = new DeviceId("t1", "pi-alarm-while-busy");
        try (RefusingServer server = new RefusingServer(0x89);
             MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create("tcp://127.0.0.1:" + server.port()), device,
                     TestGateway.PASSWORD, dir.resolve("agent")), NO_JITTER)) {
            // GIVEN an agent refused "server busy", so waiting 5 s before its next attempt
            uplink.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.attempts.size() >= 1);

            // WHEN a smoke alarm is queued
            long queued = System.nanoTime();
            uplink.send(new Event(Instant.parse("2026-12-07T05:30:00Z"), 1, "smoke-1", Kind.SMOKE, State.ALARM));

            // THEN the next attempt comes within the urgent wait, not after the 5 s busy wait
            await().atMost(Duration.ofSeconds(10)).until(() -> server.attempts.size() >= 2);
            long afterMs = (server.attempts.get(1) - queued) / 1_000_000;
            assertThat(afterMs).isLessThan(ReconnectBackoff.BUSY.toMillis())
                    .isLessThanOrEqualTo(ReconnectBackoff.URGENT_MAX.toMillis() + 1_000);
            // AND while the alarm waits, each busy answer is followed by a short wait too
            await().atMost(Duration.ofSeconds(10)).until(() -> server.attempts.size() >= 3);
            assertThat((server.attempts.get(2) - server.attempts.get(1)) / 1_000_000)
                    .isLessThan(ReconnectBackoff.BUSY.toMillis());
        }
    }

    @Test
    void anUplinkClosedWhileTheGatewayIsBusyLeavesNoThreadBehind() throws Exception {
        // a device of its own: other tests' clients in this JVM must not count
        DeviceId device = new DeviceId("t1", "pi-closed-while-busy");
        try (RefusingServer server = new RefusingServer(0x89)) {
            MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create("tcp://127.0.0.1:" + server.port()), device,
                    TestGateway.PASSWORD, dir.resolve("agent")));
            uplink.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.attempts.size() >= 1);

            uplink.close();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).filter(n -> n.contains(device.device()))).isEmpty());
        }
    }

    /** Answers every MQTT 5 CONNECT with a CONNACK of one reason code and closes the socket. */
    private static final class RefusingServer implements AutoCloseable {
        final List<Long> attempts = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final Thread thread;

        RefusingServer(int reasonCode) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        in.readUnsignedByte();
                        int length = 0;
                        for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
                            b = in.readUnsignedByte();
                            length |= (b & 0x7F) << shift;
                        }
                        in.readFully(new byte[length]);
                        attempts.add(System.nanoTime());
                        OutputStream out = s.getOutputStream();
                        out.write(new byte[] {0x20, 3, 0, (byte) reasonCode, 0});
                        out.flush();
                    } catch (IOException e) {
                        // closed, or a client gone: the next one
                    }
                }
            }, "refusing-mqtt-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
