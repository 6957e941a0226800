package io.firegrid.gateway.isolation;

import io.firegrid.protocol.DeviceId;
import java.time.Instant;

/**
 * A sensor, or a whole device, isolated (屏蔽): its alarms are stored and shown marked isolated,
 * and dispatched to no one, from {@code from} until {@code until} or until it is ended early.
 *
 * @param sensor  the isolated sensor, or {@code null} for every sensor of the device
 * @param endedAt when it ended: at {@code until} ({@code endedBy} {@value #EXPIRY}) or earlier by a
 *                person; {@code null} while in force
 */
public record Isolation(long id, DeviceId device, String sensor, String reason, String by, Instant from, Instant until,
                        Instant endedAt, String endedBy) {

    /** Who ends an isolation that ran its time. */
    public static final String EXPIRY = "expiry";

    /** Whether it is in force at {@code now}. */
    public boolean inForce(Instant now) {
        return endedAt == null && now.isBefore(until);
    }

    /** Whether it covers {@code sensor} of {@code device}. */
    public boolean covers(DeviceId device, String sensor) {
        return this.device.equals(device) && (this.sensor == null || this.sensor.equals(sensor));
    }

    Isolation ended(Instant at, String who) {
        return new Isolation(id, device, sensor, reason, by, from, until, at, who);
    }
}
