package io.firegrid.gateway.http;

import io.firegrid.gateway.device.Device;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Fields of {@code POST /api/v1/devices} that a feature keeps apart from the device registry (the
 * GB/T 26875.3 address of a UITD). {@link #check} reads them before anything is registered, refusing
 * a bad value with a {@link io.firegrid.protocol.FireGridException}; what it returns is run once the
 * device is registered, and the 201 waits for it.
 */
@FunctionalInterface
public interface RegistrationFields {

    RegistrationFields NONE = (id, body) -> device -> Future.succeededFuture();

    Function<Device, Future<Void>> check(DeviceId id, JsonObject body);
}
