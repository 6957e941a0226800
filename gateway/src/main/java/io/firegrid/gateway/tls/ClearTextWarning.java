package io.firegrid.gateway.tls;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway says when the production profile runs with a clear-text port on: that can only
 * be on purpose (the profile switches them off by default), but bearer tokens and device passwords
 * then cross the network unencrypted, so each such port is logged at WARN with the setting that
 * switches it off. Other profiles say nothing.
 */
public final class ClearTextWarning {

    private static final Logger LOG = LoggerFactory.getLogger(ClearTextWarning.class);

    private ClearTextWarning() {
    }

    /** The warnings for the bound {@code httpPort} and {@code mqttPort} (-1: off), none outside production. */
    public static List<String> of(TlsOptions tls, int httpPort, int mqttPort) {
        List<String> warnings = new ArrayList<>();
        if (tls.profile() != TlsOptions.Profile.PRODUCTION) {
            return warnings;
        }
        if (httpPort >= 0) {
            warnings.add("clear-text HTTP is on in the production profile [port: " + httpPort + "]: bearer tokens cross "
                    + "the network unencrypted; set FIREGRID_HTTP_PORT=-1 to switch it off");
        }
        if (mqttPort >= 0) {
            warnings.add("clear-text MQTT is on in the production profile [port: " + mqttPort + "]: device passwords "
                    + "cross the network unencrypted; set FIREGRID_MQTT_PORT=-1 to switch it off");
        }
        return warnings;
    }

    /** Logs {@link #of} at WARN. */
    public static void log(TlsOptions tls, int httpPort, int mqttPort) {
        of(tls, httpPort, mqttPort).forEach(LOG::warn);
    }
}
