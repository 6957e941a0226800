package io.firegrid.inventory;

import io.firegrid.protocol.gb26875.Address;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The GB/T 26875.3 side of a device: a fire alarm panel's user information transmission device (UITD)
 * has {@code gb26875Address} (its 6-byte address, 12 hex digits) and {@code gb26875Allow} (the
 * address or range its connections come from), which the gateway takes on its registration
 * (docs/gb26875.md). Its sensors are the panel's components, named as the gateway names them
 * ({@code c-<system type>-<system address>-<component address>}), not wired to a Pi.
 */
final class UitdReading {

    /** How the gateway names a panel's component: {@code c-1-1-261}. */
    static final Pattern COMPONENT = Pattern.compile("c-[0-9]{1,3}-[0-9]{1,3}-[0-9]{1,10}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    static final List<String> WIRING = List.of("gpio", "contact", "i2cAddress", "channel", "rangeMpa");

    private UitdReading() {
    }

    /** The address of device {@code f} in lower case, or null after reporting why it is not one. */
    static String address(Fields f) {
        String text = f.text("gb26875Address", false, "\"0000c0a80164\"");
        if (text == null) {
            return null;
        }
        try {
            return Address.parse(text.strip()).hex();
        } catch (IllegalArgumentException e) {
            String bare = text.replaceAll("[\\s:.\\-]", "");
            String hint = bare.length() == 12 && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                    ? "write it as \"" + bare.toLowerCase(Locale.ROOT) + "\": 12 hex digits without separators"
                    : "the UITD's 6-byte address as 12 hex digits, most significant byte first, e.g. \"0000c0a80164\" "
                    + "(its panel settings or label show it)";
            f.problem(f.pos("gb26875Address"), "gb26875Address '" + text + "' of " + f.what() + " is not a GB/T 26875.3 "
                    + "address", hint);
            return null;
        }
    }

    /** The range of device {@code f}, or null when absent or after reporting why it is not one. */
    static String allow(Fields f) {
        String text = f.text("gb26875Allow", false, "10.8.0.0/24");
        if (text == null) {
            return null;
        }
        String s = text.strip();
        String host = Ipv4.host(s);
        boolean ok;
        if (IPV6.matcher(host).matches()) {
            ok = !s.contains("/") || s.substring(s.indexOf('/') + 1).matches("[0-9]{1,3}")
                    && Integer.parseInt(s.substring(s.indexOf('/') + 1)) <= 128;
        } else {
            ok = Ipv4.parse(host) >= 0 && (!s.contains("/") || Ipv4.prefix(s) >= 0);
        }
        if (!ok) {
            f.problem(f.pos("gb26875Allow"), "gb26875Allow '" + text + "' of " + f.what() + " is not an address or a "
                    + "range", "write the address its connections come from (10.8.0.5) or a range (10.8.0.0/24): the "
                    + "VPN or tunnel end the UITD reaches the gateway through");
            return null;
        }
        return s;
    }

    /**
     * Whole-file checks of the UITDs: each address belongs to one device; a UITD without a range is
     * a warning; its sensors are components named as the gateway names them, unwired.
     */
    static void check(Parsed<Device> d, Map<String, Parsed<Device>> byAddress, List<Problem> problems,
                      List<Problem> warnings) {
        Device device = d.value();
        Fields f = d.at();
        if (device.gb26875Address() != null) {
            Parsed<Device> first = byAddress.putIfAbsent(device.gb26875Address(), d);
            if (first != null) {
                f.problem(f.pos("gb26875Address"), "gb26875Address " + device.gb26875Address() + " of " + f.what()
                        + " is also that of device '" + first.value().id() + "' (line " + first.at().pos("gb26875Address").line()
                        + ")", "each UITD has its own address: check both panels' settings");
            }
            if (device.gb26875Allow() == null && !f.has("gb26875Allow")) {
                warnings.add(f.pos("gb26875Address").problem(f.what() + " has no 'gb26875Allow': the gateway takes its "
                        + "frames from any address, and GB/T 26875.3 authenticates nothing", "name the address or range its "
                        + "connections come from, e.g. gb26875Allow: 10.8.0.0/24 (docs/gb26875.md)"));
            }
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Parsed<Sensor> p : d.sensors()) {
            Sensor s = p.value();
            Fields sf = p.at();
            if (s.id() != null && !ids.add(s.id())) {
                sf.problem(sf.pos("id"), "duplicate sensor id '" + s.id() + "' in " + f.what(),
                        "sensor ids are unique within a device");
            }
            if (s.id() != null && !COMPONENT.matcher(s.id()).matches()) {
                sf.problem(sf.pos("id"), "sensor '" + s.id() + "' of UITD " + f.what() + " is not named as the gateway "
                        + "names a panel's component", "write c-<system type>-<system address>-<component address>, "
                        + "e.g. c-1-1-261 for component 261 of fire alarm system 1 at address 1");
            }
            for (String key : WIRING) {
                if (sf.has(key)) {
                    sf.problem(sf.pos(key), "'" + key + "' does not apply to a component of a fire alarm panel",
                            "a UITD reports its panel's components itself: give id, kind, zone and location only");
                }
            }
        }
    }
}
