package io.firegrid.gateway.location;

import io.firegrid.gateway.alarm.AlarmLocation;
import io.firegrid.gateway.alarm.AlarmPorts;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.place.Site;
import io.firegrid.protocol.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Answers the alarm core's question "where is this sensor?" from the registered devices and the
 * sites: the sensor's own location completed by its device's, the building by its site's
 * {@code building}, with the site's name, street address and coordinates. Reads memory only, so it
 * may be called on the store's thread.
 */
public final class SensorPlaces implements AlarmPorts.WhereOf {

    private final Function<DeviceId, Optional<Device>> devices;
    private final BiFunction<String, String, Optional<Site>> sites;

    /**
     * @param devices the registered device of an id
     * @param sites   the site of a (tenant, id)
     */
    public SensorPlaces(Function<DeviceId, Optional<Device>> devices, BiFunction<String, String, Optional<Site>> sites) {
        this.devices = devices;
        this.sites = sites;
    }

    /** {@code null} for a device not registered, or one with neither a site nor a location. */
    @Override
    public AlarmLocation where(DeviceId id, String sensor) {
        Device d = devices.apply(id).orElse(null);
        if (d == null) {
            return null;
        }
        Site site = d.site() == null ? null : sites.apply(id.tenant(), d.site()).orElse(null);
        Location at = d.locationOf(sensor);
        if (site != null) {
            at = at.orElse(new Location(site.building(), null, null, null));
        }
        if (d.site() == null && at.isEmpty()) {
            return null;
        }
        String kind = d.sensor(sensor).map(s -> s.kind().wireName()).orElse("device");
        return new AlarmLocation(d.site(), site == null ? null : site.name(), site == null ? null : site.layout().address(),
                site == null ? null : site.layout().lat(), site == null ? null : site.layout().lon(),
                new AlarmLocation.Spot(id.device(), sensor, kind, at), List.of());
    }
}
