package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway, two communities (tenants t1 and t2): a token scoped to t1 sees and acts for t1
 * only — lists, single alarms, the live stream, reports, registrations and the tokens it issues —
 * and is told clearly when it names t2.
 */
class TenantScopeTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    long alarmT1;
    long alarmT2;

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t2", "pi-1");
        alarmT1 = raise("t1", 1);
        alarmT2 = raise("t2", 1);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aScopedCrewSeesOnlyItsTenantsAlarmsAndCannotTouchTheOthers() {
        String crew = issue("Li Wei", "crew", "t1");

        JsonArray alarms = new JsonArray(as(crew, "GET", "/api/v1/alarms?state=open", null).body());
        assertThat(alarms).hasSize(1);
        assertThat(alarms.getJsonObject(0).getLong("id")).isEqualTo(alarmT1);

        HttpResponse<String> other = as(crew, "GET", "/api/v1/alarms/" + alarmT2, null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("unknown-alarm");
        assertThat(as(crew, "POST", "/api/v1/alarms/" + alarmT2 + "/ack", "{}").statusCode()).isEqualTo(404);
        assertThat(as(crew, "GET", "/api/v1/alarms/" + alarmT2 + "/notifications", null).statusCode()).isEqualTo(404);
        assertThat(new JsonObject(gw.get("/api/v1/alarms/" + alarmT2).body()).getString("state"))
                .as("the other tenant's alarm is untouched").isEqualTo("raised");

        HttpResponse<String> ack = as(crew, "POST", "/api/v1/alarms/" + alarmT1 + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    }

    @Test
    void namingAnotherTenantIsRefusedWithAReason() {
        String crew = issue("Li Wei", "crew", "t1");
        assertOtherTenant(as(crew, "GET", "/api/v1/alarms?tenant=t2", null));
        assertOtherTenant(as(crew, "GET", "/api/v1/devices/t2/pi-1", null));
        assertOtherTenant(as(crew, "GET", "/api/v1/sites/t2/site-1", null));
        assertOtherTenant(as(crew, "POST", "/api/v1/devices/t2/pi-1/commands", "{\"name\":\"test\"}"));
        assertOtherTenant(as(crew, "POST", "/api/v1/sites/t2/site-1/drill", "{\"on\":true}"));

        JsonArray devices = new JsonArray(as(crew, "GET", "/api/v1/devices", null).body());
        assertThat(devices).extracting(d -> ((JsonObject) d).getString("tenant")).containsExactly("t1");
    }

    @Test
    void aScopedInstallerRegistersOnlyInItsTenant() {
        String installer = issue("Zhang", "installer", "t1");
        String body = "{\"tenant\":\"%s\",\"id\":\"pi-9\",\"password\":\"s3cret-pass\"}";
        assertOtherTenant(as(installer, "POST", "/api/v1/devices", body.formatted("t2")));
        assertThat(gw.get("/api/v1/devices/t2/pi-9").statusCode()).isEqualTo(404);
        assertThat(as(installer, "POST", "/api/v1/devices", body.formatted("t1")).statusCode()).isEqualTo(201);
    }

    @Test
    void theLiveStreamOfAScopedConsoleCarriesOnlyItsTenant() throws Exception {
        String crew = issue("Li Wei", "crew", "t1");
        try (SseClient stream = SseClient.open(gw.uri("/api/v1/alarms/stream?access_token=" + crew))) {
            SseClient.Frame snapshot = stream.next(Duration.ofSeconds(10));
            assertThat(snapshot.event()).isEqualTo("snapshot");
            assertThat(new JsonArray(snapshot.data())).extracting(a -> ((JsonObject) a).getLong("id"))
                    .containsExactly(alarmT1);

            long later = raise("t2", 2);
            long mine = raise("t1", 2);
            SseClient.Frame next = stream.next(Duration.ofSeconds(10));
            assertThat(next.event()).isEqualTo("alarm");
            assertThat(new JsonObject(next.data()).getLong("id")).as("t2's alarm %d is not sent", later).isEqualTo(mine);
        }
    }

    @Test
    void reportsCountOnlyTheScopedTenant() {
        String manager = issue("Wu", "facility-manager", "t1");
        JsonObject mine = new JsonObject(as(manager, "GET", "/api/v1/reports/response-times?group=alarm", null).body());
        JsonObject all = new JsonObject(gw.get("/api/v1/reports/response-times?group=alarm").body());
        assertThat(mine.getJsonArray("rows")).hasSize(1);
        assertThat(all.getJsonArray("rows")).hasSize(2);
    }

    @Test
    void aScopedAdminManagesOnlyItsTenantsTokens() {
        String unscoped = new JsonObject(gw.post("/api/v1/tokens", "{\"name\":\"city\",\"role\":\"crew\"}").body())
                .getString("id");
        String admin = issue("t1 admin", "admin", "t1");

        HttpResponse<String> issued = as(admin, "POST", "/api/v1/tokens", "{\"name\":\"Li\",\"role\":\"crew\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(issued.body()).getString("tenant")).as("inherits the scope").isEqualTo("t1");
        assertOtherTenant(as(admin, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\",\"tenant\":\"t2\"}"));

        JsonArray listed = new JsonArray(as(admin, "GET", "/api/v1/tokens", null).body());
        assertThat(listed).allSatisfy(t -> assertThat(((JsonObject) t).getString("tenant")).isEqualTo("t1"));
        assertThat(as(admin, "DELETE", "/api/v1/tokens/" + unscoped, null).statusCode()).isEqualTo(404);
        assertThat(new JsonArray(gw.get("/api/v1/tokens").body()))
                .anySatisfy(t -> assertThat(((JsonObject) t).getString("id")).isEqualTo(unscoped));
    }

    @Test
    void scopedTokensSurviveARestart() {
        String crew = issue("Li Wei", "crew", "t1");
        gw.close();
        gw = TestGateway.start(dataDir);
        assertOtherTenant(as(crew, "GET", "/api/v1/alarms?tenant=t2", null));
        assertThat(new JsonArray(as(crew, "GET", "/api/v1/alarms", null).body())).hasSize(1);
    }

    private long raise(String tenant, long seq) throws Exception {
        try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@" + tenant, TestGateway.PASSWORD)) {
            assertThat(d.publish("event", Bodies.smoke(seq, "smoke-" + seq, "alarm"), 1).reasonCode()).isZero();
        }
        return gw.openAlarms().stream().filter(a -> a.getString("tenant").equals(tenant)
                && a.getString("sensor").equals("smoke-" + seq)).findFirst().orElseThrow().getLong("id");
    }

    private String issue(String name, String role, String tenant) {
        HttpResponse<String> r = gw.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role)
                .put("tenant", tenant).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(new JsonObject(r.body()).getString("tenant")).isEqualTo(tenant);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> as(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return gw.send(b.build());
    }

    private static void assertOtherTenant(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("other-tenant");
        assertThat(body.getString("detail")).contains("this token is for tenant t1").contains("t2");
    }
}
