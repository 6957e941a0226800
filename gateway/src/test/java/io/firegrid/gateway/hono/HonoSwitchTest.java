package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.hono.HonoOutbox.Outgoing;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector switched off costs nothing; switched on with Hono unreachable, devices are still
 * acknowledged at once and the buffer keeps events and the newest telemetry, counting what it drops.
 */
class HonoSwitchTest {

    @TempDir
    Path dataDir;

    @Test
    void switchedOffItCreatesNoConnectorThreadOrBufferFile() throws Exception {
        long storeThreadsBefore = storeThreads();
        try (TestGateway gw = TestGateway.start(dataDir)) {
            assertThat(gw.gateway().hono()).isEmpty();
            assertThat(storeThreads() - storeThreadsBefore).as("only the main store's writer thread").isEqualTo(1);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(n -> n.toLowerCase().contains("hono") || n.toLowerCase().contains("proton"));
            assertThat(Files.exists(dataDir.resolve("hono-outbox.db"))).isFalse();
            assertThat(tables(dataDir.resolve("firegrid.db"))).as("no journal written for Hono").doesNotContain("hono_journal");
            assertThat(new JsonObject(gw.get("/health").body()).getJsonObject("hono").getBoolean("enabled")).isFalse();
            assertThat(gw.get("/metrics").body()).doesNotContain("firegrid_hono");
        }
    }

    @Test
    void withHonoUnreachableDevicesAreAcknowledgedAndTheOldestTelemetryBeyondTheBufferIsDropped() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HonoConfig hono = HonoConfig.to("127.0.0.1", closedPort, "gw-1@t1", "secret").withTelemetryBuffer(5)
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(500));
        long storeThreadsBefore = storeThreads();
        try (TestGateway gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withHono(hono)))) {
            assertThat(storeThreads() - storeThreadsBefore).as("the main store's and the buffer's writers").isEqualTo(2);
            gw.registerDevice("t1", "pi-1");
            try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                for (int seq = 1; seq <= 8; seq++) {
                    String body = "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"h-1\","
                            + "\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}]}";
                    assertThat(pi.publish("telemetry", body.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
                }
                String smoke = "{\"ts\":\"2026-11-28T12:00:01Z\",\"seq\":9,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}";
                assertThat(pi.publish("event", smoke.getBytes(StandardCharsets.UTF_8), 1).accepted()).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonObject h = new JsonObject(gw.get("/health").body()).getJsonObject("hono");
                assertThat(h.getBoolean("connected")).isFalse();
                assertThat(h.getJsonObject("buffered").getMap()).containsEntry("telemetry", 5).containsEntry("event", 1)
                        .containsEntry("alarm", 1);
                assertThat(h.getLong("droppedTelemetry")).isEqualTo(3);
            });
            assertThat(gw.get("/metrics").body()).contains("firegrid_hono_dropped 3.0")
                    .contains("firegrid_hono_buffered{kind=\"telemetry\"} 5.0").contains("firegrid_hono_connected 0.0");
        }
        try (HonoOutbox left = HonoOutbox.open(dataDir.resolve("hono-outbox.db"), 5)) {
            List<Outgoing> waiting = left.next(100).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(waiting).filteredOn(o -> o.kind() == Kind.TELEMETRY)
                    .extracting(o -> new JsonObject(new String(o.body(), StandardCharsets.UTF_8)).getLong("seq"))
                    .containsExactly(4L, 5L, 6L, 7L, 8L);
            assertThat(waiting).extracting(Outgoing::kind).contains(Kind.EVENT, Kind.ALARM);
        }
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             var rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        assertThat(names).as("tables of " + file).contains("messages");
        return names;
    }

    private static long storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("firegrid-db")).count();
    }
}
