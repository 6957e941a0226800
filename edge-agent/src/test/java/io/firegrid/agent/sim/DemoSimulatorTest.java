package io.firegrid.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.protocol.FireGridException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSimulatorTest {

    /** Intervals long enough that nothing happens during a registration test. */
    private static final DemoTiming QUIET = new DemoTiming(Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);
    private static final DemoTiming FAST = new DemoTiming(Duration.ofMillis(50), Duration.ofMillis(300),
            Duration.ofMillis(150), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ZERO);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private FakeGateway gateway;
    private DemoSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private DemoSimulator simulator(int devices, DemoTiming timing) throws IOException {
        DemoOptions options = new DemoOptions(gateway.uri(), "admin-token", unusedMqttPort(), devices, dir);
        return new DemoSimulator(options, timing, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The agents keep trying to connect to a port where nothing listens; the demo runs regardless. */
    private static URI unusedMqttPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("tcp://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void registersTheDefaultThreeDevicesWithTheAdminTokenAndTheirSensors() throws Exception {
        gateway = new FakeGateway(201);
        simulator = simulator(DemoOptions.DEFAULT_DEVICES, QUIET);

        simulator.start();

        assertThat(gateway.registrations()).extracting(r -> r.body().get("id").asText()).contains("panel-east");
        assertThat(gateway.sensorDevices()).hasSize(3).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer admin-token");
            assertThat(r.body().get("tenant").asText()).isEqualTo("demo");
            assertThat(r.body().get("site").asText()).isEqualTo("demo-site");
            assertThat(r.body().get("password").asText()).hasSizeGreaterThanOrEqualTo(20);
        });
        assertThat(gateway.sensorDevices()).extracting(r -> r.body().get("id").asText()).containsExactly("pi-a1", "pi-a2", "pi-b1");
        assertThat(gateway.sensorDevices()).extracting(r -> r.body().get("sensors").toString()).containsExactly(
                "[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"A\"},{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"A\"}]",
                "[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"A\"},{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"A\"}]",
                "[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"B\"},{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"B\"},"
                        + "{\"id\":\"hydrant-1\",\"kind\":\"pressure\",\"zone\":\"B\"}]");
        assertThat(gateway.sensorDevices()).extracting(r -> r.body().get("location").toString()).containsExactly(
                "{\"building\":\"7\",\"unit\":1,\"floor\":1,\"label\":\"东侧走廊 east corridor\"}",
                "{\"building\":\"7\",\"unit\":1,\"floor\":1,\"label\":\"电梯厅 lift lobby\"}",
                "{\"building\":\"7\",\"unit\":1,\"floor\":-1,\"label\":\"水泵房 pump room\"}");
        assertThat(printed()).contains("demo: registered pi-a1 in tenant demo (zone A)", "demo: registered pi-b1 in tenant demo (zone B)");
        assertThat(simulator.agents()).extracting(a -> a.device().authId()).containsExactly("pi-a1@demo", "pi-a2@demo", "pi-b1@demo");
    }

    @Test
    void createsTheDemoCommunityBeforeItsDevices() throws Exception {
        gateway = new FakeGateway(201);
        simulator = simulator(DemoOptions.DEFAULT_DEVICES, QUIET);

        simulator.start();

        assertThat(gateway.places()).containsExactly("/api/v1/people crew-li", "/api/v1/people crew-wang",
                "/api/v1/people crew-zhao", "/api/v1/people grid-chen", "/api/v1/people captain-liu",
                "/api/v1/people duty-sun", "/api/v1/stations station-west", "/api/v1/stations station-east",
                "/api/v1/cells cell-1", "/api/v1/sites demo-site", "/api/v1/stations/demo/station-east/panels panel-east");
        assertThat(printed()).contains("covered by Station East");
    }

    @Test
    void storesGeneratedPasswordsAndReusesThemWhenTheGatewayAlreadyKnowsTheDevices() throws Exception {
        gateway = new FakeGateway(201);
        simulator = simulator(2, QUIET);
        simulator.start();
        simulator.close();
        List<String> firstPasswords = gateway.sensorDevices().stream().map(r -> r.body().get("password").asText()).toList();

        gateway.answer(409);
        simulator = simulator(2, QUIET);
        simulator.start();

        List<String> secondPasswords = gateway.sensorDevices().subList(2, 4).stream()
                .map(r -> r.body().get("password").asText()).toList();
        assertThat(secondPasswords).isEqualTo(firstPasswords);
        assertThat(printed()).contains("demo: pi-a1 already registered, using its stored password");
        Properties stored = new Properties();
        try (var in = Files.newInputStream(dir.resolve("demo-devices.properties"))) {
            stored.load(in);
        }
        assertThat(stored).containsEntry("pi-a1@demo", firstPasswords.get(0)).containsEntry("pi-a2@demo", firstPasswords.get(1));
    }

    @Test
    void refusesToGuessWhenTheGatewayKnowsADeviceWhosePasswordWasLost() throws Exception {
        gateway = new FakeGateway(409);
        simulator = simulator(1, QUIET);

        assertThatThrownBy(simulator::start)
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.status()).isEqualTo(FireGridException.Status.CONFLICT))
                .hasMessageContaining("pi-a1@demo is already registered at the gateway")
                .hasMessageContaining("demo-devices.properties");
    }

    @Test
    void saysWhatToPassWhenTheGatewayRefusesTheToken() throws Exception {
        gateway = new FakeGateway(401);
        simulator = simulator(1, QUIET);

        assertThatThrownBy(simulator::start).hasMessageContaining("pass the FIREGRID_ADMIN_TOKEN the gateway runs with as --token");
    }

    @Test
    void raisesAndClearsSmokeAlarmsAndOpensAndClosesDoors() throws Exception {
        gateway = new FakeGateway(201);
        simulator = simulator(3, FAST);

        simulator.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.agents().stream().anyMatch(Agent::isSirenSounding));
        await().atMost(Duration.ofSeconds(5)).until(() -> printed().contains("-> normal") && printed().contains("-> closed"));
        assertThat(printed()).containsPattern("demo: smoke detector smoke-1 on pi-(a1|a2|b1) \\(zone [AB]\\) -> ALARM")
                .containsPattern("demo: door door-1 on pi-(a1|a2|b1) \\(zone [AB]\\) -> OPEN");
    }
}
