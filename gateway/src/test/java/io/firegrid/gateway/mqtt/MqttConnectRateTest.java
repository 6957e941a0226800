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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONNECTs beyond the connection rate wait their turn in a bounded queue and are answered then;
 * beyond the queue they are refused with a reason the client can act on (MQTT 5 0x9F connection
 * rate exceeded, 3.1.1 server unavailable), counted, and cost connected devices nothing; a client
 * that says it holds an event gets in at once while the queue is full; once the rate allows,
 * devices connect again.
 */
class MqttConnectRateTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;

    @BeforeEach
    void start() throws Exception {
        // 2 CONNECTs per second, 3 at once, so at most 5 s x 2 = 10 waiting their turn
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withConnectRate(2, 3)));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
        gw.registerDevice("t1", "alarmed");
        for (int i = 0; i < 24; i++) {
            gw.registerDevice("t1", "crowd-" + i);
        }
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        bystander.close();
        gw.close();
    }

    @Test
    void connectsBeyondTheRateWaitTheirTurnThenAreRefusedWithConnectionRateExceeded() throws Exception {
        // WHEN 24 devices send their CONNECTs at once
        List<RawMqtt> sockets = new ArrayList<>();
        List<RawMqtt.ConnAck> answers = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<RawMqtt.ConnAck>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                RawMqtt s = RawMqtt.open(gw.gateway().mqttPort());
                sockets.add(s);
                String user = "crowd-" + i + "@t1";
                int version = i % 4 == 3 ? 4 : 5; // a quarter on MQTT 3.1.1
                versions.add(version);
                futures.add(pool.submit(() -> s.connectAs(version, user, TestGateway.PASSWORD, user)));
            }
            for (Future<RawMqtt.ConnAck> f : futures) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // AND then a device holding a smoke alarm connects saying so
        Mqtt5Device alarmed = Mqtt5Device.connect(gw.mqttUri(), "alarmed@t1", TestGateway.PASSWORD,
                o -> o.setUserProperties(List.of(new UserProperty(MqttAdapter.EVENT_WAITING, "1"))));
        for (RawMqtt s : sockets) {
            s.close();
        }

        // THEN more than the burst were let in, those beyond it having waited their turn
        List<RawMqtt.ConnAck> accepted = answers.stream().filter(a -> a.code() == 0).toList();
        assertThat(accepted).hasSizeGreaterThan(3);
        // (the bystander took one of the burst's 3; the bucket refills meanwhile)
        assertThat(gw.metric("firegrid_mqtt_connect_queued_total")).isPositive().isGreaterThanOrEqualTo(accepted.size() - 3.0)
                .isLessThanOrEqualTo(accepted.size());
        // AND those beyond the queue got 0x9F with a reason (3 on MQTT 3.1.1), and are counted
        List<RawMqtt.ConnAck> refused = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            RawMqtt.ConnAck a = answers.get(i);
            if (a.code() == 0) {
                continue;
            }
            refused.add(a);
            if (versions.get(i) == 5) {
                assertThat(a.code()).isEqualTo(0x9F);
                assertThat(a.reason()).contains("new connections per second").contains("already waiting");
            } else {
                assertThat(a.code()).isEqualTo(3); // 3.1.1: server unavailable
            }
        }
        assertThat(refused).hasSizeGreaterThanOrEqualTo(3);
        assertThat(gw.metric("firegrid_refused_total", "code", "connect-rate")).isEqualTo((double) refused.size());
        // AND it got in (past the queue, if still full: MqttAdmissionQueueTest), and its alarm through
        SmokeCheck.smokeAlarmGetsThrough(gw, alarmed, "alarmed", "smoke-1", 1);
        alarmed.close();
        // AND the connected device is served during it
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // AND once the rate allows, the device connects and is served
        Mqtt5Device device = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD),
                        d -> d != null);
        SmokeCheck.smokeAlarmGetsThrough(gw, device, "pi-1", "smoke-1", 1);
        device.close();
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
    }
}
