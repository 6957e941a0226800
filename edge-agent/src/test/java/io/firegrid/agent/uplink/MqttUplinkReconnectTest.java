package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.faults.TcpProxy;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wait between reconnection attempts stays within {@link MqttUplinkOptions#maxReconnectDelay()}
 * however long the gateway was away. Paho 1.2.5 doubles it up to a limit of its own (128 s by
 * default) unless told otherwise: agents came back to a restarted gateway minutes apart.
 */
class MqttUplinkReconnectTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");

    @TempDir
    Path dir;

    @Test
    void aGatewayBackAfterSixteenSecondsIsReconnectedWithinTheMaximumDelayNotAfterPahosDoubledWait() throws Exception {
        TestGateway gw = TestGateway.start(dir.resolve("gw"));
        gw.registerDevice(DEVICE.tenant(), DEVICE.device());
        try (TcpProxy proxy = new TcpProxy(gw.gateway().mqttPort());
             MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(proxy.mqttUri()), DEVICE, TestGateway.PASSWORD,
                     dir.resolve("agent")).withMaxReconnectDelay(Duration.ofSeconds(1)))) {
            uplink.start();
            await().atMost(Duration.ofSeconds(10)).until(uplink::isConnected);

            gw.close();
            // attempts fail meanwhile; unbounded doubling puts them at 1, 3, 7, 15 and 31 s
            Thread.sleep(16_000); // the length of the outage, not a wait for an outcome
            TestGateway back = TestGateway.start(dir.resolve("gw"));
            try {
                proxy.retarget(back.gateway().mqttPort());
                long t0 = System.nanoTime();
                await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50)).until(uplink::isConnected);
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(6_000);
            } finally {
                back.close();
            }
        }
    }
}
