package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's smoke alarm over MQTT becomes exactly one open fire alarm. */
class MqttEventToAlarmTest {

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
    void smokeAlarmEventIsAcknowledgedAndRaisesAnOpenFireAlarm() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);

            assertThat(ack.reasonCode()).isZero();
        }
        // the PUBACK was sent after the commit, so the alarm is already there
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).hasSize(1);
        JsonObject alarm = open.get(0);
        assertThat(alarm.getString("class")).isEqualTo("fire");
        assertThat(alarm.getString("state")).isEqualTo("raised");
        assertThat(alarm.getString("tenant")).isEqualTo("t1");
        assertThat(alarm.getString("device")).isEqualTo("pi-1");
        assertThat(alarm.getString("sensor")).isEqualTo("smoke-1");
        assertThat(alarm.getString("zone")).isEqualTo("A");
        assertThat(alarm.getString("site")).isEqualTo("site-1");
        assertThat(alarm.getLong("seq")).isEqualTo(1L);
        assertThat(alarm.getString("protocol")).isEqualTo("mqtt");
    }

    @Test
    void sameSeqSentTwiceYieldsOneAlarmAndBothAreAcknowledged() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("event", Bodies.smoke(7, "smoke-1", "alarm"), 1).reasonCode()).isZero();
            // a retransmission after a lost PUBACK: same seq, even on the long topic form
            assertThat(device.publish("event/t1/pi-1", Bodies.smoke(7, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        assertThat(gw.openAlarms()).hasSize(1);
        assertThat(gw.metric("firegrid_messages_total", "outcome", "duplicate")).isEqualTo(1.0);
        assertThat(gw.metric("firegrid_messages_total", "outcome", "stored")).isEqualTo(1.0);
    }

    @Test
    void detectorStillInAlarmWithNewSeqDoesNotRaiseASecondAlarm() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            device.publish("event", Bodies.smoke(2, "smoke-1", "normal"), 1);
            device.publish("e", Bodies.smoke(3, "smoke-1", "alarm"), 1);
        }
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).getLong("seq")).isEqualTo(1L);
    }

    @Test
    void secondDetectorInTheSameZoneConfirmsTheFire() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            device.publish("event", Bodies.smoke(2, "smoke-2", "alarm"), 1);
        }
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).hasSize(2).allSatisfy(a -> assertThat(a.getBoolean("confirmed")).isTrue());
    }

    @Test
    void manualCallPointRaisesAFireAlarmAndConfirmsADetectorInTheSameZone() throws Exception {
        String register = "{\"tenant\":\"t1\",\"id\":\"pi-2\",\"password\":\"" + TestGateway.PASSWORD + "\",\"site\":\"site-1\","
                + "\"sensors\":[{\"id\":\"mcp-1\",\"kind\":\"call-point\",\"zone\":\"A\"}]}";
        assertThat(gw.post("/api/v1/devices", register).statusCode()).isEqualTo(201);
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
             Mqtt5Device callPoint = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            String press = "{\"seq\":2,\"sensor\":\"mcp-1\",\"kind\":\"call-point\",\"state\":\"alarm\"}";
            assertThat(callPoint.publish("event", press.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1).reasonCode())
                    .isZero();
        }
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).extracting(a -> a.getString("type")).containsExactlyInAnyOrder("smoke", "call-point");
        assertThat(open).allSatisfy(a -> {
            assertThat(a.getString("class")).isEqualTo("fire");
            assertThat(a.getBoolean("confirmed")).isTrue();
        });
    }

    @Test
    void telemetryAndDoorEventsAreStoredWithoutRaisingFireAlarms() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("telemetry", Bodies.pressure(1, 0.32), 1).reasonCode()).isZero();
            assertThat(device.publish("event", Bodies.door(2, "open"), 1).reasonCode()).isZero();
            device.publish("telemetry", Bodies.pressure(3, 0.31), 0);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    gw.metric("firegrid_messages_total", "outcome", "stored") == 3.0);
        }
        assertThat(gw.openAlarms()).isEmpty();
        JsonObject dev = new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body());
        assertThat(dev.getJsonObject("lastValues").getString("door-1")).isEqualTo("open");
        assertThat(dev.getJsonObject("lastValues").getString("hydrant-1")).isEqualTo("0.31");
    }
}
