package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that pipelines QoS 0 telemetry as fast as it can is throttled to the store's pace: at
 * most Receive Maximum of its messages wait for the store at any time, its socket is simply not
 * read meanwhile, and another device's smoke alarm is acknowledged and raised within a second.
 */
class MqttFloodTest {

    static final int RECEIVE_MAXIMUM = 8;

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;
    final ExecutorService flooder = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(RECEIVE_MAXIMUM)));
        gw.registerDevice("t1", "flooder");
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        flooder.shutdownNow();
        bystander.close();
        gw.close();
    }

    @Test
    void floodingDeviceIsThrottledAndOthersAreServed() throws Exception {
        // GIVEN a device on MQTT 3.1.1 (no Receive Maximum to honour) writing QoS 0 telemetry without pause
        RawMqtt flood = RawMqtt.open(gw.gateway().mqttPort());
        assertThat(flood.connect(4, "flooder@t1", TestGateway.PASSWORD).code()).isZero();
        AtomicLong written = new AtomicLong();
        Future<?> writing = flooder.submit(() -> {
            long seq = 1;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ByteArrayOutputStream batch = new ByteArrayOutputStream();
                    for (int i = 0; i < 500; i++, seq++) {
                        batch.writeBytes(flood.publish("telemetry", 0, 0, Bodies.pressure(seq, 0.32)));
                    }
                    flood.send(batch.toByteArray());
                    written.addAndGet(500);
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
            return null;
        });

        // WHEN the flood is well under way: the gateway stores its messages and the flooder writes faster
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.metric("firegrid_messages_total", "outcome", "stored") >= 2_000);

        // THEN another device's smoke alarm gets through meanwhile, more than once
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
        assertThat(writing.isDone()).as("the flooder is still writing (or blocked by TCP), not cut off").isFalse();
        // AND no connection ever had more than Receive Maximum messages waiting for the store
        assertThat(gw.metric("firegrid_mqtt_connection_waiting_max")).isBetween(1.0, (double) RECEIVE_MAXIMUM);
        assertThat(gw.metric("firegrid_mqtt_in_flight")).isLessThanOrEqualTo(RECEIVE_MAXIMUM + 1.0);
        // AND the flooder's writes were held back by TCP: far more written than stored
        double stored = gw.metric("firegrid_messages_total", "outcome", "stored");
        assertThat(written.get()).isGreaterThan((long) stored);

        // AND once the flooder goes away (a reset drops what it sent but was never read), the
        // gateway has at most its few messages left to store, and the device is served again
        flood.abort();
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric("firegrid_mqtt_in_flight") == 0.0);
        try (Mqtt5Device again = Mqtt5Device.connect(gw.mqttUri(), "flooder@t1", TestGateway.PASSWORD)) {
            SmokeCheck.smokeAlarmGetsThrough(gw, again, "flooder", "smoke-1", 10_000_000);
        }
        assertThat(gw.metric("firegrid_mqtt_connection_waiting_max")).isLessThanOrEqualTo(RECEIVE_MAXIMUM);
    }
}
