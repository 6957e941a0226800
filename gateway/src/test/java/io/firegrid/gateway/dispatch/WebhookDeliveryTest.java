package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries: signed, retried with backoff, every attempt visible, a final failure counted. */
class WebhookDeliveryTest {

    static final String SECRET = "a-webhook-secret-of-some-length";

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        scenario = DispatchScenario.start(dataDir);
        receiver = new WebhookReceiver();
        // one recipient, so one delivery per notification
        scenario.given().dutyOfficer("duty").deviceWithoutSite("pi-1");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        receiver.close();
    }

    @Test
    void receiverFailingTwiceGetsTheNotificationOnceAfterRetriesTheApiShows() throws Exception {
        scenario.given().webhook(receiver.url(), SECRET);
        receiver.failNext(2);

        scenario.when().detector("smoke-1").alarms();
        awaitAttempts(1);
        scenario.when().secondsPass(1);
        assertThat(raisedDelivery().getJsonArray("attempts")).hasSize(2);
        scenario.when().secondsPass(2);

        assertThat(receiver.accepted()).hasSize(1);
        assertThat(receiver.requests()).hasSize(3);
        for (WebhookReceiver.Request r : receiver.requests()) {
            assertThat(WebhookReceiver.signedWith(r, SECRET)).as("signature of %s", r.headers()).isTrue();
            assertThat(r.body()).isEqualTo(receiver.requests().get(0).body());
            assertThat(r.headers().get("X-FireGrid-Delivery")).isEqualTo(String.valueOf(raisedDelivery().getLong("id")));
        }
        JsonObject body = receiver.accepted().get(0).json();
        assertThat(body.getString("reason")).isEqualTo("raised");
        assertThat(body.getJsonObject("recipient").getString("id")).isEqualTo("duty");
        assertThat(body.getJsonObject("recipient").getJsonArray("people").getJsonObject(0).getString("phone")).isNotBlank();
        assertThat(body.getJsonObject("alarm").getLong("id")).isEqualTo(scenario.alarmId());

        JsonObject delivery = raisedDelivery();
        assertThat(delivery.getString("state")).isEqualTo("delivered");
        assertThat(delivery.getString("channel")).isEqualTo("webhook");
        assertThat(outcomes(delivery)).containsExactly("failed", "failed", "delivered");
        assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getString("detail")).isEqualTo("HTTP 500");
        assertThat(attemptSeconds(delivery)).containsExactly(0L, 1L, 3L);
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "webhook", "outcome", "retry"))
                .isEqualTo(2.0);
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "webhook", "outcome", "delivered"))
                .isEqualTo(1.0);

        scenario.when().secondsPass(30);
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void unreachableWebhookFailsAfterTheLastAttemptVisiblyAndCounted() throws Exception {
        scenario.given().webhook("http://127.0.0.1:" + closedPort() + "/hook", SECRET);

        scenario.when().detector("smoke-1").alarms();
        awaitAttempts(1);
        scenario.when().secondsPass(250);

        JsonObject delivery = raisedDelivery();
        assertThat(delivery.getString("state")).isEqualTo("failed");
        assertThat(delivery.getValue("nextAttemptAt")).isNull();
        assertThat(outcomes(delivery)).hasSize(RetryPolicy.DEFAULT_MAX_ATTEMPTS).containsOnly("failed");
        assertThat(attemptSeconds(delivery)).containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L, 243L);
        assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getString("detail")).containsIgnoringCase("refused");
        // the escalation (60 s) and reminders (120, 180, 240 s) to the same dead endpoint are still being retried
        assertThat(scenario.then().deliveries()).hasSize(5);
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "webhook", "outcome", "failed"))
                .isEqualTo(1.0);
    }

    @Test
    void retryDueBeforeARestartIsMadeAfterIt() throws Exception {
        scenario.given().webhook(receiver.url(), SECRET);
        receiver.failNext(1);
        scenario.when().detector("smoke-1").alarms();
        awaitAttempts(1);

        scenario.restart();
        scenario.when().secondsPass(1);

        assertThat(receiver.accepted()).hasSize(1);
        assertThat(outcomes(raisedDelivery())).containsExactly("failed", "delivered");
    }

    private void awaitAttempts(int n) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(raisedDelivery().getJsonArray("attempts")).hasSize(n));
    }

    private JsonObject raisedDelivery() {
        List<JsonObject> all = scenario.then().deliveries().stream()
                .filter(d -> d.getString("reason").equals("raised")).toList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static List<String> outcomes(JsonObject delivery) {
        return delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getString("outcome")).toList();
    }

    private List<Long> attemptSeconds(JsonObject delivery) {
        Instant first = scenario.raisedAt();
        return delivery.getJsonArray("attempts").stream()
                .map(a -> Duration.between(first, Instant.parse(((JsonObject) a).getString("at"))).toSeconds()).toList();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
