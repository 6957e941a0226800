package io.firegrid.config.bundle;

import java.util.Locale;

/**
 * How a device reaches the gateway: wired Ethernet with DHCP (Raspberry Pi OS's default, nothing to
 * write), or one Wi-Fi network (WPA2/WPA3-personal) with the two-letter country its radio must obey.
 */
public record Network(String ssid, String passphrase, String country) {

    /** Ethernet, DHCP. */
    public static final Network ETHERNET = new Network(null, null, null);
    /** Where FireGrid's micro fire stations are. */
    public static final String DEFAULT_COUNTRY = "CN";

    public Network {
        if (ssid != null) {
            if (ssid.isEmpty() || ssid.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 32) {
                throw new IllegalArgumentException("a Wi-Fi network name (SSID) has 1 to 32 bytes, '" + ssid + "' has not");
            }
            if (ssid.contains("\n") || ssid.contains("\r")) {
                throw new IllegalArgumentException("a Wi-Fi network name cannot hold a line break");
            }
            if (passphrase == null || passphrase.length() < 8 || passphrase.length() > 63
                    || !passphrase.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("a WPA passphrase is 8 to 63 printable ASCII characters; "
                        + "set FIREGRID_WIFI_PASSPHRASE to it");
            }
            country = country == null ? DEFAULT_COUNTRY : country.toUpperCase(Locale.ROOT);
            if (!country.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("the Wi-Fi country is a two-letter ISO 3166 code such as CN, was '"
                        + country + "'");
            }
        }
    }

    public static Network wifi(String ssid, String passphrase, String country) {
        return new Network(ssid, passphrase, country);
    }

    public boolean isWifi() {
        return ssid != null;
    }

    @Override
    public String toString() {
        return isWifi() ? "Wi-Fi '" + ssid + "' (" + country + ")" : "Ethernet (DHCP)";
    }
}
