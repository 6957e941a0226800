package io.firegrid.gateway.device;

import java.time.Instant;

/**
 * One entry of a device's history: {@code what} happened ({@code registered}, {@code changed},
 * {@code decommissioned}, {@code recommissioned}, {@code credentials-rotated},
 * {@code old-password-revoked}), when, by whom, and a short text of what it changed. Never holds
 * a password or key.
 */
public record DeviceChange(Instant at, String by, String what, String detail) {
}
