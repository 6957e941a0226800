package io.firegrid.inventory;

import java.util.List;
import java.util.Locale;

/**
 * How a device joins the site's network on its first boot, as written under {@code network:} of a
 * site (the default for its devices) or of a device (an override). Immutable. Every field may be
 * null in a device's override; {@link #over(NetworkSettings)} fills the gaps from the site.
 *
 * @param link             wired Ethernet or Wi-Fi; null in an override that only changes some keys
 * @param ssid             the Wi-Fi network name (Wi-Fi only)
 * @param country          the two-letter ISO 3166 country the Wi-Fi radio obeys (Wi-Fi only; default CN)
 * @param passphraseSecret the NAME of the Wi-Fi passphrase, never the passphrase: the installer's
 *                         CLI looks it up in the credentials file ({@code wifi.NAME=...}), the environment
 *                         or asks for it
 * @param address          a static IPv4 address with its prefix ({@code 192.168.10.20/24}); null is DHCP
 * @param gateway          the static default route; only with {@code address}
 * @param dns              static name servers; only with {@code address}
 * @param hostname         a hostname pattern with {@code {device}}, {@code {site}}, {@code {tenant}};
 *                         null is the device id
 */
public record NetworkSettings(Link link, String ssid, String country, String passphraseSecret, String address,
                              String gateway, List<String> dns, String hostname) {

    /** The Wi-Fi country when none is written: where FireGrid's micro fire stations are. */
    public static final String DEFAULT_COUNTRY = "CN";

    /** The medium. */
    public enum Link {
        ETHERNET, WIFI;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NetworkSettings {
        dns = dns == null ? null : List.copyOf(dns);
    }

    public boolean isStatic() {
        return address != null;
    }

    /**
     * This override on top of {@code base} (may be null). An override that names its {@code type}
     * is a whole network of its own and takes only the hostname pattern from the base; one without
     * {@code type} changes the keys it has and keeps the rest.
     */
    public NetworkSettings over(NetworkSettings base) {
        if (base == null) {
            return this;
        }
        if (link != null) {
            return new NetworkSettings(link, ssid, country, passphraseSecret, address, gateway, dns,
                    hostname != null ? hostname : base.hostname);
        }
        return new NetworkSettings(base.link, or(ssid, base.ssid), or(country, base.country),
                or(passphraseSecret, base.passphraseSecret), or(address, base.address), or(gateway, base.gateway),
                dns != null ? dns : base.dns, or(hostname, base.hostname));
    }

    /** The Wi-Fi country with its default applied. */
    public String countryOrDefault() {
        return country == null ? DEFAULT_COUNTRY : country.toUpperCase(Locale.ROOT);
    }

    /**
     * The hostname of a device: the pattern with its placeholders filled (each value lower-cased,
     * characters a hostname cannot hold turned into '-'), or the device id so made when there is
     * no pattern. Not checked here: {@link InventoryParser} refuses one that is too long or empty.
     */
    public static String hostname(String pattern, String tenant, String site, String device) {
        if (pattern == null) {
            String h = label(device);
            h = h.length() > 63 ? h.substring(0, 63).replaceAll("-+$", "") : h;
            return h.isEmpty() ? "firegrid" : h;
        }
        return pattern.replace("{device}", label(device)).replace("{site}", label(site == null ? "" : site))
                .replace("{tenant}", label(tenant == null ? "" : tenant)).toLowerCase(Locale.ROOT);
    }

    private static String label(String id) {
        return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }
}
