package io.firegrid.inventory;

import java.util.List;

/** A Raspberry Pi at a site; {@code location} is free text for whoever has to find it. */
public record Device(String id, String site, String location, List<Sensor> sensors) {

    public Device {
        sensors = List.copyOf(sensors);
    }
}
