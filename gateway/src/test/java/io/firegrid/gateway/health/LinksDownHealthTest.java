package io.firegrid.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A northbound link of the gateway that is down shows in {@code /health}: {@code degraded} (HTTP
 * 200, alarms are still stored) with a reason naming the link, and {@code up} again once it is
 * back, without a restart.
 */
class LinksDownHealthTest {

    @TempDir
    Path dataDir;

    @Test
    void theMonitoringCentreAwayMakesItDegradedWithTheReasonAndUpOnceItIsBack() throws Exception {
        CentreSimulator centre = CentreSimulator.start(0);
        int port = centre.port();
        try (TestGateway gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS
                .withCentre("127.0.0.1:" + port, 1)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).getString("status").equals("up"));
            assertThat(health(gw).getJsonObject("gb26875Centre").getBoolean("connected")).isTrue();

            // WHEN the centre goes away
            centre.stop();

            // THEN degraded, saying which link and what waits for it; alarms are still stored
            await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).getString("status").equals("degraded"));
            JsonObject away = health(gw);
            assertThat(gw.get("/health").statusCode()).isEqualTo(200);
            assertThat(away.getJsonArray("reasons").encode()).contains("GB/T 26875.3 centre not connected",
                    "127.0.0.1:" + port, "reports queued");
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
            }

            // WHEN it is back on its address
            centre = CentreSimulator.start(port);

            // THEN up again, by itself
            await().atMost(Duration.ofSeconds(30)).until(() -> health(gw).getString("status").equals("up"));
        } finally {
            centre.close();
        }
    }

    @Test
    void honoUnreachableMakesItDegradedWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HonoConfig hono = HonoConfig.to("127.0.0.1", closedPort, "gw-1@t1", "secret")
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(500));
        try (TestGateway gw = TestGateway.start(dataDir, c -> c.withHono(hono))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> health(gw).getString("status").equals("degraded"));

            assertThat(health(gw).getJsonArray("reasons").encode()).contains("Hono not connected",
                    "127.0.0.1:" + closedPort, "messages buffered");
        }
    }

    private static JsonObject health(TestGateway gw) {
        return new JsonObject(gw.get("/health").body());
    }
}
