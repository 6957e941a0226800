package io.firegrid.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.config.registration.Credentials;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.InventoryExample;
import io.firegrid.inventory.InventoryParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles of an inventory with networks: the example with its commented network blocks made live
 * (the site on Wi-Fi, the pump room's Pi on Ethernet with a static address), frozen as golden files
 * under src/test/resources/golden/network-bundles; where the Wi-Fi passphrase comes from; and the
 * command line overriding the inventory.
 */
class BundlerNetworkTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/network-bundles");

    @TempDir
    Path dir;

    /** The example inventory with its commented {@code network:} blocks made live. */
    static Inventory withNetworks() {
        String text = InventoryExample.text("t1").replaceAll("(?m)^(\\s+)# (network:|  [a-zA-Z]+:)", "$1$2");
        InventoryParser.Result r = InventoryParser.parse(text);
        assertThat(r.problems()).isEmpty();
        return r.inventory();
    }

    private Credentials credentials(long seed) throws IOException {
        return Credentials.load(dir.resolve("site.yaml.credentials"), new Random(seed));
    }

    @Test
    void inventoryNetworksBundleAsTheGoldenFiles() throws IOException {
        Credentials c = credentials(42);
        c.putWifiPassphrase("jinqiao-iot", "fire-door-7");
        Path out = dir.resolve("bundles");
        List<String> lines = new ArrayList<>();
        Bundler b = new Bundler(c, BundlerGoldenTest.MQTT, null, WifiSecrets.fileOnly(c), lines::add);

        assertThat(b.bundle(withNetworks(), out, List.of())).isEqualTo(new Bundler.Summary(2, 0));

        assertThat(b.networks()).containsExactly(
                Map.entry("Wi-Fi 'Jinqiao-IoT' (CN)", List.of("pi-0001")),
                Map.entry("Ethernet, static 192.168.10.20/24 via 192.168.10.1", List.of("pi-0002")));
        for (String dev : List.of("pi-0001", "pi-0002")) {
            for (String f : List.of("firegrid-agent.service", "install.sh")) {
                Files.delete(out.resolve(dev + "/firegrid/" + f)); // the agent's own, checked by BundlerGoldenTest
            }
        }
        BundlerGoldenTest.assertSameAsGolden(out, GOLDEN);
        String wifi = Files.readString(out.resolve("pi-0001/firstrun.sh"));
        assertThat(wifi).contains("HOST='fg-bldg-7-pi-0001'", "ssid=Jinqiao-IoT", "psk=fire-door-7",
                "cfg80211.ieee80211_regdom=CN").doesNotContain(FirstBoot.ETHERNET_KEYFILE);
        String wired = Files.readString(out.resolve("pi-0002/firstrun.sh"));
        assertThat(wired).contains("HOST='fg-bldg-7-pi-0002'", "interface-name=eth0",
                "address1=192.168.10.20/24,192.168.10.1", "dns=192.168.10.1;223.5.5.5;")
                .doesNotContain(FirstBoot.WIFI_KEYFILE).doesNotContain("fire-door-7");
    }

    @Test
    void thePassphraseComesFromTheEnvironmentWhenTheCredentialsFileLacksIt() throws IOException {
        Credentials c = credentials(1);
        WifiSecrets secrets = new WifiSecrets(c, Map.of("FIREGRID_WIFI_PASSPHRASE_JINQIAO_IOT", "from-the-env-1")::get,
                q -> null);
        Path out = dir.resolve("bundles");

        new Bundler(c, BundlerGoldenTest.MQTT, null, secrets, l -> { }).bundle(withNetworks(), out, List.of());

        assertThat(Files.readString(out.resolve("pi-0001/firstrun.sh"))).contains("psk=from-the-env-1");
        assertThat(Credentials.load(dir.resolve("site.yaml.credentials")).wifiPassphrase("jinqiao-iot")).isNull();
    }

    @Test
    void aPassphraseTypedAtThePromptIsAskedOnceAndKeptInTheCredentialsFile() throws IOException {
        Credentials c = credentials(1);
        List<String> questions = new ArrayList<>();
        WifiSecrets secrets = new WifiSecrets(c, k -> null, q -> {
            questions.add(q);
            return "typed \\\\ at-prompt";
        });

        new Bundler(c, BundlerGoldenTest.MQTT, null, secrets, l -> { }).bundle(withNetworks(), dir.resolve("b"), List.of());

        assertThat(questions).hasSize(1).allMatch(q -> q.contains("'jinqiao-iot'") && q.contains("'Jinqiao-IoT'"));
        assertThat(Credentials.load(dir.resolve("site.yaml.credentials")).wifiPassphrase("jinqiao-iot"))
                .isEqualTo("typed \\\\ at-prompt");
        assertThat(Files.readString(dir.resolve("b/pi-0001/firstrun.sh"))).contains("psk=typed \\\\\\\\ at-prompt");
    }

    @Test
    void aMissingPassphraseRefusesTheWifiDeviceSayingWhereToPutItAndBundlesTheRest() throws IOException {
        Credentials c = credentials(1);
        List<String> lines = new ArrayList<>();
        Path out = dir.resolve("bundles");

        Bundler.Summary s = new Bundler(c, BundlerGoldenTest.MQTT, null, WifiSecrets.fileOnly(c), lines::add)
                .bundle(withNetworks(), out, List.of());

        assertThat(s).isEqualTo(new Bundler.Summary(1, 1));
        assertThat(lines.get(0)).startsWith("REFUSED    pi-0001: the Wi-Fi passphrase 'jinqiao-iot' of network "
                + "'Jinqiao-IoT' is neither in ").contains("FIREGRID_WIFI_PASSPHRASE_JINQIAO_IOT",
                "wifi.jinqiao-iot=PASSPHRASE");
        assertThat(out.resolve("pi-0001")).doesNotExist();
        assertThat(out.resolve("pi-0002/firstrun.sh")).content().contains(FirstBoot.ETHERNET_KEYFILE);
    }

    @Test
    void aTooShortPassphraseRefusesTheDeviceWithTheReason() throws IOException {
        Credentials c = credentials(1);
        c.putWifiPassphrase("jinqiao-iot", "short");
        List<String> lines = new ArrayList<>();

        Bundler.Summary s = new Bundler(c, BundlerGoldenTest.MQTT, null, WifiSecrets.fileOnly(c), lines::add)
                .bundle(withNetworks(), dir.resolve("b"), List.of());

        assertThat(s).isEqualTo(new Bundler.Summary(1, 1));
        assertThat(lines.get(0)).isEqualTo("REFUSED    pi-0001: a WPA passphrase is 8 to 63 printable ASCII characters, "
                + "and the one given for 'Jinqiao-IoT' is not");
    }

    @Test
    void aNetworkGivenOnTheCommandLineOverridesTheInventoryButNotItsHostnames() throws IOException {
        Credentials c = credentials(1);
        Path out = dir.resolve("bundles");
        Bundler b = new Bundler(c, BundlerGoldenTest.MQTT, Network.wifi("Temp-AP", "temporary-9", "HK"), l -> { });

        b.bundle(withNetworks(), out, List.of());

        assertThat(b.networks()).containsExactly(Map.entry("Wi-Fi 'Temp-AP' (HK)", List.of("pi-0001", "pi-0002")));
        String wired = Files.readString(out.resolve("pi-0002/firstrun.sh"));
        assertThat(wired).contains("ssid=Temp-AP", "method=auto", "HOST='fg-bldg-7-pi-0002'")
                .doesNotContain("192.168.10.20").doesNotContain(FirstBoot.ETHERNET_KEYFILE);
    }
}
