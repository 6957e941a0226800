package io.firegrid.inventory;

import io.firegrid.protocol.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * Reads how a device reports: a contact sensor's supervised loop ({@code eol:}), a device's
 * {@code transport:} and a site's or device's {@code secondary:} gateway; each value checked where
 * it is written.
 */
final class PathReading {

    static final List<String> EOL = List.of("channel", "i2cAddress", "pullUpOhms", "resistorOhms", "alarmOhms");
    static final List<String> SECONDARY = List.of("gateway", "mqtt", "ca");
    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private PathReading() {
    }

    /** A sensor's {@code eol:} (null when absent); its values checked, the defaults filled in. */
    static EolLoop eol(Fields f, Kind kind, Contact contact) {
        if (!f.has("eol")) {
            return null;
        }
        Fields e = f.map("eol", false, "the end-of-line loop of " + f.what(), EOL, "{channel: 1}");
        if (kind == Kind.PRESSURE) {
            f.problem(f.pos("eol"), "'eol' does not apply to a pressure sensor",
                    "a supervised loop is a contact (smoke, call-point, door, exit) with an end-of-line resistor; a "
                            + "transmitter's 4-20 mA loop is supervised by its current already");
            return null;
        }
        Integer channel = e.whole("channel", true, "1   # the ADS1115 input AIN0 to AIN3 the loop is wired to");
        if (channel != null && (channel < 0 || channel > 3)) {
            e.problem(e.pos("channel"), "ADS1115 channel " + channel + " of " + f.what() + " does not exist",
                    "use 0 to 3 (inputs AIN0 to AIN3); AIN0 is usually the hydrant transmitter's");
            channel = null;
        }
        Integer address = e.whole("i2cAddress", false, "0x48");
        if (address != null && (address < InventoryChecks.ADS1115_FIRST || address > InventoryChecks.ADS1115_LAST)) {
            e.problem(e.pos("i2cAddress"), String.format("I2C address 0x%X is not an ADS1115 address", address),
                    "an ADS1115 answers at 0x48, 0x49, 0x4A or 0x4B depending on its ADDR pin");
            address = null;
        }
        Integer pullUp = ohms(e, "pullUpOhms", f.what());
        Integer eol = ohms(e, "resistorOhms", f.what());
        Integer alarm = ohms(e, "alarmOhms", f.what());
        if (channel == null || pullUp == null || eol == null || alarm == null || e.has("i2cAddress") && address == null) {
            return null;
        }
        EolLoop loop = new EolLoop(channel, address == null ? EolLoop.DEFAULT_I2C_ADDRESS : address, pullUp, eol, alarm);
        if (contact != null && loop.stateRatio(contact) < EolLoop.MIN_STATE_RATIO) {
            e.problem(e.has("alarmOhms") ? e.pos("alarmOhms") : e.pos("resistorOhms"), String.format(java.util.Locale.ROOT,
                    "the loop of %s reads %.0f Ω at rest and %.0f Ω with its %s contact active, too close to tell apart",
                    f.what(), (double) loop.resistorOhms(), loop.activeOhms(contact), contact),
                    "fit an alarm resistor near the end-of-line resistor's value (4.7 kΩ with 4.7 kΩ: a factor 2 apart); "
                            + "docs/wiring.md");
            return null;
        }
        return loop;
    }

    private static Integer ohms(Fields e, String key, String what) {
        Integer v = e.whole(key, false, "4700");
        if (v == null) {
            return e.has(key) ? null : EolLoop.DEFAULT_OHMS;
        }
        if (v < EolLoop.MIN_OHMS || v > EolLoop.MAX_OHMS) {
            e.problem(e.pos(key), key + " " + v + " of " + what + " is not between " + EolLoop.MIN_OHMS + " and "
                    + EolLoop.MAX_OHMS + " Ω", "give the resistor's value in ohms, e.g. " + key + ": 4700 (4.7 kΩ)");
            return null;
        }
        return v;
    }

    /** A device's {@code transport:}, MQTT when absent. */
    static Transport transport(Fields f) {
        String text = f.text("transport", false, "coap");
        if (text == null) {
            return Transport.MQTT;
        }
        return Transport.find(text).orElseGet(() -> {
            f.problem(f.pos("transport"), "transport '" + text + "' of " + f.what() + " is not mqtt or coap",
                    "mqtt (the default: leave it out) or coap (CoAP over DTLS with the device's pre-shared key)");
            return Transport.MQTT;
        });
    }

    /** A site's or device's {@code secondary:}, null when absent or not usable. */
    static SecondaryGateway secondary(Fields f) {
        if (!f.has("secondary")) {
            return null;
        }
        Fields s = f.map("secondary", false, "the secondary gateway of " + f.what(), SECONDARY,
                "{gateway: https://10.20.0.5:8443, mqtt: ssl://10.20.0.5:8883}");
        String web = s.text("gateway", true, "https://10.20.0.5:8443   # its HTTP(S) address, for register and verify");
        String mqtt = s.text("mqtt", true, "ssl://10.20.0.5:8883   # its MQTT address as the devices reach it");
        URI gateway = web == null ? null : uri(s, "gateway", web, Set.of("http", "https"),
                "write its HTTP(S) address as register takes it, e.g. https://10.20.0.5:8443 (8080 for plain HTTP)");
        URI broker = mqtt == null ? null : uri(s, "mqtt", mqtt, MQTT_SCHEMES,
                "write its MQTT address as the devices reach it, e.g. ssl://10.20.0.5:8883 or tcp://10.20.0.5:1883");
        String ca = s.text("ca", false, "secondary-ca.pem   # its site CA (its ca.pem), beside the inventory");
        return gateway == null || broker == null ? null : new SecondaryGateway(gateway, broker, ca == null ? null : ca.strip());
    }

    private static URI uri(Fields s, String key, String text, Set<String> schemes, String hint) {
        try {
            URI u = new URI(text.strip());
            if (u.getScheme() != null && schemes.contains(u.getScheme().toLowerCase(java.util.Locale.ROOT))
                    && u.getHost() != null && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"))
                    && u.getQuery() == null && (u.getPort() > 0 || key.equals("gateway"))) {
                return u;
            }
        } catch (URISyntaxException e) {
            // told below
        }
        s.problem(s.pos(key), "'" + key + "' of " + s.what() + " is '" + text + "', not " + String.join(" or ",
                schemes.stream().sorted().map(x -> x + "://HOST" + (key.equals("gateway") ? "[:PORT]" : ":PORT")).toList()), hint);
        return null;
    }
}
