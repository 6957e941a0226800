package io.firegrid.inventory;

/**
 * Where a device or a sensor is, as the crew will read it on an alarm: {@code building} (one of
 * its site's), {@code unit} (单元), {@code floor} (basements negative: B1 is -1, see
 * {@link io.firegrid.protocol.place.Floor}) and a free {@code label} ("3楼东侧走廊", "room 302
 * kitchen"). Any part may be null; a sensor's missing parts are its device's.
 */
public record Location(String building, Integer unit, Integer floor, String label) {

    /** Bounds the gateway accepts (gateway {@code device/Location}). */
    public static final int MAX_BUILDING = 32;
    public static final int MAX_UNIT = 99;
    public static final int MAX_LABEL = 80;

    /** This location, each missing part taken from {@code fallback} (may be null). */
    public Location orElse(Location fallback) {
        if (fallback == null) {
            return this;
        }
        return new Location(building != null ? building : fallback.building, unit != null ? unit : fallback.unit,
                floor != null ? floor : fallback.floor, label != null ? label : fallback.label);
    }
}
