package io.firegrid.protocol;

import java.util.Objects;

/**
 * One measured value within a {@link Readings} message.
 *
 * @param unit the unit as sent, or {@code null}; pressure is always in MPa
 */
public record Reading(String sensor, Kind kind, double value, String unit) {

    /** Longest unit accepted. */
    public static final int MAX_UNIT_LENGTH = 16;

    public Reading {
        DeviceId.requireId("sensor", sensor);
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(value)) {
            throw FireGridException.badRequest("bad-value", "reading of sensor '" + sensor + "' is not a finite number");
        }
        if (kind == Kind.PRESSURE && unit != null && !unit.equals("MPa")) {
            throw FireGridException.badRequest("bad-unit", "pressure of sensor '" + sensor
                    + "' must be in MPa, not '" + DeviceId.shorten(unit) + "'");
        }
        if (unit != null && (unit.isEmpty() || unit.length() > MAX_UNIT_LENGTH)) {
            throw FireGridException.badRequest("bad-unit", "unit of sensor '" + sensor + "' must be 1 to "
                    + MAX_UNIT_LENGTH + " characters");
        }
    }
}
