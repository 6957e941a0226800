package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live alarm stream: a snapshot of open alarms first, then every change as it is stored. */
class AlarmStreamTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void consoleSeesSnapshotThenRaisedAlarmThenItsAcknowledgement() throws Exception {
        try (SseClient stream = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN));
             Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            SseClient.Frame snapshot = stream.next(Duration.ofSeconds(10));
            assertThat(snapshot.event()).isEqualTo("snapshot");
            assertThat(new JsonArray(snapshot.data())).isEmpty();

            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);

            SseClient.Frame raised = stream.next(Duration.ofSeconds(10));
            assertThat(raised.event()).isEqualTo("alarm");
            JsonObject alarm = new JsonObject(raised.data());
            assertThat(alarm.getString("state")).isEqualTo("raised");
            assertThat(alarm.getString("class")).isEqualTo("fire");

            gw.post("/api/v1/alarms/" + alarm.getLong("id") + "/ack", "{}");

            JsonObject acked = new JsonObject(stream.next(Duration.ofSeconds(10)).data());
            assertThat(acked.getLong("id")).isEqualTo(alarm.getLong("id"));
            assertThat(acked.getString("state")).isEqualTo("acknowledged");
        }
    }

    @Test
    void lateConsoleGetsOpenAlarmsInItsSnapshot() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
        }
        try (SseClient stream = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN))) {
            SseClient.Frame snapshot = stream.next(Duration.ofSeconds(10));
            assertThat(snapshot.event()).isEqualTo("snapshot");
            assertThat(new JsonArray(snapshot.data())).hasSize(1);
        }
    }

    @Test
    void streamNeedsTheToken() throws Exception {
        assertThat(SseClient.status(gw.uri("/api/v1/alarms/stream"))).isEqualTo(401);
        assertThat(SseClient.status(gw.uri("/api/v1/alarms/stream?access_token=wrong-token"))).isEqualTo(401);
    }
}
