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
import io.firegrid.agent.uplink.CredentialStore;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
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
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password rotated while the agent publishes: the agent takes the new password by command,
 * stores it and reconnects with it; the gateway then refuses the old one; no event is lost.
 */
class CredentialRotationEndToEndTest {

    private static final DeviceId PI = TestAgents.DEVICE;
    private static final int TOGGLES = 120;

    @TempDir
    Path dir;

    TestGateway gw;
    Agent agent;
    MqttUplink uplink;
    SeqCounter seq;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(PI.tenant(), PI.device());
        startAgent();
    }

    private void startAgent() throws Exception {
        uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(gw.mqttUri()), PI, TestGateway.PASSWORD, dir.resolve("pi/mqtt")));
        seq = SeqCounter.open(dir.resolve("pi/seq"), () -> 1);
        agent = new Agent(PI, new Hardware(GpioPlatform.MOCK, List.of(TestAgents.door("door-1", 27, Contact.NO)),
                TestAgents.SIREN_PIN, Duration.ZERO), seq, uplink);
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(uplink::isConnected);
    }

    @AfterEach
    void stop() {
        agent.close();
        gw.close();
    }

    @Test
    void anAgentPublishingThroughARotationLosesNoEventAndTheOldPasswordIsThenRefused() throws Exception {
        // GIVEN an agent whose door changes state all the time
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

        // WHEN its password is rotated in the middle of it
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/credentials", "{\"graceSeconds\":600}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject rotation = new JsonObject(r.body());
        assertThat(rotation.getBoolean("sent")).as(rotation.getString("detail")).isTrue();
        String newPassword = rotation.getString("password");
        doors.join();

        // THEN every message the agent numbered is stored once, and nothing waits in its outbox
        await().atMost(Duration.ofSeconds(20)).until(() -> uplink.undelivered() == 0 && uplink.isConnected());
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_messages_total", "outcome", "stored") == seq.last());
        assertThat(seq.last()).as("the initial state, the door's changes and heartbeats").isGreaterThan(TOGGLES / 2);

        // AND the agent reconnected with the new password, which revoked the old one
        await().atMost(Duration.ofSeconds(10)).until(() -> new JsonArray(gw.get("/api/v1/devices/t1/pi-0042/history").body())
                .stream().anyMatch(o -> "old-password-revoked".equals(((JsonObject) o).getString("what"))));
        assertThatThrownBy(() -> gw.connect("pi-0042@t1", TestGateway.PASSWORD).disconnect())
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        gw.connect("pi-0042@t1", newPassword).disconnect();

        // AND it keeps the new password, mode 600, across a restart with the old one still in its settings
        Path saved = dir.resolve("pi/mqtt").resolve(CredentialStore.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(saved)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(saved)).contains(newPassword);
        agent.close();
        startAgent();
        assertThat(uplink.isConnected()).isTrue();
    }

    @Test
    void aRotationTheDeviceCannotTakeLeavesTheOldPasswordValidForTheGrace() throws Exception {
        agent.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !new JsonObject(gw.get("/api/v1/devices/t1/pi-0042").body())
                .getBoolean("connected"));

        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-0042/credentials", "{\"graceSeconds\":600}");
        JsonObject rotation = new JsonObject(r.body());
        assertThat(rotation.getBoolean("sent")).isFalse();
        assertThat(rotation.getString("detail")).contains("put the new credentials on the device", rotation.getString("oldValidUntil"));

        startAgent(); // still with the old password, within the grace period
        assertThat(uplink.isConnected()).isTrue();
    }
}
