package io.firegrid.config.bundle;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How one device reaches the gateway on its first boot: wired Ethernet or one Wi-Fi network
 * (WPA2/WPA3-personal) with the two-letter country its radio must obey; by DHCP, or with a static
 * IPv4 address, gateway and name servers. Ethernet with DHCP is Raspberry Pi OS's default and needs
 * no file. Immutable; refuses what NetworkManager would not take.
 *
 * @param address a static address with prefix, {@code 192.168.10.20/24}; null is DHCP
 */
public record Network(String ssid, String passphrase, String country, String address, String gateway,
                      List<String> dns) {

    /** Ethernet, DHCP. */
    public static final Network ETHERNET = new Network(null, null, null, null, null, List.of());
    /** Where FireGrid's micro fire stations are. */
    public static final String DEFAULT_COUNTRY = "CN";

    public Network {
        dns = dns == null ? List.of() : List.copyOf(dns);
        if (ssid != null) {
            if (ssid.isEmpty() || ssid.getBytes(StandardCharsets.UTF_8).length > 32) {
                throw new IllegalArgumentException("a Wi-Fi network name (SSID) has 1 to 32 bytes, '" + ssid + "' has not");
            }
            if (ssid.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("a Wi-Fi network name cannot hold a line break or control character");
            }
            if (passphrase == null || passphrase.length() < 8 || passphrase.length() > 63
                    || !passphrase.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("a WPA passphrase is 8 to 63 printable ASCII characters, and the "
                        + "one given for '" + ssid + "' is " + (passphrase == null ? "missing" : "not"));
            }
            country = country == null ? DEFAULT_COUNTRY : country.toUpperCase(Locale.ROOT);
            if (!country.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("the Wi-Fi country is a two-letter ISO 3166 code such as CN, was '"
                        + country + "'");
            }
        }
        if (address == null && (gateway != null || !dns.isEmpty())) {
            throw new IllegalArgumentException("a gateway or name servers need a static address");
        }
        for (String v : concat(address == null ? null : address.replaceFirst("/\\d{1,2}$", ""), gateway, dns)) {
            if (!v.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException("'" + v + "' is not an IPv4 address");
            }
        }
        if (address != null && !address.matches(".*/\\d{1,2}")) {
            throw new IllegalArgumentException("a static address has its prefix length: " + address + "/24, say");
        }
    }

    public static Network wifi(String ssid, String passphrase, String country) {
        return new Network(ssid, passphrase, country, null, null, List.of());
    }

    /** This network with a static address instead of DHCP. */
    public Network withStatic(String address, String gateway, List<String> dns) {
        return new Network(ssid, passphrase, country, address, gateway, dns);
    }

    public boolean isWifi() {
        return ssid != null;
    }

    public boolean isStatic() {
        return address != null;
    }

    private static List<String> concat(String a, String b, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        if (a != null) {
            out.add(a);
        }
        if (b != null) {
            out.add(b);
        }
        out.addAll(rest);
        return out;
    }

    /** "Ethernet (DHCP)", "Wi-Fi 'Jinqiao-IoT' (CN)", "Ethernet, static 192.168.10.20/24 via 192.168.10.1". */
    @Override
    public String toString() {
        String medium = isWifi() ? "Wi-Fi '" + ssid + "' (" + country + ")" : "Ethernet";
        if (!isStatic()) {
            return isWifi() ? medium : medium + " (DHCP)";
        }
        return medium + ", static " + address + (gateway == null ? "" : " via " + gateway);
    }
}
