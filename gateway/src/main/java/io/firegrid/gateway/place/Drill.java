package io.firegrid.gateway.place;

import java.time.Instant;
import java.util.Objects;

/**
 * A site or station in drill (演练): alarms raised at the site, or at any site of the grid cells
 * the station covers, are marked drill until it is taken out of drill.
 *
 * @param since when it was put in drill
 * @param by    who put it in drill
 */
public record Drill(Instant since, String by) {

    public Drill {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(by, "by");
    }
}
