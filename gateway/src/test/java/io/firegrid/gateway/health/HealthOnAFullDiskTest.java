package io.firegrid.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SmallDisk;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's disk full to the last byte (a small tmpfs the test mounts; root only, else skipped
 * saying why): {@code /health} answers 503 {@code down} with the reason on every look, however
 * many small commits still fit into space SQLite already holds, so a load balancer or watchdog can
 * act; once space is freed it says {@code up} again and stores events, without a restart.
 */
class HealthOnAFullDiskTest {

    @TempDir
    Path dir;

    @Test
    void downWithTheReasonWhileTheDiskIsFullAndUpAgainOnceSpaceReturns() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 32)) {
            var config = TestGateway.config(disk.path().resolve("data"));
            config = config.withStore(config.store().withLimits(Database.Limits.DEFAULTS.withTelemetryReserveBytes(4L << 20)));
            try (TestGateway gw = TestGateway.wrap(Gateway.start(config))) {
                gw.registerDevice("t1", "pi-1");
                Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
                assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
                device.close();
                assertThat(health(gw).statusCode()).isEqualTo(200);

                // WHEN the disk fills to the last byte
                disk.fill();

                // THEN /health says down, with the reason, on every look (the free space is read once a second)
                await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).statusCode() == 503);
                for (int look = 0; look < 5; look++) {
                    HttpResponse<String> response = health(gw);
                    JsonObject body = new JsonObject(response.body());
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(body.getString("status")).isEqualTo("down");
                    assertThat(body.getJsonArray("reasons").getString(0))
                            .contains("disk full", "KB free", disk.path().toString(), "events are refused");
                    Thread.sleep(300); // spaced looks at a steady state, not a wait for an outcome
                }

                // WHEN space returns
                disk.free();

                // THEN up again (the telemetry history, which failed on the full disk too, written again
                // by itself), and an event is stored and raised, without a restart
                await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).statusCode() == 200
                        && "up".equals(new JsonObject(health(gw).body()).getString("status")));
                JsonObject up = new JsonObject(health(gw).body());
                assertThat(up.getString("status")).as("%s", up.getJsonArray("reasons")).isEqualTo("up");
                Mqtt5Device again = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
                assertThat(again.publish("event", Bodies.smoke(2, "smoke-2", "alarm"), 1).reasonCode()).isZero();
                assertThat(gw.openAlarmFor("pi-1", "smoke-2")).isPresent();
                again.close();
            }
        }
    }

    private static HttpResponse<String> health(TestGateway gw) {
        return gw.get("/health");
    }
}
