package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.AmqpPeerClient;
import io.firegrid.gateway.support.ArtemisBroker;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command subscription against a real Artemis (the peer standing in for Hono's AMQP adapter)
 * that first refuses it: the gateway's user may send to {@code command} but not consume from it.
 * The gateway tries again with backoff, counts each failure and shows it in {@code /health},
 * forwards telemetry meanwhile, and receives commands once the broker allows the subscription
 * (its security settings changed in {@code broker.xml}, which Artemis reloads while running).
 */
class HonoCommandRetryIT {

    static final String GATEWAY = "gw-1@t1";
    static final String SECRET = "gateway-secret";
    static final String ALL_BUT_CONSUME = "<security-setting match=\"command\">"
            + "<permission type=\"createNonDurableQueue\" roles=\"amq\"/><permission type=\"createDurableQueue\" roles=\"amq\"/>"
            + "<permission type=\"createAddress\" roles=\"amq\"/><permission type=\"send\" roles=\"amq\"/>"
            + "<permission type=\"browse\" roles=\"amq\"/><permission type=\"manage\" roles=\"amq\"/>";
    static final String CONSUME = "<permission type=\"consume\" roles=\"amq\"/>";

    @TempDir
    Path brokerDir;
    @TempDir
    Path dataDir;

    @Test
    void aRefusedCommandSubscriptionIsRetriedUntilTheBrokerAllowsItWhileForwardingGoesOn() throws Exception {
        try (ArtemisBroker artemis = ArtemisBroker.create(brokerDir, GATEWAY, SECRET)) {
            artemis.editConfig(xml -> xml.replaceFirst("</name>", "</name><configuration-file-refresh-period>500"
                    + "</configuration-file-refresh-period>").replace("<security-settings>", "<security-settings>"
                    + ALL_BUT_CONSUME + "</security-setting>"));
            artemis.start();
            HonoConfig hono = HonoConfig.to("127.0.0.1", artemis.port(), GATEWAY, SECRET)
                    .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1));
            try (TestGateway gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withHono(hono)));
                 AmqpPeerClient platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET)) {
                gw.registerDevice("t1", "pi-1");
                // GIVEN the broker refuses the subscription: the gateway tries again, and says so
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> gw.metric("firegrid_hono_command_subscriptions_total", "outcome", "failed") >= 2);
                JsonObject refused = new JsonObject(gw.get("/health").body()).getJsonObject("hono");
                assertThat(refused.getBoolean("connected")).isTrue();
                assertThat(refused.getJsonObject("commands").getBoolean("subscribed")).isFalse();
                assertThat(refused.getJsonObject("commands").getLong("failedAttempts")).isGreaterThanOrEqualTo(2);
                assertThat(refused.getJsonObject("commands").getString("lastError")).isNotBlank();
                assertThat(gw.metric("firegrid_hono_command_subscribed")).isZero();
                // forwarding does not depend on it
                String readings = "{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":1,\"readings\":[{\"sensor\":\"hydrant-1\","
                        + "\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}";
                try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                    assertThat(pi.publish("telemetry", readings.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
                }
                assertThat(body(platform.receive("telemetry/t1/pi-1", 1, Duration.ofSeconds(20)).get(0))).isEqualTo(readings);

                // WHEN the broker allows it
                artemis.editConfig(xml -> xml.replace(ALL_BUT_CONSUME, ALL_BUT_CONSUME + CONSUME));

                // THEN the gateway subscribes on the same connection and commands reach it
                await().atMost(Duration.ofSeconds(30)).until(() -> new JsonObject(gw.get("/health").body())
                        .getJsonObject("hono").getJsonObject("commands").getBoolean("subscribed"));
                assertThat(gw.metric("firegrid_hono_command_subscriptions_total", "outcome", "subscribed")).isEqualTo(1.0);
                assertThat(gw.metric("firegrid_hono_command_subscribed")).isEqualTo(1.0);
                assertThat(new JsonObject(gw.get("/health").body()).getJsonObject("hono").getJsonObject("commands")
                        .containsKey("lastError")).as("cleared once subscribed").isFalse();
                gw.registerDevice("t1", "panel-3");
                platform.send("command", command("t1", "panel-3", "sound-alarm", "cmd-1", "r-1"));
                Message answer = platform.receive("command_response/t1/panel-3/r-1", 1, Duration.ofSeconds(20)).get(0);
                assertThat(answer.getCorrelationId()).isEqualTo("cmd-1");
                assertThat(answer.getApplicationProperties().getValue().get("status")).isEqualTo(503);
                assertThat(new JsonObject(body(answer)).getString("error")).isEqualTo("device-offline");
            }
        }
    }

    private static Message command(String tenant, String device, String name, String id, String replyId) {
        Message m = Proton.message();
        m.setAddress("command/" + tenant + "/" + device);
        m.setSubject(name);
        m.setMessageId(id);
        m.setReplyTo("command_response/" + tenant + "/" + device + "/" + replyId);
        m.setContentType("application/json");
        m.setBody(new Data(new Binary("{}".getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    private static String body(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }
}
