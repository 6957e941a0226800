package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.faults.TcpProxy;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent replays a long outage's outbox to a gateway process that is killed ({@code kill -9})
 * in the middle of it and started again on the same data directory: every queued message ends up
 * stored exactly once. The uplink keeps up to the gateway's Receive Maximum awaiting PUBACK and
 * removes acknowledged messages in groups on a thread of its own; what the gateway acknowledged
 * before it died is stored (it answers only once a message is durable), what it did not is sent
 * again, and a copy of an acknowledged message whose removal was not yet forced is dropped by its
 * {@code seq}. The agent reaches both gateway processes through one TCP proxy, so its address does
 * not change, as a gateway's does not in the field.
 */
class ReplayGatewayKillIT {

    private static final int MESSAGES = 2_000;
    private static final DeviceId DEVICE = new DeviceId("t1", "pi-replay");
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void aReplayWithTheGatewayKilledMidwayStoresEveryMessageOnce() throws Exception {
        Path gatewayData = dir.resolve("gateway");
        Path log = Path.of("target", "it-logs", "replay-gateway-kill.log");
        GatewayProcess first = GatewayProcess.start(gatewayData, log);
        new HttpCalls(first.httpPort()).registerDevice(DEVICE.tenant(), DEVICE.device());
        try (TcpProxy proxy = new TcpProxy(first.mqttPort())) {
            // GIVEN an agent whose outbox holds a long outage's messages (every 10th an event)
            MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(proxy.mqttUri()), DEVICE, TestGateway.PASSWORD,
                    dir.resolve("agent")).withMaxReconnectDelay(Duration.ofSeconds(1)));
            try {
                for (long seq = 1; seq <= MESSAGES; seq++) {
                    uplink.send(UplinkProcess.message(seq));
                }
                assertThat(uplink.undelivered()).isEqualTo(MESSAGES);

                // WHEN it replays them and the gateway is killed a third of the way through
                uplink.start();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                        .until(() -> uplink.undelivered() <= MESSAGES - MESSAGES / 3);
                first.kill9();
                int left = uplink.undelivered();
                assertThat(left).as("killed in the middle of the replay").isPositive();

                // and started again on the same data directory
                try (GatewayProcess second = GatewayProcess.start(gatewayData, log)) {
                    proxy.retarget(second.mqttPort());
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> uplink.undelivered() == 0);
                }
            } finally {
                uplink.close();
            }
        } finally {
            first.close();
        }

        // THEN every message is stored exactly once (the gateway is stopped; its store read directly)
        List<Long> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gatewayData.resolve("firegrid.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM messages WHERE tenant = 't1' AND device = 'pi-replay' ORDER BY seq")) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        assertThat(stored).as("each seq once, none missing")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
    }
}
