package io.firegrid.gateway.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The place travels with the alarm: a detector registered with its building, floor and label goes
 * into alarm over MQTT, and the webhook's notification body carries the alarm's location line.
 */
class AlarmLocationDeliveryTest {

    private static final String SECRET = "webhook-secret-of-enough-length";

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        scenario = DispatchScenario.start(dataDir);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        receiver.close();
    }

    @Test
    void webhookNotificationCarriesTheDetectorsLocation() {
        // GIVEN a device without a site (its alarms go to the duty officer) registered with where it is
        HttpResponse<String> r = scenario.gateway().post("/api/v1/devices", """
                {"tenant":"%s","id":"pi-loc","password":"%s","location":{"building":"7","floor":"B1","label":"pump room"},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"P"}]}""".formatted(DispatchScenario.TENANT,
                TestGateway.PASSWORD));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        scenario.given().dutyOfficer("duty").webhook(receiver.url(), SECRET);

        // WHEN its detector goes into alarm
        scenario.when().detector("pi-loc", "smoke-1").alarms();

        // THEN the notification's alarm says where, in both languages
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
        JsonObject alarm = receiver.accepted().get(0).json().getJsonObject("alarm");
        assertThat(alarm.getJsonObject("locationText").getString("en")).isEqualTo("Bldg 7, Floor B1, pump room, smoke detector");
        assertThat(alarm.getJsonObject("locationText").getString("zh")).isEqualTo("7栋 B1层 pump room 烟感");
        assertThat(alarm.getJsonObject("location").getInteger("floor")).isEqualTo(-1);
    }
}
