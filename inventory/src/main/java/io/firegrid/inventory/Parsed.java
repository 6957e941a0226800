package io.firegrid.inventory;

import java.util.List;

/** A record read from the file together with the positions of its keys, for the checks that follow. */
record Parsed<T>(T value, Fields at, List<Parsed<Sensor>> sensors, Fields limits) {

    Parsed(T value, Fields at) {
        this(value, at, List.of(), null);
    }
}
