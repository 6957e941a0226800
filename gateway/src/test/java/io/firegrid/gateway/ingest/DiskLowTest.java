package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's disk below the reserve: readings are refused (not acknowledged, so the device keeps
 * them), a smoke alarm is stored and raised as ever, {@code /health} says why it is degraded, and a
 * trouble alarm tells the duty officer.
 */
class DiskLowTest {

    @TempDir
    Path dataDir;

    @Test
    void readingsAreRefusedAndASmokeAlarmStillGoesThrough() throws Exception {
        var config = TestGateway.config(dataDir);
        config = config.withStore(config.store().withLimits(Database.Limits.DEFAULTS.withTelemetryReserveBytes(Long.MAX_VALUE)));
        try (TestGateway gw = TestGateway.wrap(Gateway.start(config))) {
            gw.registerDevice("t1", "pi-1");
            Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);

            assertThatThrownBy(() -> device.publish("telemetry", Bodies.pressure(1, 0.31), 1))
                    .as("a reading is not acknowledged").isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
            assertThat(Mqtt5Device.await(device.disconnected()).getReturnCode()).as("server busy").isEqualTo(0x89);
            assertThat(gw.metric("firegrid_refused_total", "code", "disk-low")).isEqualTo(1.0);

            Mqtt5Device again = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD);
            assertThat(again.publish("event", Bodies.smoke(2, "smoke-1", "alarm"), 1).reasonCode()).isZero();
            assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();

            var response = gw.get("/health");
            JsonObject health = new JsonObject(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(health.getString("status")).isEqualTo("degraded");
            assertThat(health.getJsonArray("reasons").encode()).contains("disk low");
            assertThat(health.getJsonObject("store").getLong("refusedDiskLow")).isEqualTo(1);

            // and the tenant's duty officer hears of it: a trouble alarm on the gateway itself, once
            gw.tick();
            gw.tick();
            assertThat(gw.openAlarms().stream().filter(a -> "disk-low".equals(a.getString("type"))))
                    .singleElement().satisfies(a -> {
                        assertThat(a.getString("class")).isEqualTo("trouble");
                        assertThat(a.getString("device")).isEqualTo("gateway");
                    });
            again.close();
        }
    }
}
