package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code bundle} on an inventory with networks, as the installer runs them. */
class BundleCommandNetworkTest {

    @TempDir
    Path dir;

    /** {@code init}, then the example's commented network blocks made live. */
    private Path siteWithNetworks() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        Files.writeString(f, Files.readString(f).replaceAll("(?m)^(\\s+)# (network:|  [a-zA-Z]+:)", "$1$2"));
        return f;
    }

    @Test
    void bundleTakesEachDevicesNetworkFromTheInventoryAndThePassphraseFromTheCredentialsFile() throws Exception {
        Path f = siteWithNetworks();
        Files.writeString(dir.resolve("site.yaml.credentials"), "wifi.jinqiao-iot=fire-door-7\n");
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://192.168.10.5:1883", "--out", out.toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("bundled 2, refused 0; networks Wi-Fi 'Jinqiao-IoT' (CN) for pi-0001; "
                + "Ethernet, static 192.168.10.20/24 via 192.168.10.1 for pi-0002; secrets in " + f + ".credentials");
        assertThat(Files.readString(out.resolve("pi-0001/firstrun.sh"))).contains("psk=fire-door-7");
        assertThat(Files.readString(out.resolve("pi-0002/firstrun.sh"))).contains("address1=192.168.10.20/24,192.168.10.1");
        assertThat(Files.readString(dir.resolve("site.yaml.credentials"))).contains("wifi.jinqiao-iot=fire-door-7")
                .contains("pi-0001@t1=");
        assertThat(Files.readString(f)).doesNotContain("fire-door-7");
    }

    @Test
    void bundleWithoutThePassphraseRefusesTheWifiDeviceAndSaysWhereToPutIt() throws Exception {
        Path f = siteWithNetworks();

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://192.168.10.5:1883", "--out", dir.resolve("b").toString());

        assertThat(b.exit()).isEqualTo(1);
        assertThat(b.out()).contains("REFUSED    pi-0001: the Wi-Fi passphrase 'jinqiao-iot' of network 'Jinqiao-IoT'")
                .contains("FIREGRID_WIFI_PASSPHRASE_JINQIAO_IOT").contains("bundled 1, refused 1");
    }

    @Test
    void validateReportsANetworkMistakeAtItsLineAndColumnWithAHint() throws Exception {
        Path f = siteWithNetworks();
        String text = Files.readString(f).replace("gateway: 192.168.10.1 ", "gateway: 192.168.1.1  ");
        Files.writeString(f, text);
        List<String> lines = text.lines().toList();
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("gateway: 192.168.1.1")).findFirst().orElseThrow());
        int column = 1 + lines.get(line - 1).indexOf("192.168.1.1");

        Cli v = Cli.run("validate", f.toString());

        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains(f + ":" + line + ":" + column + ": gateway 192.168.1.1 of the network of device "
                + "'pi-0002' is outside 192.168.10.0/24, the subnet of its address 192.168.10.20/24")
                .contains("e.g. 192.168.10.1");
    }

    @Test
    void wifiCountryAloneIsAMistakeAndHelpSaysWhereThePassphraseComesFrom() {
        Cli country = Cli.run("bundle", "site.yaml", "--mqtt", "tcp://10.0.0.2:1883", "--wifi-country", "HK");
        Cli help = Cli.run("bundle", "--help");

        assertThat(country.exit()).isEqualTo(2);
        assertThat(country.err()).contains("--wifi-country goes with --wifi-ssid");
        Cli validateHelp = Cli.run("validate", "--help");
        Cli initHelp = Cli.run("init", "--help");
        assertThat(validateHelp.out()).contains("a gateway outside its subnet").contains("passphraseSecret");
        assertThat(initHelp.out()).contains("static Ethernet address");
        assertThat(help.out()).contains("passphraseSecret: NAME").contains("wifi.NAME=PASSPHRASE")
                .contains("FIREGRID_WIFI_PASSPHRASE_NAME").contains("--wifi-ssid overrides the inventory");
    }
}
