package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervisory and trouble rules, end to end through MQTT, on a clock the test moves: doors held
 * open, hydrant pressure out of band (with hysteresis) or dropping fast, sensor faults, devices
 * gone offline, tamper — raised once, restored when the condition clears.
 */
class SupervisoryAndTroubleRulesTest {

    @TempDir
    Path dataDir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
    TestGateway gw;
    Mqtt5Device pi;
    long seq;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, clock);
        gw.registerDevice("t1", "pi-1");
        pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        pi.close();
        gw.close();
    }

    @Test
    void fireDoorHeldOpenBeyondTheLimitRaisesOneSupervisoryAlarmThatClosingRestores() throws Exception {
        event("door-1", "door", "open");

        after(AlarmRules.DEFAULT_DOOR_HELD_OPEN_LIMIT.minusSeconds(1));
        assertThat(open("door-held-open")).isEmpty();

        after(Duration.ofSeconds(1));
        JsonObject alarm = open("door-held-open").orElseThrow();
        assertThat(alarm.getString("class")).isEqualTo("supervisory");
        assertThat(alarm.getString("sensor")).isEqualTo("door-1");
        assertThat(alarm.getString("zone")).isEqualTo("A");

        after(Duration.ofMinutes(10));
        assertThat(alarms("door-held-open")).hasSize(1);

        event("door-1", "door", "closed");
        assertThat(open("door-held-open")).isEmpty();
        JsonObject restored = alarms("door-held-open").get(0);
        assertThat(restored.getString("state")).isEqualTo("resolved");
        assertThat(restored.getString("cause")).isEqualTo("cleared");
    }

    @Test
    void doorHeldOpenTimerSurvivesAGatewayRestart() throws Exception {
        event("door-1", "door", "open");
        after(Duration.ofSeconds(60));
        pi.close();
        gw.close();

        gw = TestGateway.start(dataDir, clock);
        pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
        after(Duration.ofSeconds(59));
        assertThat(open("door-held-open")).isEmpty();
        after(Duration.ofSeconds(1));
        assertThat(open("door-held-open")).isPresent();
    }

    @Test
    void doorOpenedBrieflyRaisesNothing() throws Exception {
        event("door-1", "door", "open");
        after(Duration.ofSeconds(30));
        event("door-1", "door", "closed");
        after(Duration.ofMinutes(5));
        assertThat(alarms("door-held-open")).isEmpty();
    }

    @Test
    void pressureJitteringAtTheLowThresholdRaisesOneAlarmNotFifty() throws Exception {
        for (int i = 0; i < 50; i++) {
            pressure(i % 2 == 0 ? 0.249 : 0.251);
            after(Duration.ofSeconds(10));
        }
        assertThat(alarms("pressure-low")).hasSize(1);
        assertThat(open("pressure-low")).isPresent();

        // back inside the band by more than the hysteresis: restored
        pressure(AlarmRules.DEFAULT_PRESSURE_LOW_MPA + AlarmRules.DEFAULT_PRESSURE_HYSTERESIS_MPA + 0.001);
        assertThat(open("pressure-low")).isEmpty();
        assertThat(alarms("pressure-low").get(0).getString("cause")).isEqualTo("cleared");
    }

    @Test
    void pressureAboveTheBandRaisesPressureHigh() throws Exception {
        pressure(0.40);
        pressure(0.55);
        JsonObject high = open("pressure-high").orElseThrow();
        assertThat(high.getString("class")).isEqualTo("supervisory");
        assertThat(high.getString("sensor")).isEqualTo("hydrant-1");
        pressure(0.47);
        assertThat(open("pressure-high")).isEmpty();
    }

    @Test
    void pressureFallingFastRaisesPressureDroppingBeforeItIsLow() throws Exception {
        pressure(0.45);
        after(Duration.ofSeconds(20));
        pressure(0.40);
        after(Duration.ofSeconds(20));
        pressure(0.34);

        assertThat(open("pressure-dropping")).isPresent();
        assertThat(open("pressure-low")).isEmpty();
    }

    @Test
    void slowLeakOverHoursIsNotAFastDrop() throws Exception {
        double v = 0.45;
        for (int i = 0; i < 20; i++) {
            pressure(v);
            v -= 0.005;
            after(Duration.ofMinutes(5));
        }
        assertThat(alarms("pressure-dropping")).isEmpty();
    }

    @Test
    void sensorFaultIsTroubleUntilTheSensorReportsAgain() throws Exception {
        event("smoke-1", "smoke", "fault");
        JsonObject fault = open("sensor-fault").orElseThrow();
        assertThat(fault.getString("class")).isEqualTo("trouble");

        event("smoke-1", "smoke", "normal");
        assertThat(open("sensor-fault")).isEmpty();
        assertThat(alarms("smoke")).isEmpty();
    }

    @Test
    void deviceWhoseConnectionIsGoneBeyondTheDelayIsOfflineUntilItReturns() throws Exception {
        event("door-1", "door", "closed");
        pi.close();

        after(AlarmRules.DEFAULT_OFFLINE_AFTER.minusSeconds(1));
        assertThat(open("offline")).isEmpty();
        after(Duration.ofSeconds(1));
        JsonObject offline = open("offline").orElseThrow();
        assertThat(offline.getString("class")).isEqualTo("trouble");
        assertThat(offline.getString("device")).isEqualTo("pi-1");

        pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> open("offline").isEmpty());
        assertThat(alarms("offline").get(0).getString("cause")).isEqualTo("cleared");
    }

    @Test
    void tamperStaysOpenUntilAPersonResolvesIt() throws Exception {
        event("case", "device", "tamper");
        event("case", "device", "online");
        JsonObject tamper = open("tamper").orElseThrow();
        assertThat(tamper.getString("class")).isEqualTo("trouble");

        assertThat(gw.post("/api/v1/alarms/" + tamper.getLong("id") + "/resolve", "{\"cause\":\"cleared\"}").statusCode())
                .as("people may not claim the gateway's own cause").isEqualTo(400);
        assertThat(gw.post("/api/v1/alarms/" + tamper.getLong("id") + "/resolve", "{\"cause\":\"maintenance\"}").statusCode())
                .isEqualTo(200);
        assertThat(open("tamper")).isEmpty();
    }

    @Test
    void exitBlockedBeyondTheLimitRaisesOneSupervisoryAlarmThatClearingRestores() throws Exception {
        event("exit-1", "exit", "blocked");
        after(Duration.ofSeconds(10));
        event("exit-1", "exit", "clear");
        after(Duration.ofMinutes(5));
        assertThat(alarms("exit-blocked")).as("someone passing the sensor is not a blocked exit").isEmpty();

        event("exit-1", "exit", "blocked");
        after(AlarmRules.DEFAULT_EXIT_BLOCKED_LIMIT.minusSeconds(1));
        assertThat(open("exit-blocked")).isEmpty();
        after(Duration.ofSeconds(1));
        JsonObject alarm = open("exit-blocked").orElseThrow();
        assertThat(alarm.getString("class")).isEqualTo("supervisory");
        assertThat(alarm.getString("sensor")).isEqualTo("exit-1");

        event("exit-1", "exit", "blocked");
        after(Duration.ofMinutes(10));
        assertThat(alarms("exit-blocked")).hasSize(1);

        event("exit-1", "exit", "clear");
        assertThat(open("exit-blocked")).isEmpty();
        assertThat(alarms("exit-blocked").get(0).getString("cause")).isEqualTo("cleared");
    }

    @Test
    void smokeDetectorBackToNormalDoesNotCloseTheFireAlarm() throws Exception {
        event("smoke-1", "smoke", "alarm");
        event("smoke-1", "smoke", "normal");
        after(Duration.ofHours(1));
        assertThat(open("smoke")).isPresent();
    }

    private void event(String sensor, String kind, String state) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"sensor\":\"" + sensor + "\",\"kind\":\"" + kind + "\",\"state\":\"" + state + "\"}";
        assertThat(pi.publish("event", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private void pressure(double mpa) throws Exception {
        String body = "{\"seq\":" + (++seq) + ",\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":"
                + mpa + ",\"unit\":\"MPa\"}]}";
        assertThat(pi.publish("telemetry", body.getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
    }

    private void after(Duration d) {
        clock.advance(d);
        gw.tick();
    }

    private List<JsonObject> alarms(String type) {
        return gw.alarms("all").stream().filter(a -> a.getString("type").equals(type)).toList();
    }

    private Optional<JsonObject> open(String type) {
        return gw.openAlarms().stream().filter(a -> a.getString("type").equals(type)).findFirst();
    }
}
