package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where an alarm is, taken when it is raised, so every reader (console, webhook, Hono, reports)
 * says the same place even after the device is moved: the site as a caller names it, and the
 * detector's place in it. A fire alarm confirmed by other detectors lists theirs in {@code also}.
 *
 * @param site     the site's id, or {@code null} for a device without a site
 * @param siteName the site's name ("示范小区"), or {@code null}
 * @param address  the site's street address, or {@code null}
 * @param lat      WGS 84 latitude of the site, with {@code lon}, or {@code null}
 * @param here     the detector (or device) that raised the alarm
 * @param also     the detectors whose alarms confirmed this one, in the order they did
 */
public record AlarmLocation(String site, String siteName, String address, Double lat, Double lon, Spot here, List<Spot> also) {

    /**
     * One detector's place.
     *
     * @param kind the sensor's kind on the wire ({@code smoke}, {@code call-point}, ...), {@code device}
     *             for the device as a whole
     */
    public record Spot(String device, String sensor, String kind, Location location) {

        public Spot {
            location = location == null ? Location.NONE : location;
        }
    }

    public AlarmLocation {
        Objects.requireNonNull(here, "here");
        also = List.copyOf(also);
    }

    /** This location with {@code other} added to the detectors that confirmed it (once). */
    AlarmLocation confirmedBy(Spot other) {
        if (other == null || other.equals(here) || also.contains(other)) {
            return this;
        }
        List<Spot> more = new ArrayList<>(also);
        more.add(other);
        return new AlarmLocation(site, siteName, address, lat, lon, here, more);
    }
}
