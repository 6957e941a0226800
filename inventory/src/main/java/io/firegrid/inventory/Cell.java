package io.firegrid.inventory;

import java.util.List;

/** A grid cell (网格): the station responsible for it and its grid workers' person ids. */
public record Cell(String id, String station, List<String> gridWorkers) {

    public Cell {
        gridWorkers = List.copyOf(gridWorkers);
    }
}
