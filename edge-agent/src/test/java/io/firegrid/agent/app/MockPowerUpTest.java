package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.State;
import io.firegrid.protocol.Kind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board a mock-platform agent finds at power-up ({@link AgentConfig#atPowerUp}): contacts at
 * rest whatever their wiring, and the hydrant transmitter reading FIREGRID_AGENT_MOCK_PRESSURE_MPA
 * through the same 4-20 mA conversion a Pi's ADS1115 goes through; and how {@link Rehearsal}
 * rewrites a bundle's settings off the Pi.
 */
class MockPowerUpTest {

    @TempDir
    Path dir;

    private Agent agent;

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("FIREGRID_AGENT_TENANT", "t1", "FIREGRID_AGENT_DEVICE", "pi-0002",
                "FIREGRID_AGENT_PASSWORD", "pw", "FIREGRID_AGENT_PLATFORM", "mock", "FIREGRID_AGENT_DATA_DIR",
                dir.resolve("data").toString(), "FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1",
                "FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0..1.0", "FIREGRID_AGENT_DOOR_CONTACT", "NC",
                "FIREGRID_AGENT_CONTACTS", "mcp-1:call-point:23:NC,exit-1:exit:5:NO"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private RecordingUplink run(AgentConfig c) throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), uplink, c.thresholdStore(), c.heartbeat());
        agent.start(c::atPowerUp);
        return uplink;
    }

    @Test
    void theTransmitterReadsTheDefaultPressureAndEveryContactIsAtRest() throws Exception {
        AgentConfig c = AgentConfig.fromEnv(env());
        RecordingUplink uplink = run(c);

        await().atMost(Duration.ofSeconds(5)).until(() -> !uplink.readings("hydrant-1").isEmpty());
        Reading first = uplink.readings("hydrant-1").get(0);
        assertThat(first.value()).isEqualTo(AgentConfig.DEFAULT_MOCK_PRESSURE_MPA).isEqualTo(0.40);
        await().atMost(Duration.ofSeconds(5)).until(() -> uplink.events().stream().map(Event::sensor).distinct().count() >= 5);
        assertThat(uplink.events()).filteredOn(e -> e.kind() != Kind.PRESSURE)
                .extracting(Event::sensor, Event::state)
                .contains(tuple("smoke-1", State.NORMAL), tuple("door-1", State.CLOSED), tuple("mcp-1", State.NORMAL),
                        tuple("exit-1", State.CLEAR))
                .doesNotContain(tuple("door-1", State.OPEN), tuple("mcp-1", State.ALARM));
    }

    @Test
    void theSettingHoldsTheLoopAtThatPressureOverTheShunt() throws Exception {
        AgentConfig c = AgentConfig.fromEnv(env("FIREGRID_AGENT_MOCK_PRESSURE_MPA", "0.3", "FIREGRID_AGENT_PRESSURE_SHUNT_OHMS", "100"));
        RecordingUplink uplink = run(c);

        await().atMost(Duration.ofSeconds(5)).until(() -> !uplink.readings("hydrant-1").isEmpty());
        // 0.3 MPa of 0-1.0 MPa is 8.8 mA, 0.88 V across 100 ohm: the count the ADS1115 returns for it, read back
        assertThat(uplink.readings("hydrant-1").get(0).value()).isEqualTo(0.3);
        assertThat(c.mockPressure()).isEqualTo(0.3);
    }

    @Test
    void aNegativeOrUnreadablePressureIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(env("FIREGRID_AGENT_MOCK_PRESSURE_MPA", "-0.1")))
                .isInstanceOf(FireGridException.class).hasMessageContaining("FIREGRID_AGENT_MOCK_PRESSURE_MPA should be 0 or more");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env("FIREGRID_AGENT_MOCK_PRESSURE_MPA", "lots")))
                .isInstanceOf(FireGridException.class).hasMessageContaining("FIREGRID_AGENT_MOCK_PRESSURE_MPA");
    }

    @Test
    void aBundleRunsOffThePiWithOnlyPlatformDataDirFilesUnderEtcAndTheMqttUriChanged() throws Exception {
        Path bundle = dir.resolve("bundles/pi-0002");
        Files.createDirectories(bundle.resolve("firegrid"));
        Files.writeString(bundle.resolve("firegrid/agent.env"), """
                # FireGrid edge agent settings for pi-0002 (tenant t1, site bldg-7)
                FIREGRID_AGENT_TENANT=t1
                FIREGRID_AGENT_DEVICE=pi-0002
                FIREGRID_AGENT_PASSWORD=s3cret=x
                FIREGRID_MQTT_URI=tcp://192.168.1.10:1883
                FIREGRID_AGENT_PLATFORM=gpiod
                FIREGRID_AGENT_SMOKE_PIN=17
                FIREGRID_AGENT_PRESSURE_SENSOR=hydrant-1
                """);

        AgentConfig kept = Rehearsal.config(bundle, null, dir.resolve("rehearsal"), Map.of());
        AgentConfig moved = Rehearsal.config(bundle, URI.create("tcp://localhost:41883"), dir.resolve("rehearsal"),
                Map.of("FIREGRID_AGENT_MOCK_PRESSURE_MPA", "0.33"));

        assertThat(kept.platform().configName()).isEqualTo("mock");
        assertThat(kept.dataDir()).isEqualTo(dir.resolve("rehearsal/pi-0002"));
        assertThat(kept.mqttUri()).hasToString("tcp://192.168.1.10:1883");
        assertThat(kept.password()).isEqualTo("s3cret=x");
        assertThat(kept.mockPressure()).isEqualTo(0.40);
        assertThat(moved.mqttUri()).hasToString("tcp://localhost:41883");
        assertThat(moved.mockPressure()).isEqualTo(0.33);
        assertThatThrownBy(() -> Rehearsal.config(dir, null, dir.resolve("rehearsal"), Map.of()))
                .isInstanceOf(FireGridException.class).hasMessageContaining("is not a configuration bundle (no firegrid/agent.env)");
    }

    @Test
    void rehearseRefusesAnMqttUriWithoutSchemeAndADirectoryThatIsNoBundleWithExit2() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true);
        java.io.PrintStream e = new java.io.PrintStream(err, true);

        int badUri = Main.execute(new String[] {"rehearse", dir.toString(), "--mqtt", "localhost:1883"}, Map.of(), o, e);
        int noBundle = Main.execute(new String[] {"rehearse", dir.toString(), "--data", dir.resolve("r").toString()}, Map.of(), o, e);

        assertThat(badUri).isEqualTo(Main.EXIT_USAGE);
        assertThat(noBundle).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--mqtt localhost:1883 should look like tcp://localhost:1883")
                .contains(dir + " is not a configuration bundle (no firegrid/agent.env)");
        assertThat(out.toString()).doesNotContain("started");
    }

    @Test
    void onRealHardwareTheMockPressureIsIgnoredAndNoInputIsTouched() {
        AgentConfig c = AgentConfig.fromEnv(env("FIREGRID_AGENT_PLATFORM", "gpiod", "FIREGRID_AGENT_MOCK_PRESSURE_MPA", "0.3"));

        // no agent is needed: nothing of it is asked for off the mock platform (only a warning is logged)
        c.atPowerUp(null);

        assertThat(c.platform().configName()).isEqualTo("gpiod");
    }
}
