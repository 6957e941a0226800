package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first capability end to end, on real parts: a smoke detector contact closes on an edge agent
 * (Pi4J mock platform, the same code as on a Pi), the agent publishes over MQTT with Paho, a real
 * gateway stores the event and raises a fire alarm, and a console's live stream shows it; a crew
 * member acknowledges it through the API.
 */
class SmokeAlarmEndToEndTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");

    @TempDir
    Path dir;

    TestGateway gw;
    Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void smokeContactClosingShowsAFireAlarmOnTheStreamThatACrewCanAcknowledge() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(DEVICE.tenant(), DEVICE.device());
        try (SseClient console = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN))) {
            assertThat(new JsonArray(console.next(Duration.ofSeconds(10)).data())).isEmpty();
            MqttUplink uplink = startAgent(URI.create(gw.mqttUri()));
            await().atMost(Duration.ofSeconds(15)).until(uplink::isConnected);

            // WHEN the detector's alarm contact closes
            agent.mockContact("smoke-1").set(true);

            // THEN the siren sounds and the console sees a fire alarm for that detector
            await().atMost(Duration.ofSeconds(1)).until(agent::isSirenSounding);
            JsonObject raised = new JsonObject(console.next(Duration.ofSeconds(10)).data());
            assertThat(raised.getString("class")).isEqualTo("fire");
            assertThat(raised.getString("state")).isEqualTo("raised");
            assertThat(raised.getString("device")).isEqualTo("pi-0042");
            assertThat(raised.getString("sensor")).isEqualTo("smoke-1");
            assertThat(raised.getString("zone")).isEqualTo("A");
            List<JsonObject> open = gw.openAlarms();
            assertThat(open).extracting(a -> a.getLong("id")).containsExactly(raised.getLong("id"));

            // WHEN a crew member acknowledges it
            long id = raised.getLong("id");
            String crew = gw.issueToken(new JsonObject().put("name", "Zhang Wei").put("role", "crew")).getString("token");
            assertThat(gw.as(crew, "POST", "/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);

            // THEN its state changes, on the stream and in the API
            JsonObject acked = new JsonObject(console.next(Duration.ofSeconds(10)).data());
            assertThat(acked.getString("state")).isEqualTo("acknowledged");
            assertThat(acked.encode()).contains("Zhang Wei");
            assertThat(new JsonObject(gw.get("/api/v1/alarms/" + id).body()).getString("state")).isEqualTo("acknowledged");
        }
    }

    @Test
    void alarmRaisedWhileTheGatewayIsDownSoundsTheSirenAndArrivesWhenItReturns() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(DEVICE.tenant(), DEVICE.device());
        int mqttPort = gw.gateway().mqttPort();
        MqttUplink uplink = startAgent(URI.create(gw.mqttUri()));
        await().atMost(Duration.ofSeconds(15)).until(uplink::isConnected);

        gw.close();
        gw = null;
        await().atMost(Duration.ofSeconds(15)).until(() -> !uplink.isConnected());

        agent.mockContact("smoke-1").set(true);
        await().atMost(Duration.ofSeconds(1)).until(agent::isSirenSounding);

        // the gateway comes back on the same port and data
        gw = new TestGatewayOnPort(dir.resolve("gateway"), mqttPort).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> gw.openAlarmFor("pi-0042", "smoke-1").isPresent());
        assertThat(gw.openAlarms()).hasSize(1);
    }

    private MqttUplink startAgent(URI mqtt) throws Exception {
        Hardware hardware = new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO),
                new ContactSpec("door-1", Kind.DOOR, 27, Contact.NO)), Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE);
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(mqtt, DEVICE, TestGateway.PASSWORD, dir.resolve("agent/mqtt"))
                .withMaxReconnectDelay(Duration.ofSeconds(1)));
        agent = new Agent(DEVICE, hardware, SeqCounter.open(dir.resolve("agent/seq")), uplink);
        agent.start();
        return uplink;
    }

    /** Restarts a gateway on a data directory with a fixed MQTT port, as after a power cut. */
    private record TestGatewayOnPort(Path dataDir, int mqttPort) {
        TestGateway start() {
            return TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withMqttPort(mqttPort)));
        }
    }
}
