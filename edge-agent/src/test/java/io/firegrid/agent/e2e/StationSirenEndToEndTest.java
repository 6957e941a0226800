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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke detector in a stairwell goes into alarm, and the siren panel in the micro fire station
 * covering that building sounds: detector agent -> gateway -> routing -> sound-alarm command ->
 * panel agent's siren output.
 */
class StationSirenEndToEndTest {

    @TempDir
    Path dir;

    TestGateway gw;
    Agent detector;
    Agent panel;

    @AfterEach
    void stop() {
        for (Agent a : new Agent[] {detector, panel}) {
            if (a != null) {
                a.close();
            }
        }
        gw.close();
    }

    @Test
    void detectorAlarmSoundsTheCoveringStationsPanel() throws Exception {
        gw = TestGateway.start(dir.resolve("gateway"));
        created(gw.post("/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"li\",\"name\":\"Li Wei\",\"role\":\"crew\"}"));
        created(gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"Station S\","
                + "\"location\":{\"lat\":31.23,\"lon\":121.47},\"crew\":[\"li\"]}"));
        created(gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"cell-1\",\"station\":\"S\"}"));
        created(gw.post("/api/v1/sites", "{\"tenant\":\"t1\",\"id\":\"bldg-7\",\"name\":\"Building 7\",\"cell\":\"cell-1\","
                + "\"building\":\"7\"}"));
        created(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"stair-pi\",\"password\":\"" + TestGateway.PASSWORD
                + "\",\"site\":\"bldg-7\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"F3\"}]}"));
        created(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"panel-S\",\"password\":\"" + TestGateway.PASSWORD + "\"}"));
        created(gw.post("/api/v1/stations/t1/S/panels", "{\"device\":\"panel-S\"}"));
        assertThat(new JsonArray(gw.get("/api/v1/stations/t1/S/panels").body())).containsExactly("panel-S");

        panel = agent(new DeviceId("t1", "panel-S"), List.of());
        detector = agent(new DeviceId("t1", "stair-pi"), List.of(new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)));
        await().atMost(Duration.ofSeconds(15)).until(() -> gw.post("/api/v1/devices/t1/panel-S/commands",
                "{\"name\":\"silence\"}").statusCode() == 200);

        detector.mockContact("smoke-1").set(true);

        await().atMost(Duration.ofSeconds(15)).until(panel::isSirenSounding);
        long id = gw.openAlarmFor("stair-pi", "smoke-1").orElseThrow().getLong("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/alarms/" + id + "/deliveries").body()
                .contains("\"delivered\""));
        JsonArray deliveries = new JsonArray(gw.get("/api/v1/alarms/" + id + "/deliveries").body());
        JsonObject siren = deliveries.stream().map(JsonObject.class::cast)
                .filter(d -> "siren".equals(d.getString("channel"))).findFirst().orElseThrow();
        assertThat(siren.getString("target")).isEqualTo("panel-S@t1");
    }

    @Test
    void refusesPanelsThatAreNotRegisteredDevicesOrStationsThatDoNotExist() {
        gw = TestGateway.start(dir.resolve("gateway"));
        created(gw.post("/api/v1/stations", "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"Station S\","
                + "\"location\":{\"lat\":31.23,\"lon\":121.47}}"));
        HttpResponse<String> noDevice = gw.post("/api/v1/stations/t1/S/panels", "{\"device\":\"ghost\"}");
        assertThat(noDevice.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(noDevice.body()).getString("detail")).contains("register it first");
        assertThat(gw.post("/api/v1/stations/t1/nowhere/panels", "{\"device\":\"ghost\"}").statusCode()).isEqualTo(404);
        assertThat(gw.post("/api/v1/stations/t1/S/panels", "{}").statusCode()).isEqualTo(400);
    }

    private Agent agent(DeviceId id, List<ContactSpec> contacts) throws Exception {
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(gw.mqttUri()), id, TestGateway.PASSWORD,
                dir.resolve(id.device() + "/mqtt")));
        Agent a = new Agent(id, new Hardware(GpioPlatform.MOCK, contacts, Hardware.DEFAULT_SIREN_PIN, Duration.ZERO),
                SeqCounter.open(dir.resolve(id.device() + "/seq")), uplink);
        a.start();
        return a;
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
