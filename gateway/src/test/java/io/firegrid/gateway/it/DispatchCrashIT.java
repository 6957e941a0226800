package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escalation timer of an unacknowledged alarm is a row of the store: {@code kill -9} the
 * gateway process before it is due, start it again, and the escalation still reaches the next
 * station and the duty officer on time, while the first notification is not sent twice.
 */
class DispatchCrashIT {

    static final int ESCALATION_SECONDS = 6;
    static final String SECRET = "crash-test-webhook-secret";

    @TempDir
    Path dataDir;

    @Test
    void escalationFiresAfterKillDashNineAndRestart() throws Exception {
        Path log = Path.of("target", "it-logs", "dispatch-crash.log");
        Map<String, String> env = Map.of("FIREGRID_ESCALATION_SECONDS", String.valueOf(ESCALATION_SECONDS),
                "FIREGRID_REMINDER_SECONDS", "600", "FIREGRID_WEBHOOK_ALLOW_CIDRS", TestGateway.LOOPBACK_CIDRS);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Instant raisedAt;
            try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
                // GIVEN station S covering bldg-7, escalating to station N, a duty officer and a webhook
                HttpCalls http = new HttpCalls(gw.httpPort());
                setUp(http, receiver.url());
                // WHEN a smoke detector alarms and nobody acknowledges
                try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                    assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
                }
                raisedAt = Instant.parse(http.alarms("open").get(0).getString("raisedAt"));
                await().atMost(Duration.ofSeconds(5)).until(() -> reasons(receiver).contains("raised"));
                // AND the gateway dies before the escalation is due
                gw.kill9();
                assertThat(Instant.now()).as("killed before the escalation was due")
                        .isBefore(raisedAt.plusSeconds(ESCALATION_SECONDS));
            }
            assertThat(reasons(receiver)).containsExactly("raised");

            // THEN after a restart the escalation fires, at its due time or as soon as the gateway is back
            try (GatewayProcess gw = GatewayProcess.start(dataDir, log, env)) {
                Instant due = raisedAt.plusSeconds(ESCALATION_SECONDS);
                Instant back = Instant.now();
                await().atMost(Duration.ofSeconds(ESCALATION_SECONDS + 10))
                        .until(() -> reasons(receiver).stream().filter("escalated"::equals).count() == 2);
                List<JsonObject> escalated = receiver.accepted().stream().map(WebhookReceiver.Request::json)
                        .filter(j -> j.getString("reason").equals("escalated")).toList();
                assertThat(escalated).extracting(j -> j.getJsonObject("recipient").getString("id"))
                        .containsExactlyInAnyOrder("N", "duty");
                Instant latest = (back.isAfter(due) ? back : due).plusSeconds(2);
                assertThat(escalated).allSatisfy(j -> assertThat(Instant.parse(j.getString("at")))
                        .isBetween(due, latest));
                for (WebhookReceiver.Request r : receiver.requests()) {
                    assertThat(WebhookReceiver.signedWith(r, SECRET)).isTrue();
                }
                assertThat(reasons(receiver).stream().filter("raised"::equals).count())
                        .as("the raised notification is not sent again after the restart").isEqualTo(1);
            }
        }
    }

    private static void setUp(HttpCalls http, String webhook) throws Exception {
        created(http, "/api/v1/people", "{'tenant':'t1','id':'s-crew','name':'Li','role':'crew'}");
        created(http, "/api/v1/people", "{'tenant':'t1','id':'n-crew','name':'Zhang','role':'crew'}");
        created(http, "/api/v1/people", "{'tenant':'t1','id':'duty','name':'Chen','role':'duty-officer'}");
        created(http, "/api/v1/stations", "{'tenant':'t1','id':'N','name':'North','location':{'lat':31.24,'lon':121.48},"
                + "'crew':['n-crew']}");
        created(http, "/api/v1/stations", "{'tenant':'t1','id':'S','name':'South','location':{'lat':31.23,'lon':121.47},"
                + "'crew':['s-crew'],'next':'N'}");
        created(http, "/api/v1/cells", "{'tenant':'t1','id':'cell-3','station':'S'}");
        created(http, "/api/v1/sites", "{'tenant':'t1','id':'bldg-7','name':'Building 7','cell':'cell-3','building':'7'}");
        created(http, "/api/v1/devices", "{'tenant':'t1','id':'pi-1','password':'" + TestGateway.PASSWORD
                + "','site':'bldg-7','sensors':[{'id':'smoke-1','kind':'smoke','zone':'A'}]}");
        created(http, "/api/v1/webhooks", "{'tenant':'t1','url':'" + webhook + "','secret':'" + SECRET + "'}");
    }

    private static void created(HttpCalls http, String path, String body) throws Exception {
        HttpResponse<String> r = http.post(path, body.replace('\'', '"'));
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(201);
    }

    private static List<String> reasons(WebhookReceiver receiver) {
        return receiver.accepted().stream().map(WebhookReceiver.Request::reason).toList();
    }
}
