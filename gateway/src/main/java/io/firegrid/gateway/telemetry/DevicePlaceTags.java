package io.firegrid.gateway.telemetry;

import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.protocol.DeviceId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The place tags of a device's readings: {@code site} (the device's), {@code building} (the sensor's,
 * else its device's, else its site's), {@code floor} (the sensor's or its device's, as shown:
 * {@code 3}, {@code B1}) and {@code zone} (the sensor's). A tag that is not known is left out: an
 * unregistered device has none, a device without a site or location has no site, building or floor.
 *
 * <p>The tags of a device are worked out once and kept, for all its sensors, until what they are
 * made of changes: each call looks the device and its site's building up again (two map lookups)
 * and checks them against what the kept tags were made from. The device is compared by identity
 * (the registry replaces a device's record whole on every change: site, location, sensors,
 * decommissioning), the site's building by value (a site changed or removed). So a moved or
 * re-placed device gets its new tags on its very next reading, with nothing to notify; and while
 * nothing changed, the same {@link Tags} instance is returned, which lets {@link TelemetryRecorder}
 * keep what it builds on top. Safe to call from any thread.
 */
public final class DevicePlaceTags implements TelemetryRecorder.PlaceTags {

    /** What the kept tags of one device were made from, and the tags. */
    private record Kept(Device device, String siteBuilding, Tags ofDevice, Map<String, Tags> ofSensor)
            implements TelemetryRecorder.Place {
        @Override
        public Tags of(String sensor) {
            Tags t = sensor == null ? null : ofSensor.get(sensor);
            return t == null ? ofDevice : t;
        }
    }

    /** The place of a device that is not registered (any more): no tags. */
    private static final TelemetryRecorder.Place NOWHERE = sensor -> Tags.EMPTY;

    private final Function<DeviceId, Optional<Device>> devices;
    private final BiFunction<String, String, Optional<String>> buildings;
    private final Map<DeviceId, Kept> kept = new ConcurrentHashMap<>();

    /**
     * @param devices   the registered device of an id
     * @param buildings the building of a (tenant, site), empty when the site or its building is unknown
     */
    public DevicePlaceTags(Function<DeviceId, Optional<Device>> devices,
                           BiFunction<String, String, Optional<String>> buildings) {
        this.devices = devices;
        this.buildings = buildings;
    }

    @Override
    public Tags of(DeviceId id, String sensor) {
        return place(id).of(sensor);
    }

    /** The device's place tags for all its sensors: the device, its site's building and the kept tags looked up once. */
    @Override
    public TelemetryRecorder.Place place(DeviceId id) {
        Device d = devices.apply(id).orElse(null);
        if (d == null) {
            kept.remove(id);
            return NOWHERE;
        }
        String siteBuilding = d.site() == null ? null : buildings.apply(id.tenant(), d.site()).orElse(null);
        Kept k = kept.get(id);
        if (k == null || k.device() != d || !Objects.equals(k.siteBuilding(), siteBuilding)) {
            k = make(d, siteBuilding);
            kept.put(id, k);
        }
        return k;
    }

    private static Kept make(Device d, String siteBuilding) {
        Map<String, Tags> ofSensor = new HashMap<>();
        for (Sensor s : d.sensors()) {
            ofSensor.put(s.id(), tags(d, siteBuilding, d.locationOf(s.id()), s.zone()));
        }
        // the device itself and a sensor it was not registered with: the device's location, no zone
        return new Kept(d, siteBuilding, tags(d, siteBuilding, d.location(), null), Map.copyOf(ofSensor));
    }

    private static Tags tags(Device d, String siteBuilding, Location at, String zone) {
        Tags tags = Tags.EMPTY.with("site", d.site())
                .with("building", at.building() != null ? at.building() : d.site() != null ? siteBuilding : null)
                .with("zone", zone);
        return at.floor() == null ? tags : tags.with("floor", at.floorText());
    }
}
