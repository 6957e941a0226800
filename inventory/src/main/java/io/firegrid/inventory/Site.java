package io.firegrid.inventory;

import java.util.List;

/** A building or part of one, in a grid cell, with its building captains' person ids; {@code floors} may be null. */
public record Site(String id, String name, String cell, String building, Integer floors, List<String> captains) {

    public Site {
        captains = List.copyOf(captains);
    }
}
