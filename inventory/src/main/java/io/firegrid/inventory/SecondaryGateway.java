package io.firegrid.inventory;

import java.net.URI;

/**
 * The second FireGrid gateway of the dual path (docs/dual-path.md): another community's or the
 * district's, which takes a device's events when its own gateway does not acknowledge them in time.
 * Written under a site's or a device's {@code secondary:}; a device's replaces its site's.
 *
 * @param gateway its HTTP(S) address, where {@code config register} registers the devices and
 *                {@code config verify} checks them, e.g. {@code https://10.20.0.5:8443}
 * @param mqtt    its MQTT address as the devices reach it ({@code FIREGRID_SECONDARY_MQTT_URI}),
 *                e.g. {@code ssl://10.20.0.5:8883}
 * @param ca      its site CA (PEM) file as written, relative to the inventory's directory unless
 *                absolute: {@code bundle} puts it into each bundle for the agent to trust over
 *                {@code ssl://}, {@code register} and {@code verify} trust it for its {@code https://}
 *                address; null: none named
 */
public record SecondaryGateway(URI gateway, URI mqtt, String ca) {

    /** A secondary without a CA of its own named. */
    public SecondaryGateway(URI gateway, URI mqtt) {
        this(gateway, mqtt, null);
    }
}
