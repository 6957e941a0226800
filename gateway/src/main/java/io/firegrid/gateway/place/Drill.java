package io.firegrid.gateway.place;

import java.time.Instant;
import java.util.Objects;

/**
 * A site or station in drill (演练): alarms raised at the site, or at any site of the grid cells
 * the station covers, are marked drill until it is taken out of drill or the drill ends by itself.
 *
 * @param since when it was put in drill
 * @param by    who put it in drill
 * @param until when the drill ends by itself, so a site nobody took out of drill does not mark a
 *              real fire as a drill; {@code null} only for drills stored before drills had an end
 */
public record Drill(Instant since, String by, Instant until) {

    public Drill {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(by, "by");
    }

    /** Whether the drill is still on at {@code now}. */
    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
