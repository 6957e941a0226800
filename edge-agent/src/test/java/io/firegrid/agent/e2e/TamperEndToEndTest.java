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
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the enclosure trips the tamper switch: the gateway raises a trouble alarm, the siren stays quiet. */
class TamperEndToEndTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");

    @TempDir
    Path dir;

    private TestGateway gw;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(DEVICE.tenant(), DEVICE.device());
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(gw.mqttUri()), DEVICE, TestGateway.PASSWORD,
                dir.resolve("agent/mqtt")));
        agent = new Agent(DEVICE, new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO),
                new ContactSpec("tamper-1", Kind.DEVICE, 5, Contact.NC)), Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE),
                SeqCounter.open(dir.resolve("agent/seq")), uplink);
        // the lid is shut at power-up: the normally-closed switch is held closed
        agent.start(a -> a.mockContact("tamper-1").set(false));
        await().atMost(Duration.ofSeconds(15)).until(() -> "online".equals(lastValue("tamper-1")));
    }

    @AfterEach
    void stop() {
        agent.close();
        gw.close();
    }

    @Test
    void openingTheEnclosureRaisesATamperTroubleAlarmThatStaysUntilResolved() {
        assertThat(gw.openAlarms()).isEmpty();

        agent.mockContact("tamper-1").set(true);

        await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor(DEVICE.device(), "device").isPresent());
        JsonObject alarm = gw.openAlarmFor(DEVICE.device(), "device").orElseThrow();
        assertThat(alarm.getString("class")).isEqualTo("trouble");
        assertThat(alarm.getString("type")).isEqualTo("tamper");
        assertThat(lastValue("tamper-1")).isEqualTo("tamper");
        assertThat(agent.isSirenSounding()).isFalse();

        // closing the lid reports the device online again; the tamper alarm waits for a person (docs/alarms.md)
        agent.mockContact("tamper-1").set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> "online".equals(lastValue("tamper-1")));
        assertThat(gw.openAlarmFor(DEVICE.device(), "device")).isPresent();
    }

    @Test
    void aCutTamperWireReadsAsTamper() {
        agent.mockContact("tamper-1").level(com.pi4j.io.gpio.digital.DigitalState.LOW);

        await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor(DEVICE.device(), "device")
                .map(a -> a.getString("type").equals("tamper")).orElse(false));
    }

    private String lastValue(String sensor) {
        return new JsonObject(gw.get("/api/v1/devices/" + DEVICE.tenant() + "/" + DEVICE.device()).body())
                .getJsonObject("lastValues").getString(sensor);
    }
}
