package io.firegrid.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.health.Heartbeat;
import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.thresholds.ThresholdStore;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat reaches the gateway with the counts of an outbox that filled up while the gateway was away. */
class HeartbeatEndToEndTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");

    @TempDir
    Path dir;

    private TestGateway gw;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void droppedTelemetryOfAFullOutboxShowsOnTheDeviceOnceTheGatewayReturns() throws Exception {
        // GIVEN a registered device whose gateway is down
        gw = TestGateway.start(dir.resolve("gateway"));
        gw.registerDevice(DEVICE.tenant(), DEVICE.device());
        int mqttPort = gw.gateway().mqttPort();
        URI mqtt = URI.create(gw.mqttUri());
        gw.close();
        gw = null;

        // WHEN its agent queues far more telemetry than its 64 KiB outbox holds, then detects smoke
        MqttUplink uplink = new MqttUplink(new MqttUplinkOptions(mqtt, DEVICE, TestGateway.PASSWORD, dir.resolve("agent/mqtt"),
                MqttUplinkOptions.DEFAULT_KEEP_ALIVE, MqttUplinkOptions.DEFAULT_SESSION_EXPIRY, Duration.ofSeconds(1),
                OutboxOptions.MIN_MAX_BYTES));
        SeqCounter seq = SeqCounter.open(dir.resolve("agent/seq"), () -> 1);
        for (int i = 0; i < 2_000; i++) {
            uplink.send(new Readings(Instant.now(), seq.next(), List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.31, "MPa"))));
        }
        agent = new Agent(DEVICE, new Hardware(GpioPlatform.MOCK, List.of(new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)),
                Hardware.DEFAULT_SIREN_PIN, Duration.ZERO), seq, uplink, ThresholdStore.none(), Duration.ofMillis(300));
        agent.start();
        agent.mockContact("smoke-1").set(true);
        assertThat(uplink.droppedTelemetry()).isPositive();

        // THEN once the gateway is back, the smoke alarm arrives and the device shows the heartbeat's counts
        gw = TestGateway.wrap(Gateway.start(TestGateway.config(dir.resolve("gateway")).withMqttPort(mqttPort)));
        await().atMost(Duration.ofSeconds(60)).until(() -> gw.openAlarmFor(DEVICE.device(), "smoke-1").isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.undelivered() <= 1
                && value(Heartbeat.DROPPED_TELEMETRY) == uplink.droppedTelemetry());
        JsonObject device = device();
        assertThat(device.getString("lastHeartbeat")).isNotNull();
        JsonObject values = device.getJsonObject("lastValues");
        assertThat(Double.parseDouble(values.getString(Heartbeat.UPTIME))).isGreaterThanOrEqualTo(0);
        assertThat(Double.parseDouble(values.getString(Heartbeat.HEAP_USED))).isPositive();
        assertThat(values.getString("smoke-1")).isEqualTo("alarm");
    }

    private double value(String sensor) {
        String v = device().getJsonObject("lastValues").getString(sensor);
        return v == null ? -1 : Double.parseDouble(v);
    }

    private JsonObject device() {
        return new JsonObject(gw.get("/api/v1/devices/" + DEVICE.tenant() + "/" + DEVICE.device()).body());
    }
}
