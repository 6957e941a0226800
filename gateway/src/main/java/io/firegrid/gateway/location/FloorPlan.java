package io.firegrid.gateway.location;

import io.firegrid.protocol.place.PlanImage;
import java.time.Instant;

/**
 * The plan image of one floor of one building of a site, as stored: its bytes are in the data
 * directory's {@code plans/} under {@code file}, the rest in the store.
 *
 * @param building the building's name at the site ({@code 7}); the site's own building when none was named
 * @param floor    the floor, basements negative (B1 is -1)
 * @param type     what the bytes are (decided from them, {@link PlanImage})
 * @param bytes    the image's size
 * @param sha256   the image's SHA-256, hex: its ETag
 * @param file     the file's name in {@code plans/}
 */
public record FloorPlan(String tenant, String site, String building, int floor, PlanImage.Type type, long bytes,
                        String sha256, String file, String uploadedBy, Instant uploadedAt) {

    /** Whether this is the plan of (tenant, site, building, floor). */
    public boolean of(String t, String s, String b, int f) {
        return tenant.equals(t) && site.equals(s) && building.equals(b) && floor == f;
    }
}
