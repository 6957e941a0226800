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
 * {@code building}, with the site's name, street address and coordinates. A sensor with no label
 * of its own that a fire alarm panel described (GB/T 26875.3: "三楼东侧走廊") takes the panel's words
 * as its label, with the building of its device but not the device's unit and floor: those are where
 * the panel's UITD hangs, not where the detector is. Reads memory only, so it may be called on the
 * store's thread.
 */
public final class SensorPlaces implements AlarmPorts.WhereOf {

    private final Function<DeviceId, Optional<Device>> devices;
    private final BiFunction<String, String, Optional<Site>> sites;
    private final Descriptions panels;

    /**
     * What a fire alarm panel said of one of its components.
     *
     * @param label its description, or {@code null} when it gave none
     * @param kind  its kind on the wire ({@code smoke}, {@code call-point})
     */
    public record Described(String label, String kind) {
    }

    /** The panels' descriptions of their components. */
    @FunctionalInterface
    public interface Descriptions {
        /** What a panel said of {@code sensor} of {@code device}, or {@code null}. */
        Described of(DeviceId device, String sensor);
    }

    /** Places of registered sensors only, with no panel's descriptions. */
    public SensorPlaces(Function<DeviceId, Optional<Device>> devices, BiFunction<String, String, Optional<Site>> sites) {
        this(devices, sites, (id, sensor) -> null);
    }

    /**
     * @param devices the registered device of an id
     * @param sites   the site of a (tenant, id)
     * @param panels  what fire alarm panels said of their components
     */
    public SensorPlaces(Function<DeviceId, Optional<Device>> devices, BiFunction<String, String, Optional<Site>> sites,
                        Descriptions panels) {
        this.devices = devices;
        this.sites = sites;
        this.panels = panels;
    }

    /** {@code null} for a device not registered, or one with neither a site nor a location. */
    @Override
    public AlarmLocation where(DeviceId id, String sensor) {
        Device d = devices.apply(id).orElse(null);
        if (d == null) {
            return null;
        }
        Site site = d.site() == null ? null : sites.apply(id.tenant(), d.site()).orElse(null);
        Location at = placeOf(d, sensor);
        if (site != null) {
            at = at.orElse(new Location(site.building(), null, null, null));
        }
        if (d.site() == null && at.isEmpty()) {
            return null;
        }
        String kind = d.sensor(sensor).map(s -> s.kind().wireName()).orElseGet(() -> {
            Described p = panels.of(id, sensor);
            return p == null ? "device" : p.kind();
        });
        return new AlarmLocation(d.site(), site == null ? null : site.name(), site == null ? null : site.layout().address(),
                site == null ? null : site.layout().lat(), site == null ? null : site.layout().lon(),
                new AlarmLocation.Spot(id.device(), sensor, kind, at), List.of());
    }

    private Location placeOf(Device d, String sensor) {
        Location own = d.sensor(sensor).map(s -> s.location()).orElse(Location.NONE);
        Described described = own.label() == null ? panels.of(d.id(), sensor) : null;
        String panel = described == null ? null : described.label();
        if (panel == null) {
            return d.locationOf(sensor);
        }
        Location device = d.location();
        return new Location(own.building(), own.unit(), own.floor(), panel)
                .orElse(own.unit() == null && own.floor() == null ? new Location(device.building(), null, null, null) : device);
    }
}
