package io.firegrid.config.app;

import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.bundle.Network;
import io.firegrid.config.registration.Credentials;
import io.firegrid.inventory.InventoryParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bundle}: one SD-card bundle per device, with its secrets from the shared credentials file. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {
            "Writes one configuration bundle per device, ready to flash onto its SD card.",
            "",
            "Validates the inventory first. Each device gets a directory OUT/DEVICE (mode 700):",
            "  firstrun.sh                      Raspberry Pi OS bookworm first boot: sets the hostname",
            "                                   (the device id) and the network, installs Java and the",
            "                                   agent, enables its service; runs once, then removes itself",
            "  firegrid/agent.env               the agent's settings: pins, gateway, password, PSK (mode 600)",
            "  firegrid/firegrid-agent.service  the agent's systemd unit",
            "  firegrid/install.sh              the agent's installer",
            "  README.txt                       what to do next",
            "Passwords and DTLS pre-shared keys are random and kept in the credentials file (mode 600),",
            "the same file 'register' reads, so the gateway gets the password the bundle holds.",
            "Running bundle again never changes a device's secrets: it rewrites the same files. A device",
            "whose bundle and credentials file disagree is refused; so is one the agent cannot run (it",
            "reads one smoke detector 'smoke-1', one door 'door-1' and one pressure transmitter).",
            "Network: Ethernet (DHCP) unless --wifi-ssid is given; the Wi-Fi passphrase is read from the",
            "FIREGRID_WIFI_PASSPHRASE environment variable, never from the command line.",
            "",
            "Examples:",
            "  firegrid config bundle site.yaml --mqtt tcp://192.168.1.10:1883",
            "  FIREGRID_WIFI_PASSPHRASE=... firegrid config bundle site.yaml --mqtt tcp://gw.local:1883 \\",
            "      --wifi-ssid Jinqiao-IoT --device pi-0001",
            "",
            "Exit code: 0 every device bundled, 1 a problem in the file or a device refused,",
            "2 usage or a file that cannot be read or written."
        })
final class BundleCommand implements Callable<Integer> {

    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML).")
    Path file;

    @Option(names = "--mqtt", required = true, paramLabel = "URI",
            description = "The gateway's MQTT address as the devices reach it, e.g. tcp://192.168.1.10:1883.")
    URI mqtt;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bundles",
            description = "Where the bundles go, one directory per device. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "The device secrets file shared with 'register' (mode 600). Default: the inventory's name + .credentials.")
    Path credentialsFile;

    @Option(names = "--device", paramLabel = "ID",
            description = "Bundle only this device (repeat for more). Default: every device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--wifi-ssid", paramLabel = "SSID",
            description = "Join this Wi-Fi network (WPA2/WPA3-personal); passphrase from FIREGRID_WIFI_PASSPHRASE. Default: Ethernet.")
    String wifiSsid;

    @Option(names = "--wifi-country", paramLabel = "CC", defaultValue = Network.DEFAULT_COUNTRY,
            description = "The Wi-Fi regulatory country, two letters. Default: ${DEFAULT-VALUE}.")
    String wifiCountry;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (mqtt.getScheme() == null || !MQTT_SCHEMES.contains(mqtt.getScheme()) || mqtt.getHost() == null || mqtt.getPort() < 0) {
            err.println("bundle: --mqtt must be tcp://HOST:PORT (or ssl://, ws://, wss://), e.g. tcp://192.168.1.10:1883");
            return 2;
        }
        Network network;
        try {
            network = wifiSsid == null ? Network.ETHERNET
                    : Network.wifi(wifiSsid, System.getenv("FIREGRID_WIFI_PASSPHRASE"), wifiCountry);
        } catch (IllegalArgumentException e) {
            err.println("bundle: " + e.getMessage());
            return 2;
        }
        InventoryParser.Result r = ValidateCommand.read(spec, file);
        if (r == null) {
            return 2;
        }
        if (!r.valid()) {
            ValidateCommand.report(outw, file, r);
            outw.println("nothing bundled: fix the problems above first");
            return 1;
        }
        Path creds = credentialsFile != null ? credentialsFile : Path.of(file + ".credentials");
        try {
            Bundler b = new Bundler(Credentials.load(creds), mqtt.toString(), network, outw::println);
            Bundler.Summary s = b.bundle(r.inventory(), out, devices);
            outw.println(s + "; network " + network + "; secrets in " + creds);
            if (s.bundled() > 0) {
                outw.println("next: flash DEVICE --bundles " + out + " --to /media/$USER/bootfs (or a card image)");
            }
            outw.flush();
            return s.refused() == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            outw.flush();
            err.println("bundle: " + e.getMessage() + "; see 'validate " + file + "' for the devices it has");
            return 1;
        } catch (IOException e) {
            outw.flush();
            err.println("bundle: cannot write: " + e.getMessage());
            return 2;
        }
    }
}
