package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where devices and sensors are, through the registration body: accepted and shown back, refused
 * against the site's floors and buildings with a reason and a counter, and carried by the alarm a
 * detector raises over MQTT.
 */
class DeviceLocationRoutesTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        HttpResponse<String> site = gw.post("/api/v1/sites", """
                {"tenant":"t1","id":"demo-site","name":"示范小区","building":"7","buildings":["8"],"floors":18,
                 "basementFloors":2,"address":"上海市浦东新区金桥路88号","location":{"lat":31.2304,"lon":121.4737}}""");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void siteShowsItsAddressCoordinatesBasementsAndBuildings() {
        JsonObject site = new JsonObject(gw.get("/api/v1/sites/t1/demo-site").body());

        assertThat(site.getString("address")).isEqualTo("上海市浦东新区金桥路88号");
        assertThat(site.getJsonObject("location").getDouble("lon")).isEqualTo(121.4737);
        assertThat(site.getInteger("basementFloors")).isEqualTo(2);
        assertThat(site.getJsonArray("buildings")).containsExactly("8");
    }

    @Test
    void registersDeviceAndSensorLocationsAndShowsThemBack() {
        HttpResponse<String> r = register("""
                "location":{"building":"7","unit":2,"floor":3,"label":"东侧走廊"},
                "sensors":[{"id":"smoke-1","kind":"smoke","zone":"B"},
                           {"id":"hydrant-1","kind":"pressure","location":{"floor":"B1","label":"水泵房"}}]""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject d = new JsonObject(gw.get("/api/v1/devices/t1/pi-b1").body());
        assertThat(d.getJsonObject("location").getInteger("unit")).isEqualTo(2);
        JsonObject hydrant = d.getJsonArray("sensors").getJsonObject(1);
        assertThat(hydrant.getJsonObject("location").getInteger("floor")).isEqualTo(-1);
        assertThat(hydrant.getJsonObject("locatedAt").getInteger("floor")).isEqualTo(-1);
        assertThat(hydrant.getJsonObject("locatedAt").getString("building")).isEqualTo("7");
        assertThat(hydrant.getJsonObject("locatedAt").getString("label")).isEqualTo("水泵房");
    }

    @Test
    void refusesAFloorAboveTheSiteNamingItsFloors() {
        assertRefused(register("""
                "location":{"building":"7","floor":19},"sensors":[{"id":"smoke-1","kind":"smoke"}]"""),
                "device pi-b1 is on floor 19, but site demo-site has floors 1 to 18 and basements B1 to B2");
    }

    @Test
    void refusesABasementDeeperThanTheSiteAndAnUnknownBuildingOfASensor() {
        assertRefused(register("""
                "sensors":[{"id":"smoke-1","kind":"smoke","location":{"floor":"B3"}}]"""),
                "sensor smoke-1 is on floor B3");
        assertRefused(register("""
                "sensors":[{"id":"smoke-1","kind":"smoke","location":{"building":"9","floor":2}}]"""),
                "sensor smoke-1 is in building '9', which site demo-site does not have: its buildings are 7, 8");
    }

    @Test
    void refusesLocationsOfTheWrongFormSayingWhatFits() {
        assertRefused(register("""
                "location":{"floor":"third"},"sensors":[]"""), "floor 'third' of device pi-b1 is not a whole floor number");
        assertRefused(register("""
                "location":{"unit":0},"sensors":[]"""), "unit 0 must be a whole number from 1 to 99");
        assertRefused(register("""
                "location":{"room":"302"},"sensors":[]"""), "has no key 'room'");
        assertRefused(register("""
                "location":"3楼东侧走廊","sensors":[]"""), "must be an object");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-location")).isEqualTo(4);
    }

    @Test
    void alarmRaisedOverMqttLeadsWithTheSensorsLocation() throws Exception {
        assertThat(register("""
                "location":{"building":"7","unit":2,"floor":3},
                "sensors":[{"id":"smoke-1","kind":"smoke","zone":"B","location":{"label":"东侧走廊"}}]""").statusCode())
                .isEqualTo(201);

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-b1@t1", TestGateway.PASSWORD)) {
            pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
        }

        JsonObject alarm = gw.openAlarmFor("pi-b1", "smoke-1").orElseThrow();
        assertThat(alarm.getJsonObject("locationText").getString("zh")).isEqualTo("示范小区 7栋 2单元 3层 东侧走廊 烟感");
        assertThat(alarm.getJsonObject("locationText").getString("en"))
                .isEqualTo("示范小区, Bldg 7, Unit 2, Floor 3, 东侧走廊, smoke detector");
        assertThat(alarm.getJsonObject("location").getString("address")).isEqualTo("上海市浦东新区金桥路88号");
        assertThat(alarm.getJsonObject("location").getDouble("lat")).isEqualTo(31.2304);
    }

    @Test
    void aChangedDeviceMovesWithItsLocationCheckedAsAtRegistrationAndKeptAfterARestart() {
        assertThat(register("""
                "location":{"building":"7","unit":2,"floor":3},"sensors":[{"id":"smoke-1","kind":"smoke"}]""").statusCode())
                .isEqualTo(201);

        HttpResponse<String> tooHigh = gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/devices/t1/pi-b1", """
                {"site":"demo-site","location":{"building":"7","floor":19},"sensors":[{"id":"smoke-1","kind":"smoke"}]}""");
        HttpResponse<String> moved = gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/devices/t1/pi-b1", """
                {"site":"demo-site","location":{"building":"8","unit":1,"floor":"B1","label":"水泵房"},
                 "sensors":[{"id":"smoke-1","kind":"smoke"}]}""");

        assertThat(tooHigh.statusCode()).as(tooHigh.body()).isEqualTo(400);
        assertThat(new JsonObject(tooHigh.body()).getString("detail")).contains("device pi-b1 is on floor 19");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        JsonObject at = new JsonObject(gw.get("/api/v1/devices/t1/pi-b1").body()).getJsonObject("location");
        assertThat(at.getString("building")).isEqualTo("8");
        assertThat(at.getInteger("floor")).isEqualTo(-1);
        gw.close();
        gw = TestGateway.start(dataDir);
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-b1").body()).getJsonObject("location").getString("label"))
                .isEqualTo("水泵房");
    }

    private HttpResponse<String> register(String fields) {
        return gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-b1","password":"%s","site":"demo-site",%s}""".formatted(TestGateway.PASSWORD, fields));
    }

    private void assertRefused(HttpResponse<String> r, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("bad-location");
        assertThat(body.getString("detail")).contains(reason);
        assertThat(gw.get("/api/v1/devices/t1/pi-b1").statusCode()).isEqualTo(404);
    }
}
