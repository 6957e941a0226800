package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.WebhookReceiver;
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

/** A webhook taken away (an SMS gateway replaced): the next alarm no longer goes there; bad removals say why. */
class WebhookRemovalTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        scenario = DispatchScenario.start(dataDir);
        receiver = new WebhookReceiver();
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
        scenario.given().webhook(receiver.url(), "0123456789abcdef");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        receiver.close();
    }

    @Test
    void aRemovedWebhookGetsNoMoreAlarmsAndStaysRemovedAfterARestart() {
        scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
        String id = new JsonArray(scenario.gateway().get("/api/v1/webhooks").body()).getJsonObject(0).getString("id");

        assertThat(delete(id).statusCode()).isEqualTo(204);
        assertThat(new JsonArray(scenario.gateway().get("/api/v1/webhooks").body())).isEmpty();
        scenario.restart();
        assertThat(new JsonArray(scenario.gateway().get("/api/v1/webhooks").body())).isEmpty();

        int before = receiver.accepted().size();
        scenario.when().detector("pi-bldg-7", "smoke-2").alarms();
        scenario.then().notified("station-S crew", "w1", "c1");
        assertThat(scenario.then().deliveries()).noneMatch(d -> "webhook".equals(d.getString("channel")));
        assertThat(receiver.accepted()).hasSize(before);
    }

    @Test
    void removingAnUnknownWebhookSaysSo() {
        HttpResponse<String> r = delete("wh-999");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("unknown-webhook");
        assertThat(new JsonArray(scenario.gateway().get("/api/v1/webhooks").body())).hasSize(1);
    }

    private HttpResponse<String> delete(String id) {
        scenario.when();
        return scenario.gateway().send(HttpRequest.newBuilder(scenario.gateway().uri("/api/v1/webhooks/" + id))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).DELETE().build());
    }
}
