package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device inventing sensor ids: the first few unregistered sensors are taken (a real fire alarm is
 * not refused over a configuration slip), the rest refused with quota exceeded, the device gets one
 * trouble alarm, and its state in the gateway stays bounded.
 */
class UnregisteredSensorsTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device device;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
        device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        gw.close();
    }

    @Test
    void smokeFromInventedDetectorsIsTakenUpToTheAllowanceThenRefusedWithQuotaExceeded() throws Exception {
        int seq = 0;
        // GIVEN a device that reports smoke from detectors it never registered
        for (int i = 0; i < SensorAllowance.DEFAULT_MAX_UNREGISTERED; i++) {
            Mqtt5Device.Ack ack = device.publish("event", Bodies.smoke(++seq, "invented-" + i, "alarm"), 1);
            assertThat(ack.reasonCode()).as("invented detector %d within the allowance", i).isZero();
        }

        // WHEN it goes on inventing
        Mqtt5Device.Ack refused = device.publish("event", Bodies.smoke(++seq, "invented-x", "alarm"), 1);

        // THEN the message is refused with a reason, counted, and the device gets one trouble alarm
        assertThat(refused.reasonCode()).isEqualTo(0x97);
        assertThat(refused.reasonString()).contains("did not register", "register its sensors");
        assertThat(gw.metric("firegrid_refused_total", "code", "too-many-sensors")).isEqualTo(1.0);
        assertThat(gw.openAlarmFor("pi-1", "invented-x")).isEmpty();
        assertThat(gw.openAlarms().stream().filter(a -> "unknown-sensors".equals(a.getString("type"))))
                .singleElement().satisfies(a -> {
                    assertThat(a.getString("class")).isEqualTo("trouble");
                    assertThat(a.getString("sensor")).isEqualTo("device");
                });
        assertThat(gw.openAlarms().stream().filter(a -> "fire".equals(a.getString("class"))))
                .hasSize(SensorAllowance.DEFAULT_MAX_UNREGISTERED);

        // and its registered detectors, and the ones already taken, still raise alarms
        assertThat(device.publish("event", Bodies.smoke(++seq, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();
        assertThat(device.publish("event", Bodies.smoke(++seq, "invented-3", "normal"), 1).reasonCode()).isZero();
    }

    @Test
    void readingsNamingHundredsOfInventedSensorsCannotGrowTheDevicesState() throws Exception {
        StringBuilder readings = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            readings.append(i == 0 ? "" : ",").append("{\"sensor\":\"h-").append(i)
                    .append("\",\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}");
        }
        byte[] body = ("{\"seq\":1,\"readings\":[" + readings + "]}").getBytes(StandardCharsets.UTF_8);

        Mqtt5Device.Ack ack = device.publish("telemetry", body, 1);

        assertThat(ack.reasonCode()).isEqualTo(0x97);
        JsonObject status = new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body());
        assertThat(status.getJsonObject("lastValues", new JsonObject()).size()).isZero();
        assertThat(device.publish("telemetry", Bodies.pressure(2, 0.31), 1).reasonCode()).isZero();
    }
}
