package io.firegrid.gateway.place;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who heads a station and whose phones and preferences they may therefore change: a station's head
 * is the {@code head} of its duty roster ({@link Roster#head}); its people are its crew and everyone
 * its roster names (shifts, backups, leave, swaps, the head). A head edits those people and no one
 * else's (docs/access.md, "Station heads").
 */
public final class StationHeads {

    private final Places places;
    private final Rosters rosters;

    public StationHeads(Places places, Rosters rosters) {
        this.places = places;
        this.rosters = rosters;
    }

    /** The ids of the stations of {@code tenant} whose roster has {@code person} as head, by id. */
    public List<String> headedBy(String tenant, String person) {
        return places.stations(tenant).stream().map(Station::id)
                .filter(id -> rosters.roster(tenant, Roster.STATION, id).map(r -> person.equals(r.head())).orElse(false))
                .toList();
    }

    /** The people of station {@code id}: its crew and everyone its roster names. */
    public Set<String> peopleOf(String tenant, String id) {
        Set<String> out = new LinkedHashSet<>();
        places.station(tenant, id).ifPresent(s -> out.addAll(s.crew()));
        rosters.roster(tenant, Roster.STATION, id).ifPresent(r -> out.addAll(r.named()));
        return out;
    }

    /**
     * Why {@code head} may not change person {@code target} of {@code tenant}, or empty if they may:
     * {@code target} is one of the people of a station {@code head} heads.
     */
    public Optional<String> refusal(String tenant, String head, String target) {
        List<String> stations = headedBy(tenant, head);
        if (stations.isEmpty()) {
            return Optional.of("person '" + head + "' heads no station of tenant " + tenant + " (no station roster names them"
                    + " as 'head'), so this token may change no one's phones or preferences");
        }
        if (stations.stream().anyMatch(s -> peopleOf(tenant, s).contains(target))) {
            return Optional.empty();
        }
        return Optional.of("person '" + head + "' heads station " + String.join(", ", stations) + ", and '" + target
                + "' is neither its crew nor on its roster: a station head changes the people of their own station only");
    }
}
