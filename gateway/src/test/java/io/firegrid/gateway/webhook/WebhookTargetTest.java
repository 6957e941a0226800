package io.firegrid.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks cannot be pointed inside the gateway's network: refused when registered (with the
 * reason, counted), refused again at delivery on the address the name resolves to then, and a
 * tenant's administrator never sees why a delivery failed. Requests go through the Vert.x web
 * client, as an independent HTTP client.
 */
class WebhookTargetTest {

    static final String SECRET = "0123456789abcdef";

    @TempDir
    Path dataDir;

    Vertx vertx;
    WebClient http;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTenantAdminCannotPointAWebhookInsideTheNetwork() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            String tenantAdmin = gw.issueToken(new JsonObject().put("name", "t1 office").put("role", "admin")
                    .put("tenant", "t1")).getString("token");
            int receiverPort = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
            List<String[]> cases = List.of(
                    new String[] {"http://127.0.0.1:" + gw.gateway().httpPort() + "/api/v1/tokens", "this gateway's own listener"},
                    new String[] {"http://127.0.0.1:" + receiverPort + "/hook", "a loopback address"},
                    new String[] {"http://localhost:" + receiverPort + "/hook", "a loopback address"},
                    new String[] {"http://[::1]:" + receiverPort + "/hook", "a loopback address"},
                    new String[] {"http://169.254.169.254/latest/meta-data/", "a link-local address"},
                    new String[] {"http://[fe80::1]/hook", "a link-local address"},
                    new String[] {"http://10.0.0.1/hook", "a private address"},
                    new String[] {"https://172.16.5.5/hook", "a private address"},
                    new String[] {"http://192.168.1.20:8080/hook", "a private address"},
                    new String[] {"http://[fd00::1]/hook", "a private address"},
                    new String[] {"http://0.0.0.0:" + receiverPort + "/hook", "an unspecified address"},
                    new String[] {"http://224.0.0.1/hook", "a multicast address"});
            for (String[] c : cases) {
                HttpResponse<io.vertx.core.buffer.Buffer> r = post(gw, tenantAdmin, "/api/v1/webhooks",
                        new JsonObject().put("tenant", "t1").put("url", c[0]).put("secret", SECRET));
                assertThat(r.statusCode()).as(c[0] + ": " + r.bodyAsString()).isEqualTo(400);
                JsonObject body = r.bodyAsJsonObject();
                assertThat(body.getString("error")).isEqualTo("webhook-target-refused");
                assertThat(body.getString("detail")).as(c[0]).contains(c[1]);
            }
            assertThat(new JsonArray(gw.get("/api/v1/webhooks").body())).isEmpty();
            assertThat(gw.metric("firegrid_webhook_targets_refused_total", "stage", "register")).isEqualTo(cases.size());
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anAllowedRangeIsAcceptedButTheGatewayItselfNever() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir, c -> c.withWebhookTargets(
                WebhookTargets.allowing(TestGateway.LOOPBACK_CIDRS)))) {
            int receiverPort = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
            for (String url : new String[] {receiver.url(), "http://[::1]:" + receiverPort + "/hook"}) {
                HttpResponse<io.vertx.core.buffer.Buffer> r = post(gw, TestGateway.ADMIN_TOKEN, "/api/v1/webhooks",
                        new JsonObject().put("tenant", "t1").put("url", url).put("secret", SECRET));
                assertThat(r.statusCode()).as(url + ": " + r.bodyAsString()).isEqualTo(201);
            }
            for (String[] c : new String[][] {
                    {"http://127.0.0.1:" + gw.gateway().httpPort() + "/api/v1/tokens", "this gateway's own listener"},
                    {"http://127.0.0.1:" + gw.gateway().mqttPort() + "/", "this gateway's own listener"},
                    {"http://169.254.169.254/latest/meta-data/", "a link-local address"},
                    {"http://10.0.0.1/hook", "a private address"}}) {
                HttpResponse<io.vertx.core.buffer.Buffer> r = post(gw, TestGateway.ADMIN_TOKEN, "/api/v1/webhooks",
                        new JsonObject().put("tenant", "t1").put("url", c[0]).put("secret", SECRET));
                assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("detail")).contains(c[1]);
            }
            assertThat(new JsonArray(gw.get("/api/v1/webhooks").body())).hasSize(2);
        }
    }

    @Test
    void aNameThatResolvesInsideAtDeliveryIsNotCalledAndOnlyTheGlobalAdminSeesWhy() throws Exception {
        String url = "http://localhost:" + receiver.url().replaceAll(".*:(\\d+)/.*", "$1") + "/hook";
        try (DispatchScenario scenario = DispatchScenario.start(dataDir)) {
            // GIVEN a webhook whose name was acceptable when it was registered (loopback allowed then)
            scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
            scenario.given().webhook(url, SECRET);
            scenario.when();
            // WHEN the allowance is gone (as when a name is re-pointed at an inside address) and an alarm is raised
            scenario.restart(c -> c.withWebhookTargets(WebhookTargets.DEFAULTS));
            scenario.when().detector("pi-bldg-7", "smoke-1").alarms();

            // THEN the delivery fails without a request, saying why to the gateway's admin only
            TestGateway gw = scenario.gateway();
            await().atMost(Duration.ofSeconds(10)).until(() -> webhookDeliveries(gw, TestGateway.ADMIN_TOKEN,
                    scenario.alarmId()).stream().anyMatch(d -> !d.getJsonArray("attempts").isEmpty()));
            JsonObject attempt = webhookDeliveries(gw, TestGateway.ADMIN_TOKEN, scenario.alarmId()).get(0)
                    .getJsonArray("attempts").getJsonObject(0);
            assertThat(attempt.getString("outcome")).isEqualTo("failed");
            assertThat(attempt.getString("detail")).contains("webhook-target-refused", "localhost", "a loopback address");
            assertThat(receiver.requests()).isEmpty();
            assertThat(gw.metric("firegrid_webhook_targets_refused_total", "stage", "deliver")).isGreaterThanOrEqualTo(1.0);

            String tenantAdmin = gw.issueToken(new JsonObject().put("name", "t1 office").put("role", "admin")
                    .put("tenant", "t1")).getString("token");
            JsonObject seen = webhookDeliveries(gw, tenantAdmin, scenario.alarmId()).get(0).getJsonArray("attempts")
                    .getJsonObject(0);
            assertThat(seen.getString("outcome")).isEqualTo("failed");
            assertThat(seen.getString("detail")).doesNotContain("localhost", "127.0.0.1", "loopback", "refused")
                    .contains("not delivered");
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        io.vertx.core.http.HttpServer redirecting = vertx.createHttpServer().requestHandler(req -> req.response()
                .setStatusCode(307).putHeader("Location", receiver.url()).end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (DispatchScenario scenario = DispatchScenario.start(dataDir)) {
            scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
            scenario.given().webhook("http://127.0.0.1:" + redirecting.actualPort() + "/hook", SECRET);
            scenario.when().detector("pi-bldg-7", "smoke-1").alarms();

            await().atMost(Duration.ofSeconds(10)).until(() -> webhookDeliveries(scenario.gateway(), TestGateway.ADMIN_TOKEN,
                    scenario.alarmId()).stream().anyMatch(d -> !d.getJsonArray("attempts").isEmpty()));
            JsonObject attempt = webhookDeliveries(scenario.gateway(), TestGateway.ADMIN_TOKEN, scenario.alarmId()).get(0)
                    .getJsonArray("attempts").getJsonObject(0);
            assertThat(attempt.getString("outcome")).isEqualTo("failed");
            assertThat(attempt.getString("detail")).isEqualTo("HTTP 307");
            assertThat(receiver.requests()).as("the redirect's target is not called").isEmpty();
        }
    }

    private List<JsonObject> webhookDeliveries(TestGateway gw, String token, long alarm) throws Exception {
        HttpResponse<io.vertx.core.buffer.Buffer> r = http.getAbs(gw.uri("/api/v1/alarms/" + alarm + "/deliveries").toString())
                .bearerTokenAuthentication(token).send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonArray().stream().map(JsonObject.class::cast)
                .filter(d -> "webhook".equals(d.getString("channel"))).toList();
    }

    private HttpResponse<io.vertx.core.buffer.Buffer> post(TestGateway gw, String token, String path, JsonObject body)
            throws Exception {
        return http.postAbs(gw.uri(path).toString()).bearerTokenAuthentication(token).sendJsonObject(body)
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
