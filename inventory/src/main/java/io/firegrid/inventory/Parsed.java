package io.firegrid.inventory;

import java.util.List;

/** A record read from the file together with the positions of its keys, for the checks that follow. */
record Parsed<T>(T value, Fields at, List<Parsed<Sensor>> sensors, Fields limits, Fields network) {

    Parsed(T value, Fields at) {
        this(value, at, List.of(), null, null);
    }

    Parsed(T value, Fields at, List<Parsed<Sensor>> sensors, Fields limits) {
        this(value, at, sensors, limits, null);
    }
}
