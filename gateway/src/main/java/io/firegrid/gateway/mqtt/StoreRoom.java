package io.firegrid.gateway.mqtt;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What the MQTT endpoint asks of the store's telemetry lane to hold readings instead of refusing
 * them: the gateway wires {@code Database::whenTelemetryRoom} and {@code Database::telemetryRoom}.
 *
 * @param whenRoom runs its argument once, when the lane has room again (at or below half its bound),
 *                 on whichever thread sees it; must not block
 * @param room     readings the lane takes now before it refuses {@code store-busy}
 */
public record StoreRoom(Consumer<Runnable> whenRoom, IntSupplier room) {

    public StoreRoom {
        Objects.requireNonNull(whenRoom, "whenRoom");
        Objects.requireNonNull(room, "room");
    }
}
