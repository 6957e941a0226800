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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A station panel (an edge agent with a siren) sounds, tests and silences on the gateway's command. */
class SirenCommandEndToEndTest {

    private static final DeviceId PANEL = new DeviceId("t1", "panel-1");

    @TempDir
    Path dir;

    TestGateway gw;
    Agent panel;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(PANEL.tenant(), PANEL.device());
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(gw.mqttUri()), PANEL, TestGateway.PASSWORD,
                dir.resolve("panel/mqtt")));
        panel = new Agent(PANEL, new Hardware(GpioPlatform.MOCK, List.of(new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)),
                Hardware.DEFAULT_SIREN_PIN, Duration.ZERO), SeqCounter.open(dir.resolve("panel/seq")), uplink);
        panel.start();
        // connected and subscribed: a command gets through
        await().atMost(Duration.ofSeconds(15)).until(() -> command("{\"name\":\"silence\"}").statusCode() == 200);
    }

    @AfterEach
    void stop() {
        panel.close();
        gw.close();
    }

    @Test
    void soundsOnCommandAndSilences() {
        HttpResponse<String> sound = command("{\"name\":\"sound-alarm\",\"body\":{\"alarm\":12}}");
        assertThat(sound.statusCode()).as(sound.body()).isEqualTo(200);
        assertThat(new JsonObject(sound.body()).getJsonObject("body").getBoolean("sounding")).isTrue();
        assertThat(panel.isSirenSounding()).isTrue();

        HttpResponse<String> silence = command("{\"name\":\"silence\"}");
        assertThat(new JsonObject(silence.body()).getJsonObject("body").getBoolean("sounding")).isFalse();
        assertThat(panel.isSirenSounding()).isFalse();
    }

    @Test
    void silenceQuietsADetectorInAlarmUntilItAlarmsAgain() {
        panel.mockContact("smoke-1").set(true);
        await().atMost(Duration.ofSeconds(2)).until(panel::isSirenSounding);

        command("{\"name\":\"silence\"}");
        assertThat(panel.isSirenSounding()).isFalse();

        panel.mockContact("smoke-1").set(false);
        // the agent has settled on normal (the gateway has it) before the detector alarms again
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/devices/t1/panel-1").body()
                .contains("\"smoke-1\":\"normal\""));
        assertThat(panel.isSirenSounding()).isFalse();
        panel.mockContact("smoke-1").set(true);
        await().atMost(Duration.ofSeconds(2)).until(panel::isSirenSounding);
    }

    @Test
    void testSoundsBrieflyAndStopsByItself() {
        assertThat(command("{\"name\":\"test\"}").statusCode()).isEqualTo(200);
        assertThat(panel.isSirenSounding()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !panel.isSirenSounding());
    }

    @Test
    void unknownCommandOrBadBodyIsAnsweredWithAReason() {
        JsonObject unknown = new JsonObject(command("{\"name\":\"self-destruct\"}").body());
        assertThat(unknown.getInteger("status")).isEqualTo(404);
        assertThat(unknown.getJsonObject("body").getString("error")).contains("unknown command");
        JsonObject bad = new JsonObject(command("{\"name\":\"sound-alarm\",\"body\":{\"seconds\":-5}}").body());
        assertThat(bad.getInteger("status")).isEqualTo(400);
        assertThat(panel.isSirenSounding()).isFalse();
    }

    private HttpResponse<String> command(String body) {
        return gw.post("/api/v1/devices/" + PANEL.tenant() + "/" + PANEL.device() + "/commands", body);
    }
}
