package io.firegrid.inventory;

import java.util.List;

/**
 * A building or part of one, in a grid cell, with its building captains' person ids; {@code floors}
 * may be null, and so may {@code network}, the network its devices join unless they say otherwise.
 */
public record Site(String id, String name, String cell, String building, Integer floors, List<String> captains,
                   NetworkSettings network) {

    public Site {
        captains = List.copyOf(captains);
    }

    /** A site with no network of its own. */
    public Site(String id, String name, String cell, String building, Integer floors, List<String> captains) {
        this(id, name, cell, building, floors, captains, null);
    }
}
