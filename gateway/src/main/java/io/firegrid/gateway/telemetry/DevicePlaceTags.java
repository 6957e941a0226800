package io.firegrid.gateway.telemetry;

import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.protocol.DeviceId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The place tags of a device's readings: {@code site} (the device's), {@code building} (the sensor's,
 * else its device's, else its site's), {@code floor} (the sensor's or its device's, as shown:
 * {@code 3}, {@code B1}) and {@code zone} (the sensor's). A tag that is not known is left out: an
 * unregistered device has none, a device without a site or location has no site, building or floor.
 */
public final class DevicePlaceTags implements TelemetryRecorder.PlaceTags {

    private final Function<DeviceId, Optional<Device>> devices;
    private final BiFunction<String, String, Optional<String>> buildings;

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
    public Map<String, String> of(DeviceId id, String sensor) {
        Map<String, String> tags = new HashMap<>();
        devices.apply(id).ifPresent(d -> {
            Location at = d.locationOf(sensor == null ? "" : sensor);
            if (d.site() != null) {
                tags.put("site", d.site());
                if (at.building() == null) {
                    buildings.apply(id.tenant(), d.site()).ifPresent(building -> tags.put("building", building));
                }
            }
            if (at.building() != null) {
                tags.put("building", at.building());
            }
            if (at.floor() != null) {
                tags.put("floor", at.floorText());
            }
            if (sensor != null) {
                d.sensor(sensor).map(Sensor::zone).ifPresent(z -> tags.put("zone", z));
            }
        });
        return tags;
    }
}
