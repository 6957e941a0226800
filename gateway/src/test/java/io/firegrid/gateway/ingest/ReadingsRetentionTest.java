package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw readings are not kept forever: past the retention they are deleted, events stay. */
class ReadingsRetentionTest {

    @TempDir
    Path dataDir;

    @Test
    void readingsOlderThanTheRetentionAreDeletedAndEventsKept() throws Exception {
        MutableClock clock = MutableClock.atNoon();
        var config = TestGateway.config(dataDir);
        try (TestGateway gw = TestGateway.wrap(Gateway.start(config.withClock(clock)))) {
            gw.registerDevice("t1", "pi-1");
            MqttClient device = gw.connect("pi-1@t1");
            // GIVEN readings and an event from a week ago, and a reading from today
            for (int seq = 1; seq <= 50; seq++) {
                device.publish("telemetry", Bodies.pressure(seq, 0.31), 1, false);
            }
            device.publish("event", Bodies.door(51, "closed"), 1, false);
            clock.advance(Duration.ofDays(StoreOptions.DEFAULT_TELEMETRY_RETENTION_DAYS).plusHours(1));
            device.publish("telemetry", Bodies.pressure(52, 0.31), 1, false);

            // WHEN the retention runs
            int deleted = gw.gateway().deleteOldReadings().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            // THEN the old readings are gone, the event and today's reading stay
            assertThat(deleted).isEqualTo(50);
            device.disconnect();
            device.close();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("firegrid.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT seq FROM messages ORDER BY seq")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(51);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(52);
            assertThat(rs.next()).isFalse();
        }
    }
}
