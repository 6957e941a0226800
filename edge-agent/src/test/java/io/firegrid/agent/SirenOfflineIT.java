package io.firegrid.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.TestGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent in a process of its own, its gateway down: a smoke alarm drives the siren output within
 * 100 ms (the 50 ms debounce included), and the alarm reaches the gateway once it is back.
 */
class SirenOfflineIT {

    private static final String TENANT = "t1";
    private static final String DEVICE = "pi-0042";

    @TempDir
    Path dir;

    private TestGateway gw;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroy();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void smokeAlarmSoundsTheSirenWithin100msWithTheGatewayDownAndIsDeliveredWhenItReturns() throws Exception {
        // GIVEN a registered device whose gateway has gone down
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(TENANT, DEVICE);
        int mqttPort = gw.gateway().mqttPort();
        String mqtt = gw.mqttUri();
        gw.close();
        gw = null;
        AgentLines agent = launch(mqtt);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.line("started").isPresent());
        // running, not just starting: the detector's start-up state waits in the outbox
        agent.send("queued 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.line("queued 1").isPresent());

        // WHEN its smoke detector alarms
        agent.send("smoke");

        // THEN the siren sounds within 100 ms of the contact closing, the alarm waiting in the outbox
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.line("siren ").isPresent());
        double ms = Double.parseDouble(agent.line("siren ").orElseThrow().substring("siren ".length()));
        assertThat(ms).as("contact edge to siren output, ms").isLessThan(100.0);
        agent.send("undelivered");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.line("undelivered ").isPresent());
        assertThat(agent.line("undelivered ").orElseThrow()).isEqualTo("undelivered 2");

        // AND once the gateway is back on its port, the fire alarm is raised there, once
        gw = TestGateway.wrap(Gateway.start(TestGateway.config(dir.resolve("gateway")).withMqttPort(mqttPort)));
        await().atMost(Duration.ofSeconds(60)).until(() -> gw.openAlarmFor(DEVICE, "smoke-1").isPresent());
        assertThat(gw.openAlarmFor(DEVICE, "smoke-1").orElseThrow().getString("class")).isEqualTo("fire");
        assertThat(gw.openAlarms()).hasSize(1);
    }

    private AgentLines launch(String mqtt) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), AgentProcess.class.getName(),
                TENANT, DEVICE, TestGateway.PASSWORD, mqtt, dir.resolve("agent").toString());
        process = new ProcessBuilder(command).redirectError(dir.resolve("agent.log").toFile()).start();
        return new AgentLines(process);
    }

    /** What the agent process printed, and a way to talk to it. */
    private static final class AgentLines {
        private final Process process;
        private final PrintStream stdin;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        AgentLines(Process process) {
            this.process = process;
            this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("unreadable: " + e);
                }
            }, "agent-process-output");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) {
            stdin.println(line);
        }

        Optional<String> line(String prefix) {
            assertThat(process.isAlive()).as("agent process exited early: " + lines).isTrue();
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
        }
    }
}
