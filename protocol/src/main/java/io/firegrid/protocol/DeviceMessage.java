package io.firegrid.protocol;

import java.time.Instant;

/** What a device sends upstream: an {@link Event} or a batch of {@link Readings}. */
public sealed interface DeviceMessage permits Event, Readings {

    /** Device timestamp, or {@code null} when the device sent none. */
    Instant ts();

    /** Per-device message counter; (tenant, device, seq) identifies a message for deduplication. */
    long seq();

    /** The endpoint this kind of message travels on. */
    Endpoint endpoint();
}
