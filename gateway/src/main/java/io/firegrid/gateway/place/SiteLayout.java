package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import java.util.List;

/**
 * What a crew needs to find a site and the places in it: its street address, optional map
 * coordinates, its basement floors and its buildings.
 *
 * @param basementFloors floors below ground, 0 to 10 ({@code null}: not given, read as none when the
 *                       site gives its floors)
 * @param buildings      the names of its buildings ({@code 7}, {@code A座}) besides the site's own
 *                       {@code building}; a sensor's building must be one of them
 * @param address        the street address as a caller would say it, or {@code null}
 * @param lat            WGS 84 latitude, with {@code lon} or not at all
 * @param lon            WGS 84 longitude
 */
public record SiteLayout(Integer basementFloors, List<String> buildings, String address, Double lat, Double lon) {

    /** Nothing given. */
    public static final SiteLayout NONE = new SiteLayout(null, List.of(), null, null, null);
    public static final int MAX_BASEMENT_FLOORS = 10;
    public static final int MAX_ADDRESS = 200;

    public SiteLayout {
        buildings = buildings == null ? List.of() : List.copyOf(buildings);
        address = address == null || address.isBlank() ? null : address.strip();
        if (basementFloors != null && (basementFloors < 0 || basementFloors > MAX_BASEMENT_FLOORS)) {
            throw FireGridException.badRequest("bad-field", "'basementFloors' must be a whole number from 0 to "
                    + MAX_BASEMENT_FLOORS + ", not " + basementFloors);
        }
        for (String b : buildings) {
            if (b == null || b.isBlank() || b.length() > 32 || b.chars().anyMatch(Character::isISOControl)) {
                throw FireGridException.badRequest("bad-field", "each of 'buildings' must be a name of 1 to 32 characters on one line");
            }
        }
        if (address != null && (address.length() > MAX_ADDRESS || address.chars().anyMatch(Character::isISOControl))) {
            throw FireGridException.badRequest("bad-field", "'address' must be 1 to " + MAX_ADDRESS + " characters on one line");
        }
        if ((lat == null) != (lon == null)) {
            throw FireGridException.badRequest("bad-field", "'location' needs both lat and lon, or neither");
        }
        if (lat != null && (lat < -90 || lat > 90 || lon < -180 || lon > 180)) {
            throw FireGridException.badRequest("bad-field", "'location' must be WGS 84 degrees: lat -90 to 90, lon -180 to 180");
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
