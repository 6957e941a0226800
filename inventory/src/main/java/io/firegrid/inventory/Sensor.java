package io.firegrid.inventory;

import io.firegrid.protocol.Kind;

/**
 * One sensor of a device. Smoke detectors and door contacts are dry contacts on a GPIO pin
 * ({@code gpio}, BCM numbering, and {@code contact}); a hydrant pressure transmitter (4-20 mA) is
 * read through an ADS1115 at {@code i2cAddress}, input {@code channel}, and spans 0 to
 * {@code rangeMpa}. Fields that do not apply to the kind are null; {@code zone} may be null, and so
 * may {@code location}, where it is when that differs from its device's.
 *
 * @param eol a contact wired as a supervised loop, read through an ADS1115 instead of a GPIO pin
 *            ({@code gpio} is then null); null for a contact on a pin and for a transmitter
 * @param position where it is drawn on its floor's plan, or null (docs/floor-plans.md)
 */
public record Sensor(String id, Kind kind, String zone, Integer gpio, Contact contact, Integer i2cAddress,
                     Integer channel, Double rangeMpa, Limits limits, Location location, EolLoop eol, PlanPoint position) {

    /** A sensor not placed on a plan. */
    public Sensor(String id, Kind kind, String zone, Integer gpio, Contact contact, Integer i2cAddress,
                  Integer channel, Double rangeMpa, Limits limits, Location location, EolLoop eol) {
        this(id, kind, zone, gpio, contact, i2cAddress, channel, rangeMpa, limits, location, eol, null);
    }

    /** A sensor on a GPIO pin or a transmitter, not a supervised loop. */
    public Sensor(String id, Kind kind, String zone, Integer gpio, Contact contact, Integer i2cAddress,
                  Integer channel, Double rangeMpa, Limits limits, Location location) {
        this(id, kind, zone, gpio, contact, i2cAddress, channel, rangeMpa, limits, location, null);
    }

    /** A sensor where its device is. */
    public Sensor(String id, Kind kind, String zone, Integer gpio, Contact contact, Integer i2cAddress,
                  Integer channel, Double rangeMpa, Limits limits) {
        this(id, kind, zone, gpio, contact, i2cAddress, channel, rangeMpa, limits, null);
    }
}
