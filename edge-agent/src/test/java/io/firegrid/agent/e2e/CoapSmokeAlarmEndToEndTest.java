package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.CoapUplink;
import io.firegrid.agent.uplink.CoapUplinkOptions;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on CoAP behaves like the agent on MQTT ({@link SmokeAlarmEndToEndTest}): a smoke
 * contact closing on the Pi4J mock platform goes as a confirmable POST over DTLS with the device's
 * PSK to a real gateway, which raises a fire alarm that a console sees and a crew acknowledges; an
 * alarm raised while the gateway is down arrives from the outbox when it returns; a command rides
 * on the answer to the agent's next message.
 */
class CoapSmokeAlarmEndToEndTest {

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
        gw.registerDeviceWithPsk(DEVICE.tenant(), DEVICE.device());
        try (SseClient console = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN))) {
            assertThat(new JsonArray(console.next(Duration.ofSeconds(10)).data())).isEmpty();
            startAgent(gw.coapsUri());

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
            assertThat(gw.openAlarms()).extracting(a -> a.getLong("id")).containsExactly(raised.getLong("id"));
            assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "endpoint", "event")).isGreaterThanOrEqualTo(1.0);

            // WHEN a crew member acknowledges it
            long id = raised.getLong("id");
            String crew = gw.issueToken(new JsonObject().put("name", "Zhang Wei").put("role", "crew")).getString("token");
            assertThat(gw.as(crew, "POST", "/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);

            // THEN its state changes, on the stream and in the API
            JsonObject acked = new JsonObject(console.next(Duration.ofSeconds(10)).data());
            assertThat(acked.getString("state")).isEqualTo("acknowledged");
            assertThat(acked.encode()).contains("Zhang Wei");
        }
    }

    @Test
    void alarmRaisedWhileTheGatewayIsDownSoundsTheSirenAndArrivesWhenItReturns() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDeviceWithPsk(DEVICE.tenant(), DEVICE.device());
        int coapsPort = gw.gateway().coapsPort();
        CoapUplink uplink = startAgent(gw.coapsUri());
        agent.mockContact("door-1").set(true);
        await().atMost(Duration.ofSeconds(15)).until(uplink::isConnected);

        gw.close();
        gw = null;

        agent.mockContact("smoke-1").set(true);
        await().atMost(Duration.ofSeconds(1)).until(agent::isSirenSounding);
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.isConnected());
        assertThat(uplink.undelivered()).isGreaterThanOrEqualTo(1);

        // the gateway comes back on the same port and data; the agent handshakes afresh
        gw = TestGateway.wrap(Gateway.start(TestGateway.config(dir.resolve("gateway"))
                .withCoap(CoapOptions.DEFAULTS.withPorts(0, coapsPort))));
        await().atMost(Duration.ofSeconds(60)).until(() -> gw.openAlarmFor("pi-0042", "smoke-1").isPresent());
        assertThat(gw.openAlarms()).filteredOn(a -> a.getString("sensor").equals("smoke-1")).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> uplink.undelivered() == 0);
    }

    @Test
    void sirenCommandRidesOnTheAnswerToTheAgentsNextMessage() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDeviceWithPsk(DEVICE.tenant(), DEVICE.device());
        CoapUplink uplink = startAgent(gw.coapsUri());
        agent.mockContact("door-1").set(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> uplink.isConnected() && uplink.undelivered() == 0);

        CompletableFuture<HttpResponse<String>> call = java.net.http.HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(gw.uri("/api/v1/devices/t1/pi-0042/commands"))
                        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sound-alarm\",\"body\":{\"seconds\":60},\"timeoutSeconds\":30}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(agent.isSirenSounding()).isFalse();
        Thread.sleep(200); // let the command reach the gateway's queue before the next message
        agent.mockContact("door-1").set(false);

        HttpResponse<String> r = call.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(200);
        assertThat(agent.isSirenSounding()).isTrue();
    }

    @Test
    void anIdleAgentWaitingForCommandsSoundsItsSirenWithinARoundTrip() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDeviceWithPsk(DEVICE.tenant(), DEVICE.device());
        CoapUplink uplink = startAgent(gw.coapsUri(), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> uplink.isConnected() && uplink.undelivered() == 0);

        // WHEN a command is sent while the agent has nothing to report
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/commands",
                "{\"name\":\"sound-alarm\",\"body\":{\"seconds\":60},\"timeoutSeconds\":10}");

        // THEN the request the agent keeps open carries it, and the answer comes back
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(200);
        assertThat(agent.isSirenSounding()).isTrue();
    }

    private CoapUplink startAgent(String coapsUri) throws Exception {
        return startAgent(coapsUri, Duration.ZERO);
    }

    private CoapUplink startAgent(String coapsUri, Duration commandWait) throws Exception {
        Hardware hardware = new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO),
                new ContactSpec("door-1", Kind.DOOR, 27, Contact.NO)), Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE);
        CoapUplink uplink = new CoapUplink(CoapUplinkOptions.of(URI.create(coapsUri), DEVICE, TestGateway.PSK,
                dir.resolve("agent/outbox")).withMaxRetryDelay(Duration.ofSeconds(1)).withAckTimeout(Duration.ofMillis(300)).withCommandWait(commandWait));
        agent = new Agent(DEVICE, hardware, SeqCounter.open(dir.resolve("agent/seq")), uplink);
        agent.start();
        return uplink;
    }
}
