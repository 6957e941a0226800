package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.eol.LoopSpec;
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

/**
 * A detector loop supervised by its end-of-line resistor, over MQTT to a real gateway: a cut wire
 * raises a trouble alarm for that detector and no fire, mending it clears the alarm, and a fire on
 * the mended loop is a fire again.
 */
class SupervisedLoopEndToEndTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final Duration SOON = Duration.ofSeconds(15);

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
        agent = new Agent(DEVICE, new Hardware(GpioPlatform.MOCK, List.of(new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)),
                Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE, List.of(), Hardware.NO_LED,
                List.of(LoopSpec.of("smoke-2", Kind.SMOKE, 1, Contact.NO))), SeqCounter.open(dir.resolve("agent/seq")), uplink);
        agent.start(a -> {
            a.mockContact("smoke-1").set(false);
            a.mockLoop("smoke-2").normal();
        });
        await().atMost(SOON).until(() -> "normal".equals(lastValue("smoke-2")) && "normal".equals(lastValue("smoke-1")));
    }

    @AfterEach
    void stop() {
        agent.close();
        gw.close();
    }

    @Test
    void aCutDetectorWireIsATroubleAlarmUntilMended() {
        assertThat(gw.openAlarms()).isEmpty();

        agent.mockLoop("smoke-2").cut();

        await().atMost(SOON).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-2").isPresent());
        JsonObject alarm = gw.openAlarmFor(DEVICE.device(), "smoke-2").orElseThrow();
        assertThat(alarm.getString("class")).isEqualTo("trouble");
        assertThat(alarm.getString("type")).isEqualTo("sensor-fault");
        assertThat(lastValue("smoke-2")).isEqualTo("fault");
        assertThat(gw.openAlarms()).as("no fire, and the other detector untouched").hasSize(1);
        assertThat(agent.isSirenSounding()).isFalse();

        agent.mockLoop("smoke-2").normal();

        await().atMost(SOON).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-2").isEmpty());
        assertThat(lastValue("smoke-2")).isEqualTo("normal");
    }

    @Test
    void aShortedDetectorWireIsATroubleAlarmAndTheMendedLoopStillReportsFire() {
        agent.mockLoop("smoke-2").shorted();
        await().atMost(SOON).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-2")
                .map(a -> a.getString("type").equals("sensor-fault")).orElse(false));

        agent.mockLoop("smoke-2").normal();
        await().atMost(SOON).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-2").isEmpty());
        agent.mockLoop("smoke-2").active();

        await().atMost(SOON).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-2")
                .map(a -> a.getString("class").equals("fire")).orElse(false));
        assertThat(agent.isSirenSounding()).isTrue();
    }

    private String lastValue(String sensor) {
        return new JsonObject(gw.get("/api/v1/devices/" + DEVICE.tenant() + "/" + DEVICE.device()).body())
                .getJsonObject("lastValues").getString(sensor);
    }
}
