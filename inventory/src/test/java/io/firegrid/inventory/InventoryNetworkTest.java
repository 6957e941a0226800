package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code network:} of sites and devices: what a device ends up with, and every mistake at its line and column. */
class InventoryNetworkTest {

    static final String SITE = """
            tenant: t1
            people:
              - {id: li, name: Li Wei, role: crew}
            stations:
              - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: [li]}
            cells:
              - {id: c1, station: S1}
            sites:
              - id: b7
                name: Building 7
                cell: c1
                building: "7"
                network:
                  type: wifi
                  ssid: Jinqiao-IoT
                  passphraseSecret: jinqiao-iot
            devices:
              - id: pi-1
                site: b7
                sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]
              - id: pi-2
                site: b7
                network:
                  type: ethernet
                  address: 192.168.10.20/24
                  gateway: 192.168.10.1
                  dns: [192.168.10.1]
                sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]
            """; // 28 lines

    /** Line 29 on: a device that keeps the site's Wi-Fi and adds a static address. */
    static final String PI3 = """
              - id: pi-3
                site: b7
                network: {address: 192.168.10.21/24, gateway: 192.168.10.1, dns: 192.168.10.1}
                sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]
            """;

    private static List<Problem> problems(String yaml) {
        return InventoryParser.parse(yaml).problems();
    }

    private static void hasOnly(String yaml, int line, int column, String message, String hintPart) {
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message)
                .containsExactly(tuple(line, column, message));
        assertThat(p.get(0).hint()).contains(hintPart);
    }

    @Test
    void aDeviceTakesItsSitesNetworkOrItsOwn() {
        Inventory inv = InventoryParser.parse(SITE + PI3).inventory();
        Device pi1 = inv.devices().get(0);
        Device pi2 = inv.devices().get(1);
        Device pi3 = inv.devices().get(2);

        assertThat(inv.networkOf(pi1)).isEqualTo(new NetworkSettings(NetworkSettings.Link.WIFI, "Jinqiao-IoT", null,
                "jinqiao-iot", null, null, null, null));
        assertThat(inv.networkOf(pi1).countryOrDefault()).isEqualTo("CN");
        assertThat(inv.networkOf(pi2)).isEqualTo(new NetworkSettings(NetworkSettings.Link.ETHERNET, null, null, null,
                "192.168.10.20/24", "192.168.10.1", List.of("192.168.10.1"), null));
        assertThat(inv.networkOf(pi3)).isEqualTo(new NetworkSettings(NetworkSettings.Link.WIFI, "Jinqiao-IoT", null,
                "jinqiao-iot", "192.168.10.21/24", "192.168.10.1", List.of("192.168.10.1"), null));
        assertThat(inv.hostnameOf(pi3)).isEqualTo("pi-3");
    }

    @Test
    void aHostnamePatternIsFilledPerDeviceAndInheritedByAnOverrideWithItsOwnType() {
        Inventory inv = InventoryParser.parse(SITE.replace("passphraseSecret: jinqiao-iot",
                "passphraseSecret: jinqiao-iot\n      hostname: FG-{site}-{device}")).inventory();

        assertThat(inv.devices()).extracting(inv::hostnameOf).containsExactly("fg-b7-pi-1", "fg-b7-pi-2");
    }

    @Test
    void withoutANetworkTheInventorySaysNothingAndTheHostnameIsTheDeviceId() {
        Inventory inv = InventoryParser.parse(InventoryExample.text("t1")).inventory();

        assertThat(inv.networkOf(inv.devices().get(0))).isNull();
        assertThat(inv.hostnameOf(inv.devices().get(0))).isEqualTo("pi-0001");
    }

    @Test
    void theExamplesCommentedNetworksValidateOnceUncommented() {
        String uncommented = uncomment(InventoryExample.text("t1"));
        InventoryParser.Result r = InventoryParser.parse(uncommented);

        assertThat(r.problems()).isEmpty();
        Inventory inv = r.inventory();
        assertThat(inv.networkOf(inv.devices().get(0)).link()).isEqualTo(NetworkSettings.Link.WIFI);
        assertThat(inv.networkOf(inv.devices().get(1)).address()).isEqualTo("192.168.10.20/24");
        assertThat(inv.devices()).extracting(inv::hostnameOf).containsExactly("fg-bldg-7-pi-0001", "fg-bldg-7-pi-0002");
    }

    /** The example with its commented {@code network:} blocks made live. */
    public static String uncomment(String example) {
        String out = example.replaceAll("(?m)^(\\s+)# (network:|  [a-zA-Z]+:)", "$1$2");
        assertThat(out).isNotEqualTo(example);
        return out;
    }

    @Test
    void refusesAnAddressThatIsNotAnIpv4AddressWithPrefix() {
        hasOnly(SITE.replace("192.168.10.20/24", "192.168.10.300/24"), 25, 16,
                "address '192.168.10.300/24' of the network of device 'pi-2' is not an IPv4 address with its prefix length",
                "ADDRESS/PREFIX");
        hasOnly(SITE.replace("192.168.10.20/24", "192.168.10.20"), 25, 16,
                "address '192.168.10.20' of the network of device 'pi-2' has no prefix length (or one outside 0-32)",
                "192.168.10.20/24");
        hasOnly(SITE.replace("192.168.10.20/24", "192.168.10.255/24"), 25, 16,
                "address '192.168.10.255/24' of the network of device 'pi-2' is the broadcast address of 192.168.10.0/24, "
                        + "not one a device can have", "192.168.10.1 and 192.168.10.254");
    }

    @Test
    void refusesAGatewayOutsideTheSubnet() {
        hasOnly(SITE.replace("gateway: 192.168.10.1", "gateway: 192.168.11.1"), 26, 16,
                "gateway 192.168.11.1 of the network of device 'pi-2' is outside 192.168.10.0/24, the subnet of its "
                        + "address 192.168.10.20/24", "e.g. 192.168.10.1");
    }

    @Test
    void refusesAnInheritedGatewayOutsideTheSubnetOfTheDevicesAddress() {
        hasOnly(SITE + PI3.replace("address: 192.168.10.21/24", "address: 10.0.0.21/24"), 31, 47,
                "gateway 192.168.10.1 of the network of device 'pi-3' is outside 10.0.0.0/24, the subnet of its "
                        + "address 10.0.0.21/24", "10.0.0.1");
    }

    @Test
    void refusesTwoDevicesOnOneStaticAddress() {
        hasOnly(SITE + PI3.replace("address: 192.168.10.21/24", "address: 192.168.10.20/24"), 31, 24,
                "device 'pi-3' would have static address 192.168.10.20, which device 'pi-2' (line 21) has too",
                "its own address");
    }

    @Test
    void refusesAnSsidLongerThan32Bytes() {
        hasOnly(SITE.replace("ssid: Jinqiao-IoT", "ssid: Jinqiao-IoT-Building-7-North-Wing"), 15, 13,
                "ssid 'Jinqiao-IoT-Building-7-North-Wing' of the network of site 'b7' is 33 bytes long; a Wi-Fi "
                        + "network name has 1 to 32", "exactly as the access point shows it");
        // 13 Chinese characters are 39 bytes in UTF-8
        assertThat(problems(SITE.replace("ssid: Jinqiao-IoT", "ssid: 金桥花园七号楼消防物联网络")))
                .extracting(Problem::line, Problem::column).containsExactly(tuple(15, 13));
    }

    @Test
    void refusesAnUnknownCountryCode() {
        hasOnly(SITE.replace("ssid: Jinqiao-IoT", "ssid: Jinqiao-IoT\n      country: XX"), 16, 16,
                "country 'XX' of the network of site 'b7' is not a two-letter ISO 3166 country code", "CN for China");
    }

    @Test
    void refusesAPassphraseWrittenIntoTheInventory() {
        List<Problem> p = problems(SITE.replace("passphraseSecret: jinqiao-iot", "passphrase: fire-door-7"));

        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(14, 7, "the Wi-Fi network of site 'b7' has no 'passphraseSecret'"),
                tuple(16, 7, "unknown key 'passphrase' in the network of site 'b7'"));
        assertThat(p.get(1).hint()).contains("never write the Wi-Fi passphrase into the inventory")
                .contains("wifi.NAME=");
    }

    @Test
    void refusesWifiKeysOnAnEthernetNetwork() {
        hasOnly(SITE.replace("type: ethernet", "type: ethernet\n      ssid: Pump"), 25, 13,
                "'ssid' of the network of device 'pi-2' is for Wi-Fi, but the network is Ethernet", "type: wifi");
    }

    @Test
    void refusesAnUnknownTypeAndASiteNetworkWithoutOne() {
        hasOnly(SITE.replace("type: ethernet", "type: ethernt"), 24, 13,
                "type 'ethernt' of the network of device 'pi-2' is not wifi or ethernet", "wired port");
        hasOnly(SITE.replace("      type: wifi\n", ""), 14, 7, "the network of site 'b7' has no 'type'", "type: wifi");
    }

    @Test
    void refusesAWifiNetworkWithoutTheNameOfItsPassphrase() {
        hasOnly(SITE.replace("      passphraseSecret: jinqiao-iot\n", ""), 14, 7,
                "the Wi-Fi network of site 'b7' has no 'passphraseSecret'", "wifi.jinqiao-iot=");
    }

    @Test
    void refusesAGatewayWithoutAStaticAddressAndAStaticAddressWithoutDns() {
        hasOnly(SITE.replace("passphraseSecret: jinqiao-iot", "passphraseSecret: jinqiao-iot\n      gateway: 192.168.10.1"),
                17, 16, "'gateway' of the network of site 'b7' is set but there is no static 'address'; with DHCP the "
                        + "router hands out the gateway", "remove 'gateway'");
        hasOnly(SITE.replace("      dns: [192.168.10.1]\n", ""), 25, 16,
                "static address 192.168.10.20/24 of the network of device 'pi-2' has no 'dns'", "installs Java");
        hasOnly(SITE.replace("dns: [192.168.10.1]", "dns: [192.168.10.1, dns.example]"), 27, 27,
                "'dns.example' in 'dns' of the network of device 'pi-2' is not an IPv4 address", "as numbers");
    }

    @Test
    void refusesAHostnamePatternWithAnUnknownPlaceholderOrOneHostnameForTwoDevices() {
        hasOnly(SITE.replace("passphraseSecret: jinqiao-iot", "passphraseSecret: jinqiao-iot\n      hostname: fg-{floor}-{device}"),
                17, 17, "hostname 'fg-{floor}-{device}' of the network of site 'b7' has an unknown placeholder {floor}",
                "{device}, {site} or {tenant}");
        hasOnly(SITE.replace("passphraseSecret: jinqiao-iot", "passphraseSecret: jinqiao-iot\n      hostname: fg-{site}"),
                17, 17, "device 'pi-2' would get hostname 'fg-b7', as device 'pi-1' (line 19) does", "put {device}");
    }

    @Test
    void aBadSiteNetworkIsReportedOnceNotOncePerDevice() {
        List<Problem> p = problems(SITE.replace("ssid: Jinqiao-IoT", "ssid: Jinqiao-IoT\n      gateway: 192.168.10.1") + PI3
                .replace("network: {address: 192.168.10.21/24, gateway: 192.168.10.1, dns: 192.168.10.1}", "location: floor 3"));

        assertThat(p).extracting(Problem::line, Problem::column).containsExactly(tuple(16, 16));
    }
}
