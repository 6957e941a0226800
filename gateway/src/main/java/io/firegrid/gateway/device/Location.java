package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Floor;

/**
 * Where a sensor or a device is, as the crew says it at 3 a.m.: building (栋), unit (单元), floor
 * and a free label ("3楼东侧走廊", "room 302 kitchen"). Every part may be missing; a sensor's
 * location is completed from its device's ({@link #orElse}), and the building from its site's.
 *
 * @param building the building's name at its site, e.g. {@code 7}; 1 to {@value #MAX_BUILDING} characters
 * @param unit     the unit (单元, a stairwell of a residential block), {@value #MIN_UNIT} to {@value #MAX_UNIT}
 * @param floor    the floor, basements negative ({@link Floor}: B1 is -1)
 * @param label    the room or corridor in people's words, 1 to {@value #MAX_LABEL} characters
 */
public record Location(String building, Integer unit, Integer floor, String label) {

    /** Nothing known. */
    public static final Location NONE = new Location(null, null, null, null);
    public static final int MAX_BUILDING = 32;
    public static final int MIN_UNIT = 1;
    public static final int MAX_UNIT = 99;
    public static final int MAX_LABEL = 80;

    public Location {
        building = blankToNull(building);
        label = blankToNull(label);
        if (building != null && (building.length() > MAX_BUILDING || hasControl(building))) {
            throw bad("building '" + building + "' must be 1 to " + MAX_BUILDING + " characters on one line");
        }
        if (unit != null && (unit < MIN_UNIT || unit > MAX_UNIT)) {
            throw bad("unit " + unit + " must be a whole number from " + MIN_UNIT + " to " + MAX_UNIT);
        }
        if (floor != null && !Floor.valid(floor)) {
            throw bad("floor " + floor + " is not " + Floor.expected());
        }
        if (label != null && (label.length() > MAX_LABEL || hasControl(label))) {
            throw bad("label must be 1 to " + MAX_LABEL + " characters on one line");
        }
    }

    /** This location, each missing part taken from {@code fallback}. */
    public Location orElse(Location fallback) {
        if (fallback == null) {
            return this;
        }
        return new Location(building != null ? building : fallback.building, unit != null ? unit : fallback.unit,
                floor != null ? floor : fallback.floor, label != null ? label : fallback.label);
    }

    public boolean isEmpty() {
        return building == null && unit == null && floor == null && label == null;
    }

    /** The floor as shown ({@code 3}, {@code B1}), or {@code null}. */
    public String floorText() {
        return floor == null ? null : Floor.text(floor);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static FireGridException bad(String reason) {
        return FireGridException.badRequest("bad-location", reason);
    }
}
