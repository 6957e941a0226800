package io.firegrid.gateway.siren;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.PahoCallback;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's siren panel sounds for fires, not for trouble or supervisory alarms. */
class SirenChannelTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    MqttClient panel;
    final List<String> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        created(gw.post("/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"li\",\"name\":\"Li Wei\",\"role\":\"crew\"}"));
        created(gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"Station S\","
                + "\"location\":{\"lat\":31.23,\"lon\":121.47},\"crew\":[\"li\"]}"));
        created(gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"cell-1\",\"station\":\"S\"}"));
        created(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"site-1\",\"name\":\"Site 1\",\"cell\":\"cell-1\",\"building\":\"1\"}"));
        gw.registerDevice("t1", "pi-1"); // at site-1
        gw.registerDevice("t1", "panel-S");
        created(gw.post("/api/v1/stations/t1/S/panels", "{\"device\":\"panel-S\"}"));
        panel = new MqttClient(gw.mqttUri(), "panel-S", new MemoryPersistence());
        panel.setCallback(PahoCallback.onMessage((topic, m) -> {
            commands.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            panel.publish("command///res/" + topic.split("/")[4] + "/200", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("panel-S@t1");
        o.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        panel.connect(o);
        panel.subscribe("command///req/#", 1);
    }

    @AfterEach
    void stop() throws MqttException {
        panel.disconnect();
        gw.close();
    }

    @Test
    void troubleAlarmReachesTheStationWithoutSoundingItsSirenButAFireDoes() throws Exception {
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            pi.publish("event", "{\"seq\":1,\"sensor\":\"case\",\"kind\":\"device\",\"state\":\"tamper\"}"
                    .getBytes(StandardCharsets.UTF_8), 1);
            long tamper = gw.openAlarms().get(0).getLong("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/alarms/" + tamper + "/notifications")
                    .body().contains("\"S\""));
            assertThat(new JsonArray(gw.get("/api/v1/alarms/" + tamper + "/deliveries").body()).encode()).doesNotContain("siren");

            pi.publish("event", Bodies.smoke(2, "smoke-1", "alarm"), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !commands.isEmpty());
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0)).startsWith("sound-alarm {\"alarm\":2,\"reason\":\"raised\",\"seconds\":300}");
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
