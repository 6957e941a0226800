package io.firegrid.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change made through the API is in the audit log with who, when, what and its outcome, and no secret. */
class AuditTrailTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void changesAreRecordedWithWhoWhatAndOutcomeAndNeverASecret() {
        // GIVEN changes of devices, isolations and tokens, one refused, and reads
        gw.registerDevice("t1", "pi-1");
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/devices/t1/pi-1", "{\"site\":\"site-2\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> rotated = gw.post("/api/v1/devices/t1/pi-1/credentials", "{\"send\":false}");
        String newPassword = new JsonObject(rotated.body()).getString("password");
        assertThat(gw.post("/api/v1/isolations", "{\"tenant\":\"t1\",\"device\":\"pi-1\",\"reason\":\"r\"}").statusCode()).isEqualTo(201);
        JsonObject crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew").put("tenant", "t1"));
        assertThat(gw.as(crew.getString("token"), "DELETE", "/api/v1/devices/t1/pi-1", null).statusCode()).isEqualTo(403);
        gw.get("/api/v1/devices/t1/pi-1");

        // THEN the admin reads them back, newest first; reads are not in it
        List<JsonObject> all = await().atMost(Duration.ofSeconds(5)).until(() -> audit("", TestGateway.ADMIN_TOKEN),
                l -> l.size() == 6);
        assertThat(all.stream().map(e -> e.getString("method") + " " + e.getString("path") + " " + e.getInteger("status")))
                .containsExactly(
                        "DELETE /api/v1/devices/t1/pi-1 403",
                        "POST /api/v1/tokens 201",
                        "POST /api/v1/isolations 201",
                        "POST /api/v1/devices/t1/pi-1/credentials 200",
                        "PUT /api/v1/devices/t1/pi-1 200",
                        "POST /api/v1/devices 201");
        JsonObject refused = all.get(0);
        assertThat(refused.getString("who")).isEqualTo("Li Wei");
        assertThat(refused.getString("role")).isEqualTo("crew");
        assertThat(refused.getString("tenant")).isEqualTo("t1");
        assertThat(refused.getString("kind")).isEqualTo("devices");
        assertThat(refused.getString("target")).isEqualTo("t1/pi-1");
        assertThat(all.get(4).getString("who")).isEqualTo("admin");
        assertThat(all.get(4).getString("at")).isNotBlank();
        String text = new JsonArray(all).encode();
        assertThat(text).doesNotContain(TestGateway.PASSWORD).doesNotContain(newPassword)
                .doesNotContain(crew.getString("token")).doesNotContain(TestGateway.ADMIN_TOKEN);

        // AND filters by kind; only admins read it
        assertThat(audit("?kind=isolations", TestGateway.ADMIN_TOKEN)).hasSize(1);
        assertThat(gw.as(crew.getString("token"), "GET", "/api/v1/audit", null).statusCode()).isEqualTo(403);
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "GET", "/api/v1/audit?limit=0", null).statusCode()).isEqualTo(400);

        // AND it is kept with the store
        gw.close();
        gw = TestGateway.start(dataDir);
        assertThat(audit("", TestGateway.ADMIN_TOKEN)).hasSize(6);
    }

    private List<JsonObject> audit(String query, String token) {
        HttpResponse<String> r = gw.as(token, "GET", "/api/v1/audit" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    }
}
