package io.firegrid.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network checks that need a device and its site together, and all devices at once: a network
 * with no type to inherit, Wi-Fi keys on an Ethernet network, a Wi-Fi network without its SSID or
 * secret's name, a gateway or name servers without a static address, a gateway outside the
 * address's subnet, two devices on one static address or one hostname. A problem that lies wholly
 * in a site's network is reported once, at the site, not once per device. Adds problems; never throws.
 */
final class NetworkChecks {

    private final String tenant;
    private final List<Problem> problems;

    NetworkChecks(String tenant, List<Problem> problems) {
        this.tenant = tenant;
        this.problems = problems;
    }

    /** Where each key of one device's (or one site's) effective network comes from. */
    private record Source(Fields site, Fields device, NetworkSettings effective) {

        /** True if the device's network decides {@code key}: it has it, or it names its own type (then only the hostname is inherited). */
        boolean fromDevice(String key) {
            if (device == null) {
                return false;
            }
            return device.has(key) || site == null || (device.has("type") && !key.equals("hostname"));
        }

        Fields owner(String key) {
            return fromDevice(key) || site == null ? device : site;
        }

        Position pos(String key) {
            Fields o = owner(key);
            return o.has(key) ? o.pos(key) : o.pos();
        }

        /** The mapping that decided the type: it is the one missing a key the type needs. */
        Fields typed() {
            return device != null && (device.has("type") || site == null) ? device : site;
        }
    }

    void check(Map<String, Parsed<Site>> sites, List<Parsed<Device>> devices) {
        for (Parsed<Site> s : sites.values()) {
            if (s.network() != null && s.value().network() != null) {
                combined(new Source(s.network(), null, s.value().network()), false);
            }
        }
        Map<String, Parsed<Device>> byHostname = new HashMap<>();
        Map<Long, Parsed<Device>> byAddress = new HashMap<>();
        for (Parsed<Device> d : devices) {
            Device device = d.value();
            if (device.id() == null) {
                continue;
            }
            Parsed<Site> site = device.site() == null ? null : sites.get(device.site());
            NetworkSettings siteNet = site == null ? null : site.value().network();
            Fields siteAt = siteNet == null ? null : site.network();
            NetworkSettings eff = device.network() == null ? siteNet : device.network().over(siteNet);
            Source src = eff == null ? null : new Source(siteAt, d.network(), eff);
            if (src != null && device.network() != null) {
                combined(src, true);
            }
            hostname(d, src, byHostname);
            if (src != null && eff.address() != null) {
                long host = Ipv4.parse(Ipv4.host(eff.address()));
                Parsed<Device> first = byAddress.putIfAbsent(host, d);
                if (first != null && !device.id().equals(first.value().id())) {
                    boolean shared = !src.fromDevice("address");
                    problem(src.pos("address"), "device '" + device.id() + "' would have static address "
                            + Ipv4.format(host) + ", which device '" + first.value().id() + "' (line "
                            + first.at().pos("id").line() + ") has too", shared
                            ? "a static address is one device's: write 'address' under each device's own network, "
                            + "not the site's" : "give each device its own address, or leave 'address' out for DHCP");
                }
            }
        }
    }

    private void hostname(Parsed<Device> d, Source src, Map<String, Parsed<Device>> byHostname) {
        Device device = d.value();
        String pattern = src == null ? null : src.effective().hostname();
        String host = NetworkSettings.hostname(pattern, tenant, device.site(), device.id());
        Position where = pattern == null ? d.at().pos("id") : src.pos("hostname");
        if (host.isEmpty() || host.length() > 63 || host.startsWith("-") || host.endsWith("-")) {
            problem(where, "device '" + device.id() + "' would get hostname '" + host + "'"
                    + (pattern == null ? "" : " from '" + pattern + "'") + ", which is not 1 to 63 letters, digits "
                    + "and inner '-'", pattern == null ? "use a shorter device id, or a 'hostname' pattern under network"
                    : "shorten the pattern: {device} alone is often enough");
            return;
        }
        Parsed<Device> first = byHostname.putIfAbsent(host, d);
        // a second device under the same id is reported once, as a duplicate id; not again as its hostname
        if (first != null && !device.id().equals(first.value().id())) {
            problem(where, "device '" + device.id() + "' would get hostname '" + host + "', as device '"
                    + first.value().id() + "' (line " + first.at().pos("id").line() + ") does",
                    pattern != null && !pattern.contains("{device}")
                            ? "put {device} in the hostname pattern, e.g. hostname: fg-{site}-{device}"
                            : "hostnames must differ on one network: change one device id or its 'hostname'");
        }
    }

    /** The checks of one effective network; {@code deviceOnly} skips what lies wholly in the site's. */
    private void combined(Source s, boolean deviceOnly) {
        NetworkSettings n = s.effective();
        if (n.link() == null) {
            Fields at = s.typed();
            if (at.has("type") || s.site() != null) {
                return; // a wrong type is reported where it is written
            }
            problem(at.pos(), at.what() + " has no 'type', and its site has no network to take it from",
                    "add 'type: wifi' or 'type: ethernet', or give the site a network");
            return;
        }
        boolean typedHere = !deviceOnly || s.typed() == s.device();
        if (n.link() == NetworkSettings.Link.ETHERNET) {
            for (String k : NetworkReading.WIFI_ONLY) {
                if (s.owner(k) != null && s.owner(k).has(k) && involved(s, deviceOnly, k, "type")) {
                    problem(s.pos(k), "'" + k + "' of " + s.owner(k).what() + " is for Wi-Fi, but the network is "
                            + "Ethernet", "remove it, or set 'type: wifi'");
                }
            }
        } else if (typedHere) {
            Fields at = s.typed();
            if (n.ssid() == null && !at.has("ssid")) {
                problem(at.pos(), "the Wi-Fi network of " + at.what().replace("the network of ", "") + " has no 'ssid'",
                        "add 'ssid: NAME', the network name exactly as the access point shows it");
            }
            if (n.passphraseSecret() == null && !at.has("passphraseSecret")) {
                problem(at.pos(), "the Wi-Fi network of " + at.what().replace("the network of ", "")
                        + " has no 'passphraseSecret'", "name the passphrase, e.g. 'passphraseSecret: jinqiao-iot'; "
                        + "the passphrase itself goes in the credentials file as wifi.jinqiao-iot=... "
                        + "(open networks are not supported)");
            }
        }
        if (n.address() == null) {
            if (s.owner("address") != null && s.owner("address").has("address")) {
                return; // an address that is there but wrong is reported where it is written
            }
            for (String k : List.of("gateway", "dns")) {
                if (s.owner(k) != null && s.owner(k).has(k) && involved(s, deviceOnly, k, "address")) {
                    problem(s.pos(k), "'" + k + "' of " + s.owner(k).what() + " is set but there is no static "
                            + "'address'; with DHCP the router hands out the " + (k.equals("dns") ? "name servers" : k),
                            "add 'address: A.B.C.D/24' for a static address, or remove '" + k + "'");
                }
            }
            return;
        }
        for (String k : List.of("gateway", "dns")) {
            boolean missing = k.equals("gateway") ? n.gateway() == null : n.dns() == null || n.dns().isEmpty();
            if (missing && involved(s, deviceOnly, "address", k)) {
                problem(s.pos("address"), "static address " + n.address() + " of " + s.owner("address").what()
                        + " has no '" + k + "'", "a static address needs "
                        + (k.equals("gateway") ? "'gateway: ROUTER' (the router on the subnet)"
                        : "'dns: [SERVER, ...]' (often the router)") + ": the first boot installs Java over the "
                        + "internet; or leave 'address' out for DHCP");
            }
        }
        if (n.gateway() != null && involved(s, deviceOnly, "gateway", "address")) {
            long host = Ipv4.parse(Ipv4.host(n.address()));
            int prefix = Ipv4.prefix(n.address());
            long gw = Ipv4.parse(n.gateway());
            String key = s.fromDevice("gateway") || !s.fromDevice("address") ? "gateway" : "address";
            if (gw == host) {
                problem(s.pos(key), "gateway " + n.gateway() + " of " + s.owner("gateway").what()
                        + " is the device's own address " + n.address(), "the gateway is the router: "
                        + "its address on the subnet, often " + Ipv4.format((host & Ipv4.mask(prefix)) + 1));
            } else if ((gw & Ipv4.mask(prefix)) != (host & Ipv4.mask(prefix))) {
                problem(s.pos(key), "gateway " + n.gateway() + " of " + s.owner("gateway").what()
                        + " is outside " + Ipv4.subnet(host, prefix) + ", the subnet of " + (s.owner("address")
                        == s.owner("gateway") ? "its address " + n.address() : "address " + n.address() + " of "
                        + s.owner("address").what()), "the device can reach only a gateway on its own "
                        + "subnet, e.g. " + Ipv4.format((host & Ipv4.mask(prefix)) + 1) + "; or check the prefix length");
            }
        }
    }

    /** In a device's check, only what a key of the device takes part in; the site's own was checked at the site. */
    private static boolean involved(Source s, boolean deviceOnly, String... keys) {
        if (!deviceOnly) {
            return true;
        }
        for (String k : keys) {
            if (s.fromDevice(k)) {
                return true;
            }
        }
        return false;
    }

    private void problem(Position where, String message, String hint) {
        Problem p = where.problem(message, hint);
        if (!problems.contains(p)) {
            problems.add(p);
        }
    }
}
