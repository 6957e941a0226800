package io.firegrid.gateway.place;

import java.util.List;
import java.util.Objects;

/**
 * A grid cell (网格) of the community.
 *
 * @param station     the station responsible for the cell's alarms
 * @param gridWorkers ids of the cell's grid workers ({@link Role#GRID_WORKER} people)
 */
public record Cell(String tenant, String id, String station, List<String> gridWorkers) {

    public Cell {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(station, "station");
        gridWorkers = List.copyOf(gridWorkers);
    }
}
