package io.firegrid.inventory;

import java.util.Locale;
import java.util.Optional;

/**
 * How a device's edge agent reaches its gateway, as written under the device's {@code transport:}:
 * MQTT (the default) or CoAP over DTLS with the device's pre-shared key (docs/protocol.md).
 */
public enum Transport {
    MQTT, COAP;

    /** {@code mqtt} or {@code coap}, as written in the inventory. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport named {@code text} (any case), if any. */
    public static Optional<Transport> find(String text) {
        for (Transport t : values()) {
            if (t.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
