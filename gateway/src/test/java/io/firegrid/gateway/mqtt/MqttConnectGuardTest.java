package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before a socket has said who it is, it gets little: a CONNECT larger than the limit closes it
 * before the gateway buffers it, and a CONNECT not complete in time closes it however slowly the
 * bytes keep coming. A connected device's alarms get through meanwhile.
 */
class MqttConnectGuardTest {

    static final int CONNECT_TIMEOUT_SECONDS = 2;

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;
    final List<RawMqtt> attack = new ArrayList<>();
    final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS
                .withConnectTimeoutSeconds(CONNECT_TIMEOUT_SECONDS).withMaxConnectBytes(2048)));
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        trickle.shutdownNow();
        for (RawMqtt s : attack) {
            s.close();
        }
        // after the attack the device is still connected and served
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
        bystander.close();
        gw.close();
    }

    @Test
    void closesAConnectionWhoseConnectIsTooLarge() throws Exception {
        // GIVEN a valid CONNECT of almost 64 KiB (its password padded), which the packet limit for
        // connected devices would let the decoder buffer whole
        char[] pad = new char[63 * 1024];
        Arrays.fill(pad, 'x');
        byte[] connect = RawMqtt.connect(4, "big@t1", new String(pad), "big");
        assertThat(connect.length).isBetween(63 * 1024, MqttAdapter.DEFAULT_MAX_PACKET_BYTES);

        // WHEN 50 sockets send all of it but the last byte
        for (int i = 0; i < 50; i++) {
            RawMqtt s = RawMqtt.open(gw.gateway().mqttPort());
            attack.add(s);
            s.send(Arrays.copyOf(connect, connect.length - 1));
        }

        // THEN each is closed at once, long before the connect timeout, and counted
        for (RawMqtt s : attack) {
            assertThat(s.closedByGatewayWithin(Duration.ofMillis(CONNECT_TIMEOUT_SECONDS * 1000 / 2))).isTrue();
        }
        assertThat(gw.metric("firegrid_refused_total", "code", "connect-too-large")).isEqualTo(50.0);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
    }

    @Test
    void slowlorisConnectsAreClosedAfterTheConnectTimeout() throws Exception {
        // GIVEN 20 sockets that send a valid CONNECT one byte every 100 ms, so they are never idle
        byte[] connect = RawMqtt.connect(5, "slow@t1", TestGateway.PASSWORD, "slow");
        long started = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            attack.add(RawMqtt.open(gw.gateway().mqttPort()));
        }
        trickle.scheduleAtFixedRate(() -> {
            int at = sent.getAndIncrement();
            for (RawMqtt s : attack) {
                try {
                    s.send(new byte[] {connect[at % connect.length]});
                } catch (java.io.IOException closedByGateway) {
                    // the gateway closed it: that is what this test waits for
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);

        // WHEN they trickle on, THEN a device keeps being served meanwhile
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // AND every one is closed once the connect timeout has passed, however slowly it sends
        await().atMost(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + 5))
                .until(() -> gw.metric("firegrid_refused_total", "code", "connect-timeout") == 20.0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS));
        assertThat(sent.get()).as("bytes trickled, each less than the timeout after the last").isGreaterThan(CONNECT_TIMEOUT_SECONDS * 5);
        for (RawMqtt s : attack) {
            assertThat(s.closedByGatewayWithin(Duration.ofSeconds(1))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
    }

    @Test
    void aSocketThatSendsNothingIsClosedAfterTheConnectTimeout() throws Exception {
        RawMqtt silent = RawMqtt.open(gw.gateway().mqttPort());
        attack.add(silent);

        assertThat(silent.closedByGatewayWithin(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + 5))).isTrue();
        assertThat(gw.metric("firegrid_refused_total", "code", "connect-timeout")).isEqualTo(1.0);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
    }

    @Test
    void aFirstPacketOtherThanConnectClosesTheSocket() throws Exception {
        RawMqtt s = RawMqtt.open(gw.gateway().mqttPort());
        attack.add(s);
        s.send(new byte[] {0x30, 0x05, 0x00, 0x01, 'e', '{', '}'}); // a PUBLISH before any CONNECT

        assertThat(s.closedByGatewayWithin(Duration.ofSeconds(1))).isTrue();
        assertThat(gw.metric("firegrid_refused_total", "code", "not-connect")).isEqualTo(1.0);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
    }
}
