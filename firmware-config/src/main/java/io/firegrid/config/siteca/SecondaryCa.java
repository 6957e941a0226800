package io.firegrid.config.siteca;

import io.firegrid.inventory.SecondaryGateway;
import java.nio.file.Path;

/**
 * The site CA an inventory's {@code secondary:} names ({@code ca: FILE}), read from the file as
 * written, relative to the inventory's directory unless absolute. One place for {@code bundle}, which
 * puts it into the bundles, and {@code register} and {@code verify}, which trust it for the
 * secondary's {@code https://} address and check its {@code ssl://} one with it.
 */
public final class SecondaryCa {

    /** The bundle's copy of it; the agent's install.sh puts it at {@link #DEVICE_PATH}. */
    public static final String FILE_NAME = "secondary-ca.pem";
    /** Where it is on the device ({@code FIREGRID_SECONDARY_MQTT_CA}). */
    public static final String DEVICE_PATH = "/etc/firegrid/secondary-ca.pem";

    private SecondaryCa() {
    }

    /** The file {@code s} names, resolved against {@code inventory}'s directory; null when it names none. */
    public static Path fileOf(SecondaryGateway s, Path inventory) {
        if (s == null || s.ca() == null || s.ca().isBlank()) {
            return null;
        }
        Path ca = Path.of(s.ca());
        Path dir = inventory.toAbsolutePath().getParent();
        return ca.isAbsolute() || dir == null ? ca : dir.resolve(ca);
    }

    /**
     * The CA {@code s} names; null when it names none.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not a PEM certificate, saying
     *                                  which secondary named it and what to do
     */
    public static SiteCa of(SecondaryGateway s, Path inventory) {
        Path file = fileOf(s, inventory);
        if (file == null) {
            return null;
        }
        try {
            return SiteCa.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the CA of the secondary gateway " + s.gateway() + " ('ca: " + s.ca()
                    + "' in " + inventory + "): " + e.getMessage() + "; copy the secondary's ca.pem there (its GET /ca.pem,"
                    + " or ca.pem in its data directory)", e);
        }
    }
}
