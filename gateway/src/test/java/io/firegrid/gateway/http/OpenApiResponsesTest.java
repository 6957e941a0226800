package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers of a running gateway's main routes match the schemas the OpenAPI document gives for
 * their status: successes, and the error body of refusals. Each call names the documented operation
 * ({@code GET /api/v1/devices/{tenant}/{device}}) and the path it sends.
 */
class OpenApiResponsesTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    OpenApiContract contract;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        // the document as served, so what a client downloads is what is checked
        contract = OpenApiContract.of(new JsonObject(gw.send(HttpRequest.newBuilder(gw.uri(OpenApi.PATH)).build()).body()));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void devicesAlarmsAndTheirLifecycleAnswerAsDocumented() throws Exception {
        // GIVEN a registered device whose detector alarms
        call(201, "POST", "/api/v1/devices", "/api/v1/devices", """
                {"tenant":"t1","id":"pi-1","password":"correct-horse-battery","site":"site-1",
                 "location":{"building":"7","floor":3,"label":"east corridor"},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"A"},{"id":"smoke-2","kind":"smoke","zone":"A"},
                            {"id":"hydrant-1","kind":"pressure","limits":{"pressureLowMpa":0.2,"pressureHighMpa":0.6}},{"id":"door-1","kind":"door"}]}""");
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
            assertThat(device.publish("telemetry", Bodies.pressure(2, 0.31), 1).reasonCode()).isZero();
            // THEN a device, the list and the connected device's last values are as documented
            call(200, "GET", "/api/v1/devices/{tenant}/{device}", "/api/v1/devices/t1/pi-1", null);
        }
        call(200, "GET", "/api/v1/devices", "/api/v1/devices", null);
        call(200, "GET", "/api/v1/devices/{tenant}/{device}/readings", "/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1", null);
        long id = new JsonObject("{\"a\":" + call(200, "GET", "/api/v1/alarms", "/api/v1/alarms?state=open", null).body() + "}")
                .getJsonArray("a").getJsonObject(0).getLong("id");

        // AND the alarm through its lifecycle
        call(200, "GET", "/api/v1/alarms/{id}", "/api/v1/alarms/" + id, null);
        call(200, "POST", "/api/v1/alarms/{id}/ack", "/api/v1/alarms/" + id + "/ack", "{}");
        call(409, "POST", "/api/v1/alarms/{id}/ack", "/api/v1/alarms/" + id + "/ack", "{}");
        call(200, "POST", "/api/v1/alarms/{id}/en-route", "/api/v1/alarms/" + id + "/en-route", "{}");
        call(200, "POST", "/api/v1/alarms/{id}/on-scene", "/api/v1/alarms/" + id + "/on-scene", "{}");
        call(400, "POST", "/api/v1/alarms/{id}/resolve", "/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"aliens\"}");
        call(200, "POST", "/api/v1/alarms/{id}/resolve", "/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"false-alarm\"}");
        call(200, "GET", "/api/v1/alarms/{id}/notifications", "/api/v1/alarms/" + id + "/notifications", null);
        call(200, "GET", "/api/v1/alarms/{id}/deliveries", "/api/v1/alarms/" + id + "/deliveries", null);
        call(404, "GET", "/api/v1/alarms/{id}", "/api/v1/alarms/999", null);
        call(400, "GET", "/api/v1/alarms", "/api/v1/alarms?state=burning", null);

        // AND isolation, change, rotation and decommissioning of the device
        JsonObject isolation = new JsonObject(call(201, "POST", "/api/v1/isolations", "/api/v1/isolations",
                "{\"tenant\":\"t1\",\"device\":\"pi-1\",\"sensor\":\"smoke-2\",\"reason\":\"decorators sanding\"}").body());
        call(200, "GET", "/api/v1/isolations", "/api/v1/isolations", null);
        call(200, "DELETE", "/api/v1/isolations/{id}", "/api/v1/isolations/" + isolation.getLong("id"), null);
        call(200, "PUT", "/api/v1/devices/{tenant}/{device}", "/api/v1/devices/t1/pi-1",
                "{\"site\":\"site-2\",\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"B\"}],\"maxSilenceSeconds\":600}");
        call(200, "POST", "/api/v1/devices/{tenant}/{device}/credentials", "/api/v1/devices/t1/pi-1/credentials",
                "{\"send\":false}");
        call(200, "GET", "/api/v1/devices/{tenant}/{device}/history", "/api/v1/devices/t1/pi-1/history", null);
        call(200, "POST", "/api/v1/devices/{tenant}/{device}/decommission", "/api/v1/devices/t1/pi-1/decommission",
                "{\"reason\":\"replaced\"}");
        call(200, "GET", "/api/v1/devices/decommissioned", "/api/v1/devices/decommissioned", null);

        // AND refusals carry the error body
        call(400, "POST", "/api/v1/devices", "/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi 2\",\"password\":\"s3cret-pass\"}");
        call(404, "GET", "/api/v1/devices/{tenant}/{device}", "/api/v1/devices/t1/nobody", null);
        assertThat(contract.checked()).isEqualTo(26);
    }

    @Test
    void placesRostersAndDrillsAnswerAsDocumented() {
        call(201, "POST", "/api/v1/people", "/api/v1/people",
                "{\"tenant\":\"t1\",\"id\":\"li\",\"name\":\"Li Wei\",\"role\":\"crew\",\"phone\":\"+8613800138000\"}");
        call(201, "POST", "/api/v1/people", "/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"wang\",\"name\":\"Wang Fang\",\"role\":\"grid-worker\"}");
        call(201, "POST", "/api/v1/people", "/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"zhao\",\"name\":\"Zhao Min\",\"role\":\"building-captain\"}");
        call(201, "POST", "/api/v1/stations", "/api/v1/stations",
                "{\"tenant\":\"t1\",\"id\":\"S\",\"name\":\"Station S\",\"location\":{\"lat\":31.23,\"lon\":121.47},\"crew\":[\"li\"]}");
        call(201, "POST", "/api/v1/cells", "/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"cell-3\",\"station\":\"S\",\"gridWorkers\":[\"wang\"]}");
        call(201, "POST", "/api/v1/sites", "/api/v1/sites", """
                {"tenant":"t1","id":"bldg-7","name":"Building 7","cell":"cell-3","building":"7","floors":18,"captains":["zhao"],
                 "address":"1 Demo Road","location":{"lat":31.2,"lon":121.5},"limits":{"pressureLowMpa":0.25,"pressureHighMpa":0.5}}""");
        call(409, "POST", "/api/v1/people", "/api/v1/people", "{\"tenant\":\"t1\",\"id\":\"li\",\"name\":\"Li Wei\",\"role\":\"crew\"}");
        for (String kind : new String[] {"people", "stations", "cells", "sites"}) {
            call(200, "GET", "/api/v1/" + kind, "/api/v1/" + kind, null);
        }
        call(200, "GET", "/api/v1/people/{tenant}/{id}", "/api/v1/people/t1/li", null);
        call(200, "GET", "/api/v1/stations/{tenant}/{id}", "/api/v1/stations/t1/S", null);
        call(200, "GET", "/api/v1/cells/{tenant}/{id}", "/api/v1/cells/t1/cell-3", null);
        call(200, "GET", "/api/v1/sites/{tenant}/{id}", "/api/v1/sites/t1/bldg-7", null);
        call(404, "GET", "/api/v1/sites/{tenant}/{id}", "/api/v1/sites/t1/nowhere", null);
        call(200, "PUT", "/api/v1/cells/{tenant}/{id}", "/api/v1/cells/t1/cell-3", "{\"station\":\"S\",\"gridWorkers\":[]}");
        call(200, "POST", "/api/v1/sites/{tenant}/{id}/drill", "/api/v1/sites/t1/bldg-7/drill", "{\"on\":true,\"minutes\":30}");
        call(200, "POST", "/api/v1/stations/{tenant}/{id}/drill", "/api/v1/stations/t1/S/drill", "{\"on\":false}");
        call(200, "GET", "/api/v1/stations/{tenant}/{id}/on-duty", "/api/v1/stations/t1/S/on-duty", null);
        call(200, "GET", "/api/v1/cells/{tenant}/{id}/on-duty", "/api/v1/cells/t1/cell-3/on-duty", null);
        call(200, "GET", "/api/v1/stations/{tenant}/{id}/panels", "/api/v1/stations/t1/S/panels", null);
        call(409, "DELETE", "/api/v1/people/{tenant}/{id}", "/api/v1/people/t1/li", null);
        assertThat(contract.checked()).isEqualTo(23);
    }

    @Test
    void accessReportsAndTheGatewayAnswerAsDocumented() {
        call(200, "GET", "/api/v1/me", "/api/v1/me", null);
        JsonObject crew = new JsonObject(call(201, "POST", "/api/v1/tokens", "/api/v1/tokens",
                "{\"name\":\"Li Wei\",\"role\":\"crew\",\"tenant\":\"t1\",\"expiresIn\":3600}").body());
        call(200, "GET", "/api/v1/tokens", "/api/v1/tokens", null);
        call(400, "POST", "/api/v1/tokens", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"chief\"}");
        String token = crew.getString("token");
        contract.assertConforms("GET", "/api/v1/me", gw.as(token, "GET", "/api/v1/me", null));
        contract.assertConforms("POST", "/api/v1/devices", gw.as(token, "POST", "/api/v1/devices", "{}"));
        contract.assertConforms("GET", "/api/v1/devices", gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices")).build()));
        call(200, "GET", "/api/v1/webhooks", "/api/v1/webhooks", null);
        call(200, "GET", "/api/v1/security/blocked-logins", "/api/v1/security/blocked-logins", null);
        call(404, "DELETE", "/api/v1/security/blocked-logins/{kind}/{key}", "/api/v1/security/blocked-logins/device/pi-9@t1", null);
        call(200, "GET", "/api/v1/reports/response-times", "/api/v1/reports/response-times", null);
        call(200, "GET", "/api/v1/reports/{report}", "/api/v1/reports/doors-held-open", null);
        call(404, "GET", "/api/v1/reports/{report}", "/api/v1/reports/nothing", null);
        call(204, "DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + crew.getString("id"), null);
        call(200, "GET", "/api/v1/audit", "/api/v1/audit", null);
        contract.assertConforms("GET", "/health", gw.send(HttpRequest.newBuilder(gw.uri("/health")).build()));
        assertThat(contract.checked()).isEqualTo(16);
    }

    /** Sends {@code body} (null for none) to {@code path} as the admin, expects {@code status}, and checks the answer. */
    private HttpResponse<String> call(int status, String method, String template, String path, String body) {
        HttpResponse<String> r = gw.as(TestGateway.ADMIN_TOKEN, method, path, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
        return contract.assertConforms(method, template, r);
    }
}
