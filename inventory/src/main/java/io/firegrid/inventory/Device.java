package io.firegrid.inventory;

import java.util.List;

/**
 * A Raspberry Pi at a site; {@code location} is free text for whoever has to find it; {@code network}
 * (may be null) overrides its site's network, see {@link Inventory#networkOf(Device)}.
 */
public record Device(String id, String site, String location, List<Sensor> sensors, NetworkSettings network) {

    public Device {
        sensors = List.copyOf(sensors);
    }

    /** A device that joins its site's network. */
    public Device(String id, String site, String location, List<Sensor> sensors) {
        this(id, site, location, sensors, null);
    }
}
