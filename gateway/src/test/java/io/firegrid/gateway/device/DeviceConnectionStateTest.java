package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's connected state follows a device's newest connection: the end of an older one
 * (taken over, or stale and closed late) changes nothing, in whatever order the two are reported.
 */
class DeviceConnectionStateTest {

    static final DeviceId PI = new DeviceId("t1", "pi-1");

    @TempDir
    Path dir;

    Vertx vertx;
    Database db;
    DeviceRegistry registry;
    final List<Boolean> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = Database.open(dir.resolve("firegrid.db"), DeviceRegistry.schema());
        registry = DeviceRegistry.load(vertx, db, new PasswordHasher(1_000), new SecretBox(new byte[SecretBox.KEY_BYTES]),
                MutableClock.atNoon()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        registry.addConnectionListener((device, up) -> told.add(up));
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theOldConnectionClosingAfterTheNewOneConnectedLeavesTheDeviceConnected() {
        DeviceRegistry.Link old = registry.connected(PI, "mqtt");
        DeviceRegistry.Link current = registry.connected(PI, "mqtt");

        registry.disconnected(old);

        assertThat(registry.status(PI).connected()).isTrue();
        assertThat(told).containsExactly(true, true);

        registry.disconnected(current);
        assertThat(registry.status(PI).connected()).isFalse();
        assertThat(told).containsExactly(true, true, false);
    }

    @Test
    void theOldConnectionClosingBeforeTheNewOneConnectsIsADisconnectAndAReconnect() {
        DeviceRegistry.Link old = registry.connected(PI, "mqtt");
        registry.disconnected(old);
        assertThat(registry.status(PI).connected()).isFalse();

        DeviceRegistry.Link current = registry.connected(PI, "mqtt");
        registry.disconnected(old); // reported twice: still nothing
        assertThat(registry.status(PI).connected()).isTrue();

        registry.disconnected(current);
        assertThat(registry.status(PI).connected()).isFalse();
        assertThat(told).containsExactly(true, false, true, false);
    }
}
