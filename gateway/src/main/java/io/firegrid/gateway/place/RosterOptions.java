package io.firegrid.gateway.place;

import io.firegrid.protocol.settings.Setting;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The local time of the sites: duty rosters, people's quiet hours and the daily digest are read in it.
 *
 * @param zone {@code FIREGRID_SITE_ZONE}, default {@value #DEFAULT_ZONE} (the communities FireGrid
 *             serves keep China Standard Time)
 */
public record RosterOptions(ZoneId zone) {

    public static final String DEFAULT_ZONE = "Asia/Shanghai";
    public static final Setting<String> ZONE = Setting.string("FIREGRID_SITE_ZONE", DEFAULT_ZONE, null,
            "time zone of duty rosters, quiet hours and the daily digest (IANA name, e.g. Asia/Shanghai)");

    public static final RosterOptions DEFAULTS = new RosterOptions(ZoneId.of(DEFAULT_ZONE));

    public RosterOptions {
        Objects.requireNonNull(zone, "zone");
    }

    public static RosterOptions fromEnv(Map<String, String> env) {
        String name = ZONE.read(env);
        try {
            return new RosterOptions(ZoneId.of(name));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(ZONE.name() + " must be a time zone such as Asia/Shanghai, not '"
                    + name + "' (default " + DEFAULT_ZONE + ")");
        }
    }
}
