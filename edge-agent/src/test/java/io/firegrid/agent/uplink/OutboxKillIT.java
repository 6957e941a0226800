package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.MessageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox across {@code kill -9}: an uplink process queues 10,000 messages with the gateway
 * down and is killed; a second one is killed in the middle of delivering them; a third delivers
 * the rest. An independent Paho subscriber on a real broker stands in for the gateway and drops
 * copies by {@code seq}, as the gateway does.
 */
class OutboxKillIT {

    private static final int MESSAGES = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private final MessageCodec codec = new MessageCodec();
    /** seq of every message the subscriber received, copies included, in arrival order. */
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    private Mosquitto broker;
    private MqttAsyncClient observer;

    @BeforeEach
    void broker() throws Exception {
        assertThat(Mosquitto.installed()).as("needs Debian's mosquitto (mosquitto, mosquitto_passwd): ./firegrid test installs it").isTrue();
        broker = Mosquitto.prepare(dir.resolve("broker"), UplinkProcess.DEVICE.authId(), UplinkProcess.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (observer != null) {
            observer.disconnectForcibly(0, 1000, false);
            observer.close(true);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void deliversEveryQueuedMessageOnceInOrderEventsFirstAfterKill9() throws Exception {
        Path data = dir.resolve("agent");
        Agent queued = launch("queue", data, String.valueOf(MESSAGES));
        await().atMost(WAIT).until(() -> queued.said("queued"));
        queued.kill9();

        broker.start();
        observe();
        Agent interrupted = launch("deliver", data);
        await().atMost(WAIT).until(() -> received.size() >= MESSAGES / 3);
        interrupted.kill9();
        int beforeRestart = distinct().size();
        assertThat(beforeRestart).as("killed in the middle of delivering").isLessThan(MESSAGES);

        Agent restarted = launch("deliver", data);
        await().atMost(WAIT).until(() -> restarted.said("drained"));
        await().atMost(WAIT).until(() -> distinct().size() == MESSAGES);

        List<Long> expected = new ArrayList<>();
        LongStream.rangeClosed(1, MESSAGES).filter(UplinkProcess::isEvent).forEach(expected::add);
        LongStream.rangeClosed(1, MESSAGES).filter(s -> !UplinkProcess.isEvent(s)).forEach(expected::add);
        assertThat(new ArrayList<>(distinct())).isEqualTo(expected);
        assertThat(received.size() - MESSAGES).as("copies sent again after the kill").isLessThanOrEqualTo(2 * OutboxSender.WINDOW);
    }

    private Set<Long> distinct() {
        return new LinkedHashSet<>(received);
    }

    private void observe() throws MqttException {
        observer = new MqttAsyncClient(broker.uri(), "observer", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("observer");
        o.setPassword("observer".getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(600L);
        observer.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse r) { }
            @Override public void mqttErrorOccurred(MqttException e) { }
            @Override public void messageArrived(String topic, MqttMessage m) {
                Endpoint endpoint = topic.equals("event") ? Endpoint.EVENT : Endpoint.TELEMETRY;
                received.add(codec.decode(endpoint, m.getPayload()).seq());
            }
            @Override public void deliveryComplete(IMqttToken t) { }
            @Override public void connectComplete(boolean reconnect, String uri) { }
            @Override public void authPacketArrived(int rc, MqttProperties p) { }
        });
        observer.connect(o).waitForCompletion(10_000);
        observer.subscribe(new String[] {"event", "telemetry"}, new int[] {1, 1}).waitForCompletion(10_000);
    }

    /** Starts {@link UplinkProcess} in a JVM of its own, with the heap cap of the Pi's unit. */
    private Agent launch(String mode, Path data, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), UplinkProcess.class.getName(), mode,
                broker.uri(), data.toString()));
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("agent-" + processes.size() + ".log").toFile())
                .start();
        processes.add(p);
        return new Agent(p);
    }

    /** A running uplink process and what it printed. */
    private static final class Agent {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Agent(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("unreadable: " + e);
                }
            }, "uplink-process-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean said(String line) {
            assertThat(process.isAlive() || lines.contains(line)).as("uplink process exited early").isTrue();
            return lines.contains(line);
        }

        void kill9() throws IOException, InterruptedException {
            int rc = new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).inheritIO().start().waitFor();
            assertThat(rc).isZero();
            assertThat(process.waitFor()).isEqualTo(137);
        }
    }
}
