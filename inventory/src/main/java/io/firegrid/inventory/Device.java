package io.firegrid.inventory;

import java.util.List;

/**
 * A Raspberry Pi at a site; {@code location} is free text for whoever has to find it (its label and
 * bundle README: the place's label, or the text written as {@code location: ...}); {@code network}
 * (may be null) overrides its site's network, see {@link Inventory#networkOf(Device)}.
 *
 * @param place where it is for the gateway and the crew, written as {@code location: {building, unit,
 *              floor, label}}; null when the location is plain text or absent
 *
 * @param gb26875Address    for the user information transmission device (UITD) of a fire alarm panel: its
 *                          GB/T 26875.3 address, 12 lower-case hex digits, most significant first; null
 *                          for a Raspberry Pi (docs/gb26875.md)
 * @param gb26875Allow      with {@code gb26875Address}: the address or CIDR range its connections come
 *                          from, or null for any
 * @param maxSilenceSeconds the longest the device may send nothing before the gateway raises
 *                          {@code offline} ({@value #MIN_MAX_SILENCE_SECONDS} to
 *                          {@value #MAX_MAX_SILENCE_SECONDS}), or {@code null}: the gateway's rule
 *                          for its protocol
 * @param transport         how its edge agent reaches the gateway: MQTT (the default) or CoAP
 * @param secondary         its own secondary gateway (dual path), over its site's; null: its site's, if any
 *                          ({@link Inventory#secondaryOf(Device)})
 */
public record Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network,
                     Integer maxSilenceSeconds, Location place, String gb26875Address, String gb26875Allow,
                     Transport transport, SecondaryGateway secondary) {

    /** A device on MQTT, without a secondary gateway of its own. */
    public Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network,
                  Integer maxSilenceSeconds, Location place, String gb26875Address, String gb26875Allow) {
        this(id, site, location, sensors, network, maxSilenceSeconds, place, gb26875Address, gb26875Allow,
                Transport.MQTT, null);
    }

    /** Bounds the gateway accepts for {@code maxSilenceSeconds} (10 s to 7 days). */
    public static final int MIN_MAX_SILENCE_SECONDS = 10;
    public static final int MAX_MAX_SILENCE_SECONDS = 7 * 24 * 3600;

    /** A device that joins its site's network, without a silence limit of its own. */
    public Device(String id, String site, String location, List<Sensor> sensors) {
        this(id, site, location, sensors, null, null);
    }

    /** A device with its own network, without a silence limit of its own. */
    public Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network) {
        this(id, site, location, sensors, network, null);
    }

    /** A device whose location is plain text or absent. */
    public Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network,
                  Integer maxSilenceSeconds) {
        this(id, site, location, sensors, network, maxSilenceSeconds, null);
    }

    /** A Raspberry Pi, not a panel's UITD. */
    public Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network,
                  Integer maxSilenceSeconds, Location place) {
        this(id, site, location, sensors, network, maxSilenceSeconds, place, null, null);
    }

    public Device {
        sensors = List.copyOf(sensors);
        transport = transport == null ? Transport.MQTT : transport;
    }

    /** Whether this is a fire alarm panel's UITD, which speaks GB/T 26875.3 and is neither bundled nor flashed. */
    public boolean isUitd() {
        return gb26875Address != null;
    }
}
