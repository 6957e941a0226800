package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.TestAgents;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.CoapUplink;
import io.firegrid.agent.uplink.CoapUplinkOptions;
import io.firegrid.agent.uplink.CredentialStore;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PSK rotated while the agent publishes over CoAP and DTLS: the agent takes the new key (under
 * its new identity) by command, stores it and makes its next handshake with it, which revokes the
 * old key at the gateway; no event is lost, and a handshake with the old key is then refused.
 */
class CoapPskRotationEndToEndTest {

    private static final DeviceId PI = TestAgents.DEVICE;
    private static final int TOGGLES = 120;

    @TempDir
    Path dir;

    TestGateway gw;
    Agent agent;
    CoapUplink uplink;
    SeqCounter seq;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDeviceWithPsk(PI.tenant(), PI.device());
        startAgent();
    }

    private void startAgent() throws Exception {
        uplink = new CoapUplink(CoapUplinkOptions.of(URI.create(gw.coapsUri()), PI, TestGateway.PSK, dir.resolve("pi/mqtt"))
                .withMaxRetryDelay(Duration.ofSeconds(1)).withAckTimeout(Duration.ofMillis(300))
                .withCommandWait(Duration.ofSeconds(5)));
        seq = SeqCounter.open(dir.resolve("pi/seq"), () -> 1);
        agent = new Agent(PI, new Hardware(GpioPlatform.MOCK, List.of(TestAgents.door("door-1", 27, Contact.NO)),
                TestAgents.SIREN_PIN, Duration.ZERO), seq, uplink);
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> uplink.isConnected() && uplink.undelivered() == 0);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        gw.close();
    }

    @Test
    void anAgentPublishingThroughAPskRotationLosesNoEventAndTheOldKeyIsThenRefused() throws Exception {
        // GIVEN an agent on CoAP over DTLS whose door changes state all the time
        Thread doors = new Thread(() -> {
            for (int i = 0; i < TOGGLES; i++) {
                agent.mockContact("door-1").set(i % 2 == 0);
                try {
                    Thread.sleep(5); // paces the door, asserts nothing
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        doors.start();

        // WHEN its password and PSK are rotated in the middle of it, with a grace period
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/credentials", "{\"graceSeconds\":600,\"psk\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject rotation = new JsonObject(r.body());
        assertThat(rotation.getBoolean("sent")).as(rotation.getString("detail")).isTrue();
        String newPsk = rotation.getString("psk");
        String newIdentity = rotation.getString("pskIdentity");
        assertThat(newIdentity).isEqualTo("pi-0042@t1~2");
        doors.join();

        // THEN every message the agent numbered is stored once, and nothing waits in its outbox
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.undelivered() == 0 && uplink.isConnected());
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_messages_total", "outcome", "stored") == seq.last());
        assertThat(seq.last()).as("the initial state, the door's changes and heartbeats").isGreaterThan(TOGGLES / 2);

        // AND the agent's handshake with the new key revoked the old one
        await().atMost(Duration.ofSeconds(10)).until(() -> new JsonArray(gw.get("/api/v1/devices/t1/pi-0042/history").body())
                .stream().anyMatch(o -> "old-psk-revoked".equals(((JsonObject) o).getString("what"))));
        try (CoapDevice old = CoapDevice.dtls(gw.coapsUri(), "pi-0042@t1", TestGateway.PSK)) {
            assertThatThrownBy(() -> old.post("/event", Bodies.smoke(900_001, "smoke-1", "alarm")))
                    .as("the handshake with the old key fails").hasMessageContaining("Handshake");
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                gw.metric("firegrid_refused_total", "protocol", "coap", "code", "revoked-psk-identity") >= 1.0);
        try (CoapDevice fresh = CoapDevice.dtls(gw.coapsUri(), newIdentity, newPsk)) {
            CoapResponse ok = fresh.post("/event", Bodies.smoke(900_002, "smoke-1", "normal"));
            assertThat(ok).isNotNull();
            assertThat(ok.getCode()).as(ok.getResponseText()).isEqualTo(CoAP.ResponseCode.CHANGED);
        }

        // AND it keeps the new key and identity, mode 600, across a restart with the old key still in its settings
        Path saved = dir.resolve("pi/mqtt").resolve(CredentialStore.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(saved)).contains(newPsk, newIdentity);
        agent.close();
        double stored = gw.metric("firegrid_messages_total", "outcome", "stored");
        startAgent();
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric("firegrid_messages_total", "outcome", "stored") > stored);
    }

    @Test
    void theOldKeyWorksWithinTheGraceUntilTheNewOneIsUsed() throws Exception {
        agent.close();
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/credentials",
                "{\"graceSeconds\":600,\"psk\":true,\"send\":false}");
        JsonObject rotation = new JsonObject(r.body());
        assertThat(rotation.getBoolean("sent")).isFalse();

        // the agent that did not get the new key keeps working within the grace period
        startAgent();
        agent.close();

        // once the new key made a session, the old one is refused
        try (CoapDevice fresh = CoapDevice.dtls(gw.coapsUri(), rotation.getString("pskIdentity"), rotation.getString("psk"))) {
            CoapResponse ok = fresh.post("/event", Bodies.smoke(900_003, "smoke-1", "normal"));
            assertThat(ok.getCode()).as(ok.getResponseText()).isEqualTo(CoAP.ResponseCode.CHANGED);
        }
        try (CoapDevice old = CoapDevice.dtls(gw.coapsUri(), "pi-0042@t1", TestGateway.PSK)) {
            assertThatThrownBy(() -> old.post("/event", Bodies.smoke(900_004, "smoke-1", "alarm"))).hasMessageContaining("Handshake");
        }
        agent = null;
    }
}
