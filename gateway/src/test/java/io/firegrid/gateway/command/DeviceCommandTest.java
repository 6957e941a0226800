package io.firegrid.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.PahoCallback;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands to a device over the Hono command topics: the gateway publishes
 * {@code command///req/{req-id}/{name}}, the device answers on {@code command///res/{req-id}/{status}}.
 */
class DeviceCommandTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    MqttClient panel;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "panel-1");
        gw.registerDevice("t1", "pi-2");
    }

    @AfterEach
    void stop() throws MqttException {
        if (panel != null && panel.isConnected()) {
            panel.disconnect();
        }
        gw.close();
    }

    @Test
    void deviceAnswersASoundAlarmCommandAndTheCallerGetsTheAnswer() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        panel = device("panel-1@t1", (topic, m) -> {
            received.complete(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            String reqId = topic.split("/")[4];
            panel.publish("command///res/" + reqId + "/200", "{\"sounding\":true}".getBytes(StandardCharsets.UTF_8), 1, false);
        });

        HttpResponse<String> r = gw.post("/api/v1/devices/t1/panel-1/commands",
                "{\"name\":\"sound-alarm\",\"body\":{\"alarm\":7,\"seconds\":60}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getInteger("status")).isEqualTo(200);
        assertThat(answer.getJsonObject("body").getBoolean("sounding")).isTrue();
        assertThat(received.get(5, TimeUnit.SECONDS)).matches("command///req/[0-9a-f]{16}/sound-alarm \\{\"alarm\":7,\"seconds\":60}");
    }

    @Test
    void commandToADeviceThatIsNotConnectedFailsAtOnceWithAReason() {
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/panel-1/commands", "{\"name\":\"silence\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("device-offline");
    }

    @Test
    void commandNobodyAnswersTimesOut() throws Exception {
        panel = device("panel-1@t1", (topic, m) -> { });
        HttpResponse<String> r = gw.post("/api/v1/devices/t1/panel-1/commands", "{\"name\":\"test\",\"timeoutSeconds\":1}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("did not answer command test within 1 s");
    }

    @Test
    void deviceCannotAnswerAnotherDevicesCommand() throws Exception {
        CompletableFuture<String> reqId = new CompletableFuture<>();
        panel = device("panel-1@t1", (topic, m) -> reqId.complete(topic.split("/")[4]));
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() ->
                gw.post("/api/v1/devices/t1/panel-1/commands", "{\"name\":\"test\",\"timeoutSeconds\":2}"));
        String id = reqId.get(5, TimeUnit.SECONDS);

        try (Mqtt5Device other = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack ack = other.publish("command///res/" + id + "/200", new byte[0], 1);
            assertThat(ack.reasonCode()).isEqualTo(0x83);
            assertThat(ack.reasonString()).contains("no command is waiting");
        }
        assertThat(call.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    @Test
    void refusesBadCommandRequests() {
        assertThat(gw.post("/api/v1/devices/t1/nobody/commands", "{\"name\":\"test\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> badName = gw.post("/api/v1/devices/t1/panel-1/commands", "{\"name\":\"sound alarm\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badName.body()).getString("error")).isEqualTo("bad-command");
        assertThat(gw.post("/api/v1/devices/t1/panel-1/commands", "{\"name\":\"test\",\"timeoutSeconds\":3600}").statusCode())
                .isEqualTo(400);
        assertThat(gw.post("/api/v1/devices/t1/panel-1/commands", "{}").statusCode()).isEqualTo(400);
    }

    @FunctionalInterface
    private interface OnCommand {
        void arrived(String topic, MqttMessage m) throws Exception;
    }

    private MqttClient device(String authId, OnCommand onCommand) throws MqttException {
        MqttClient c = new MqttClient(gw.mqttUri(), authId + "-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(PahoCallback.onMessage(onCommand::arrived));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(authId);
        o.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        c.subscribe("command///req/#", 1);
        return c;
    }
}
