package io.firegrid.inventory;

import java.util.List;

/**
 * A micro fire station (微型消防站) at {@code lat}/{@code lon} (WGS 84 degrees) with its crew (person
 * ids of role crew); {@code next}, when set, is the station an unacknowledged alarm escalates to.
 */
public record Station(String id, String name, double lat, double lon, List<String> crew, String next) {

    public Station {
        crew = List.copyOf(crew);
    }
}
