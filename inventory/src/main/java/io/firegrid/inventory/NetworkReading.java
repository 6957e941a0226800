package io.firegrid.inventory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code network:} mapping (of a site or a device) and checks each of its values on its
 * own: the type, the SSID's length, the country code, the secret's name, the address and prefix,
 * the gateway and name servers, the hostname pattern. What needs the site and the device together
 * (a gateway outside the device's subnet, two devices on one address) is {@link NetworkChecks}'.
 */
final class NetworkReading {

    static final List<String> KEYS = List.of("type", "ssid", "country", "passphraseSecret", "address", "gateway",
            "dns", "hostname");
    static final List<String> WIFI_ONLY = List.of("ssid", "country", "passphraseSecret");

    static final String SECRET_HINT = "never write the Wi-Fi passphrase into the inventory (it is shared and committed): "
            + "name it with 'passphraseSecret: NAME' and keep it in the credentials file as wifi.NAME=..., or in "
            + "FIREGRID_WIFI_PASSPHRASE_NAME; 'bundle' asks for it otherwise";

    static final String EXAMPLE = "{type: wifi, ssid: Jinqiao-IoT, passphraseSecret: jinqiao-iot}";

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of("device", "site", "tenant");

    private NetworkReading() {
    }

    /** The network under {@code key} of {@code parent}, or null (with no problem) when there is none. */
    static Parsed<NetworkSettings> read(Fields parent, boolean site) {
        if (!parent.has("network")) {
            return null;
        }
        Fields f = parent.map("network", false, "the network of " + parent.what(), KEYS, EXAMPLE);
        NetworkSettings.Link link = null;
        String type = f.text("type", site, "wifi   # or ethernet");
        if (type != null) {
            link = switch (type.toLowerCase(Locale.ROOT)) {
                case "wifi", "wi-fi" -> NetworkSettings.Link.WIFI;
                case "ethernet" -> NetworkSettings.Link.ETHERNET;
                default -> null;
            };
            if (link == null) {
                f.problem(f.pos("type"), "type '" + type + "' of " + f.what() + " is not wifi or ethernet",
                        "wifi joins a WPA2/WPA3-personal network by 'ssid'; ethernet uses the wired port");
            }
        }
        String ssid = f.text("ssid", false, "Jinqiao-IoT");
        if (ssid != null) {
            int bytes = ssid.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 32) {
                f.problem(f.pos("ssid"), "ssid '" + ssid + "' of " + f.what() + " is " + bytes
                        + " bytes long; a Wi-Fi network name has 1 to 32", "copy the name exactly as the access point "
                        + "shows it (letters outside ASCII count 2 to 4 bytes each)");
                ssid = null;
            } else if (ssid.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                f.problem(f.pos("ssid"), "ssid of " + f.what() + " holds a control character (a line break or tab)",
                        "write the name on one line, in quotes if it has spaces: ssid: \"Jinqiao IoT\"");
                ssid = null;
            }
        }
        String country = f.text("country", false, "CN");
        if (country != null) {
            String cc = country.toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(cc)) {
                f.problem(f.pos("country"), "country '" + country + "' of " + f.what()
                        + " is not a two-letter ISO 3166 country code", "the country the Pi's radio is used in, "
                        + "e.g. CN for China, HK for Hong Kong; it decides the channels and power allowed");
                country = null;
            } else {
                country = cc;
            }
        }
        String secret = f.optionalId("passphraseSecret");
        String address = address(f);
        String gateway = ip(f, "gateway", "192.168.10.1");
        List<String> dns = new ArrayList<>();
        for (Fields.Item i : f.items("dns", "[192.168.10.1, 223.5.5.5]")) {
            if (Ipv4.parse(i.value()) < 0) {
                f.problem(i.at(), "'" + i.value() + "' in 'dns' of " + f.what() + " is not an IPv4 address",
                        "write name servers as numbers: dns: [192.168.10.1, 223.5.5.5]");
            } else {
                dns.add(i.value());
            }
        }
        String hostname = hostname(f);
        NetworkSettings n = new NetworkSettings(link, ssid, country, secret, address, gateway,
                f.has("dns") ? dns : null, hostname);
        return new Parsed<>(n, f);
    }

    private static String address(Fields f) {
        String a = f.text("address", false, "192.168.10.20/24");
        if (a == null) {
            return null;
        }
        long host = Ipv4.parse(Ipv4.host(a));
        int prefix = Ipv4.prefix(a);
        if (host < 0) {
            f.problem(f.pos("address"), "address '" + a + "' of " + f.what() + " is not an IPv4 address with "
                    + "its prefix length", "write ADDRESS/PREFIX, e.g. address: 192.168.10.20/24, or leave it out for DHCP");
            return null;
        }
        if (prefix < 0) {
            f.problem(f.pos("address"), "address '" + a + "' of " + f.what() + " has no prefix length "
                    + "(or one outside 0-32)", "add the subnet's size after a slash, e.g. " + Ipv4.host(a)
                    + "/24 for a 255.255.255.0 netmask");
            return null;
        }
        if (prefix < 8 || prefix > 30) {
            f.problem(f.pos("address"), "address '" + a + "' of " + f.what() + " has prefix /" + prefix
                    + "; a device's LAN is /8 to /30", "a site network is usually /24 (netmask 255.255.255.0)");
            return null;
        }
        long net = host & Ipv4.mask(prefix);
        long broadcast = net | (~Ipv4.mask(prefix) & 0xFFFFFFFFL);
        if (host == net || host == broadcast) {
            f.problem(f.pos("address"), "address '" + a + "' of " + f.what() + " is the "
                    + (host == net ? "network" : "broadcast") + " address of " + Ipv4.subnet(host, prefix)
                    + ", not one a device can have", "pick an address between " + Ipv4.format(net + 1) + " and "
                    + Ipv4.format(broadcast - 1));
            return null;
        }
        return a;
    }

    private static String ip(Fields f, String key, String example) {
        String v = f.text(key, false, example);
        if (v != null && Ipv4.parse(v) < 0) {
            f.problem(f.pos(key), "'" + key + "' of " + f.what() + " is '" + v + "', not an IPv4 address",
                    "write it as four numbers, no prefix: " + key + ": " + example);
            return null;
        }
        return v;
    }

    private static String hostname(Fields f) {
        String h = f.text("hostname", false, "fg-{site}-{device}");
        if (h == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(h);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                f.problem(f.pos("hostname"), "hostname '" + h + "' of " + f.what() + " has an unknown placeholder {"
                        + m.group(1) + "}", "use {device}, {site} or {tenant}, e.g. hostname: fg-{site}-{device}");
                return null;
            }
        }
        String literal = PLACEHOLDER.matcher(h).replaceAll("x");
        if (!literal.matches("[A-Za-z0-9-]+") || literal.startsWith("-") || literal.endsWith("-")) {
            f.problem(f.pos("hostname"), "hostname '" + h + "' of " + f.what() + " holds characters a hostname "
                    + "cannot", "use letters, digits and '-' (not first or last) besides {device}, {site}, {tenant}");
            return null;
        }
        return h;
    }
}
