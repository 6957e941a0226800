package io.firegrid.config.app;

import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.bundle.Network;
import io.firegrid.config.registration.CertificateIssuer;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.bundle.WifiSecrets;
import io.firegrid.config.registration.Credentials;
import io.firegrid.config.siteca.ServerNames;
import io.firegrid.config.siteca.SiteCa;
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
            "  firegrid/ca.pem                  the gateway's site CA, when there is one (see TLS below)",
            "  firegrid/secondary-ca.pem        the secondary gateway's CA, when 'secondary:' names one ('ca:')",
            "  firegrid/client.pem, client.key  with --client-certs: the device's TLS client certificate and",
            "                                   its key (mode 600; see Client certificates below)",
            "  README.txt                       what to do next",
            "Passwords and DTLS pre-shared keys are random and kept in the credentials file (mode 600),",
            "the same file 'register' reads, so the gateway gets the password the bundle holds.",
            "Running bundle again never changes a device's secrets: it rewrites the same files. A device",
            "whose bundle and credentials file disagree is refused; so is one the agent cannot run (it",
            "reads one smoke detector 'smoke-1', one door 'door-1' and one pressure transmitter).",
            "",
            "How each device reports comes from the inventory (docs/inventory.md, \"How devices report\"):",
            "a contact with 'eol:' is a supervised loop (FIREGRID_AGENT_EOL_LOOPS, with its own resistors);",
            "a device with 'transport: coap' gets FIREGRID_COAP_URI (--coap, default coaps://HOST:5684) and",
            "its PSK; one with a 'secondary:' gateway gets FIREGRID_SECONDARY_MQTT_URI (register puts it on",
            "both gateways with the same password), and with its 'ca: FILE' (the secondary's ca.pem, beside",
            "the inventory) FIREGRID_SECONDARY_MQTT_CA=/etc/firegrid/secondary-ca.pem, the file bundled.",
            "",
            "Network: each device joins the network under its own 'network:' in the inventory, else its",
            "site's, else Ethernet with DHCP (docs/inventory.md, \"Network\"): Wi-Fi or Ethernet, DHCP or a",
            "static address, and the hostname pattern. The inventory never holds a Wi-Fi passphrase, only",
            "its name ('passphraseSecret: NAME'); bundle looks it up, in this order, in the credentials",
            "file (a line wifi.NAME=PASSPHRASE), in the variable FIREGRID_WIFI_PASSPHRASE_NAME (upper case,",
            "'-' as '_'), or asks at the terminal once and keeps the answer in the credentials file. A",
            "device whose passphrase is not found is refused, the others are bundled.",
            "--wifi-ssid overrides the inventory: every device bundled joins that Wi-Fi by DHCP, its",
            "passphrase from FIREGRID_WIFI_PASSPHRASE (never from the command line); hostname patterns",
            "still apply.",
            "",
            "TLS: with the gateway's site CA each bundle holds it (firegrid/ca.pem, installed on the Pi as",
            "/etc/firegrid/ca.pem) and the agent connects to ssl://HOST:8883 trusting only it. The CA comes",
            "from --ca FILE, or from the gateway itself with --gateway URL (GET /ca.pem, no token): compare",
            "the SHA-256 fingerprint bundle prints with the one the gateway logs at start-up, or give it",
            "with --ca-fingerprint and bundle checks it. The CA is kept beside the inventory (FILE.ca.pem),",
            "where the next bundle, register and verify find it. --mqtt tcp://HOST:1883 becomes",
            "ssl://HOST:8883 (--mqtts-port) when a CA is bundled; --plain keeps plain MQTT, with a warning.",
            "Fetched over https://, the gateway's certificate is checked for the MQTT host: a host it does",
            "not name (the agents would refuse it) is warned about; the gateway lists its names at start-up",
            "and takes more from FIREGRID_TLS_HOSTNAMES.",
            "",
            "Client certificates: with --client-certs and --gateway https://HOST:8443 each device also gets a",
            "TLS client certificate (CN DEVICE@TENANT) from the gateway's site CA (POST",
            "/api/v1/devices/TENANT/DEVICE/certificate, admin --token), so it logs in over MQTT/TLS with it,",
            "without its password. Register the devices first ('register'): the gateway issues none to a",
            "device it does not know, and that device is refused. agent.env names /etc/firegrid/client.pem",
            "and /etc/firegrid/client.key; on first boot firstrun.sh moves both there (the key mode 640,",
            "group firegrid) and deletes the key from the card. Every run issues new certificates (the",
            "earlier ones stay valid until they expire). A gateway with its own configured certificate",
            "(FIREGRID_TLS_CERT) issues none: client certificates then come from that PKI.",
            "",
            "Examples:",
            "  firegrid config bundle site.yaml --gateway https://192.168.1.10:8443 --ca-fingerprint AB:CD:...",
            "  firegrid config bundle site.yaml --mqtt tcp://192.168.1.10:1883 --ca ca.pem",
            "  FIREGRID_ADMIN_TOKEN=... firegrid config bundle site.yaml --gateway https://192.168.1.10:8443 --client-certs",
            "  firegrid config bundle site.yaml --mqtt tcp://192.168.1.10:1883 --plain",
            "  FIREGRID_WIFI_PASSPHRASE_JINQIAO_IOT=... firegrid config bundle site.yaml --mqtt tcp://192.168.10.5:1883",
            "  FIREGRID_WIFI_PASSPHRASE=... firegrid config bundle site.yaml --mqtt tcp://gw.local:1883 \\",
            "      --wifi-ssid Jinqiao-IoT --device pi-0001",
            "",
            "Exit code: 0 every device bundled, 1 a problem in the file, a device refused or a CA whose",
            "fingerprint is not --ca-fingerprint, 2 usage or a file that cannot be read or written,",
            "3 the site CA or a client certificate cannot be fetched from --gateway."
        })
final class BundleCommand implements Callable<Integer> {

    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML).")
    Path file;

    @Option(names = "--mqtt", paramLabel = "URI",
            description = "The gateway's MQTT address as the devices reach it, e.g. tcp://192.168.1.10:1883; with a site "
                    + "CA, tcp:// becomes ssl:// on the --mqtts-port. Default: ssl://HOST:8883 of --gateway.")
    URI mqtt;

    @Option(names = "--coap", paramLabel = "URI",
            description = "The gateway's CoAP address as the devices the inventory puts on CoAP ('transport: coap') reach "
                    + "it. Default: coaps://HOST:5684, HOST that of --mqtt or --gateway.")
    URI coap;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Gateway address, e.g. https://192.168.1.10:8443 or http://192.168.1.10:8080, to fetch the "
                    + "site CA from (GET /ca.pem) and print its fingerprint.")
    URI gateway;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "The site CA to bundle (the gateway's ca.pem). Default: the one fetched with --gateway, else the "
                    + "inventory's name + .ca.pem when an earlier bundle kept it there.")
    Path caFile;

    @Option(names = "--ca-fingerprint", paramLabel = "SHA256",
            description = "Refuse to bundle unless the site CA has this SHA-256 fingerprint (from the gateway's start-up "
                    + "log; colons optional).")
    String caFingerprint;

    @Option(names = "--mqtts-port", paramLabel = "PORT", defaultValue = "8883",
            description = "The gateway's MQTT over TLS port, used when tcp:// becomes ssl://. Default: ${DEFAULT-VALUE}.")
    int mqttsPort;

    @Option(names = "--plain", description = "Plain MQTT (tcp://) even with a site CA: passwords and alarms cross the "
            + "network unencrypted. No CA is bundled.")
    boolean plain;

    @Option(names = "--client-certs", description = "Give each device a TLS client certificate from the gateway's "
            + "site CA (needs --gateway https://... and an admin --token; register the devices first).")
    boolean clientCerts;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_ADMIN_TOKEN}",
            description = "With --client-certs: an admin API token (the gateway's $FIREGRID_DATA_DIR/admin-token). "
                    + "Default: the FIREGRID_ADMIN_TOKEN environment variable, which keeps it out of the process list.")
    String token;

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
            description = "Every device joins this Wi-Fi network (WPA2/WPA3-personal) by DHCP, whatever the inventory "
                    + "says; passphrase from FIREGRID_WIFI_PASSPHRASE. Default: each device's network from the inventory.")
    String wifiSsid;

    @Option(names = "--wifi-country", paramLabel = "CC",
            description = "With --wifi-ssid: the Wi-Fi regulatory country, two letters. Default: " + Network.DEFAULT_COUNTRY + ".")
    String wifiCountry;

    /** Asks at the terminal, without echo; null when there is none (a script, a test). */
    private static String ask(String question) {
        java.io.Console c = System.console();
        if (c == null) {
            return null;
        }
        try {
            // from Java 22 a console exists even without a terminal; only a terminal can be asked
            if (!(Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c)) {
                return null;
            }
        } catch (NoSuchMethodException e) {
            // Java 17 to 21: System.console() is null without a terminal
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot tell whether the console is a terminal", e);
        }
        char[] a = c.readPassword("%s", question);
        return a == null ? null : new String(a);
    }

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (mqtt == null && gateway == null) {
            err.println("bundle: give the gateway's address: --gateway https://HOST:8443 (fetches its site CA, MQTT over TLS) "
                    + "or --mqtt tcp://HOST:1883");
            return 2;
        }
        if (mqtt != null && (mqtt.getScheme() == null || !MQTT_SCHEMES.contains(mqtt.getScheme()) || mqtt.getHost() == null
                || mqtt.getPort() < 0)) {
            err.println("bundle: --mqtt must be tcp://HOST:PORT (or ssl://, ws://, wss://), e.g. tcp://192.168.1.10:1883");
            return 2;
        }
        if (gateway != null && (gateway.getScheme() == null || !gateway.getScheme().startsWith("http") || gateway.getHost() == null)) {
            err.println("bundle: --gateway must be an http:// or https:// URL, e.g. https://192.168.1.10:8443");
            return 2;
        }
        if (caFile != null && gateway != null) {
            err.println("bundle: give --ca FILE or --gateway URL, not both: --gateway fetches the CA that --ca names");
            return 2;
        }
        if (caFingerprint != null && SiteCa.normalise(caFingerprint) == null) {
            err.println("bundle: --ca-fingerprint should be a SHA-256 fingerprint, 64 hex digits with or without colons, "
                    + "as the gateway logs it; was '" + caFingerprint + "'");
            return 2;
        }
        if (plain && mqtt != null && !("tcp".equals(mqtt.getScheme()) || "ws".equals(mqtt.getScheme()))) {
            err.println("bundle: --plain goes with --mqtt tcp://HOST:1883, not " + mqtt);
            return 2;
        }
        if (coap != null && (coap.getScheme() == null || !coap.getScheme().matches("coaps?") || coap.getHost() == null)) {
            err.println("bundle: --coap must be coaps://HOST:5684 (DTLS with each device's pre-shared key), or coap://HOST:5683, "
                    + "not " + coap);
            return 2;
        }
        if (mqttsPort < 1 || mqttsPort > 65535) {
            err.println("bundle: --mqtts-port should be between 1 and 65535, was " + mqttsPort);
            return 2;
        }
        if (wifiCountry != null && wifiSsid == null) {
            err.println("bundle: --wifi-country goes with --wifi-ssid; the inventory's networks carry their own 'country'");
            return 2;
        }
        if (clientCerts && (gateway == null || !"https".equals(gateway.getScheme()))) {
            err.println("bundle: --client-certs needs --gateway https://HOST:8443: the gateway issues the certificates "
                    + "and their keys, which must not cross the network unencrypted");
            return 2;
        }
        if (clientCerts && plain) {
            err.println("bundle: --client-certs goes with MQTT over TLS, not --plain");
            return 2;
        }
        if (clientCerts && (token == null || token.isBlank())) {
            err.println("bundle: --client-certs: no token; give --token or set FIREGRID_ADMIN_TOKEN (the gateway writes "
                    + "one to $FIREGRID_DATA_DIR/admin-token)");
            return 2;
        }
        Network network;
        try {
            network = wifiSsid == null ? null
                    : Network.wifi(wifiSsid, System.getenv("FIREGRID_WIFI_PASSPHRASE"), wifiCountry);
        } catch (IllegalArgumentException e) {
            err.println("bundle: " + e.getMessage() + "; set FIREGRID_WIFI_PASSPHRASE to it");
            return 2;
        }
        ValidateCommand.Checked checked = ValidateCommand.readValid(spec, file, outw, "nothing bundled");
        if (checked.inventory() == null) {
            return checked.exit();
        }
        Path creds = credentialsFile != null ? credentialsFile : Path.of(file + ".credentials");
        SiteCaChoice.Chosen tls;
        try {
            tls = new SiteCaChoice(file, outw, err).choose(caFile, gateway, caFingerprint, plain);
        } catch (SiteCaChoice.Refused e) {
            outw.flush();
            err.println("bundle: " + e.getMessage());
            return e.exit();
        }
        String mqttUri = SiteCaChoice.mqttUri(mqtt, gateway, tls.ca(), mqttsPort);
        if (mqttUri == null) {
            err.println("bundle: --mqtt " + mqtt + " with a site CA: give wss://HOST:PORT, or ssl:// (or tcp://, made ssl://)");
            return 2;
        }
        if (tls.ca() != null && !mqttUri.equals(String.valueOf(mqtt))) {
            outw.println("MQTT over TLS: " + mqttUri + " (the agents trust only the site CA)");
        }
        String mqttHost = URI.create(mqttUri).getHost();
        if (tls.fetched() != null && !mqttUri.startsWith("tcp:") && !mqttUri.startsWith("ws:")
                && !tls.fetched().serverNames(mqttHost)) {
            err.println("WARNING: the gateway's certificate names " + String.join(", ", ServerNames.of(tls.fetched().server()))
                    + ", not " + mqttHost + ": the agents will refuse to connect to " + mqttUri + ". Give --mqtt with one of "
                    + "those names, or add " + mqttHost + " to FIREGRID_TLS_HOSTNAMES on the gateway and restart it "
                    + "(its certificate is made again; the site CA stays)");
        }
        if (loopback(mqttHost)) {
            outw.println("note: the agents will connect to " + mqttHost + ", which on a Pi is the Pi itself: right for "
                    + "agents run on this machine (a rehearsal); for the site, bundle again with the gateway's address "
                    + "on the site's network, e.g. --gateway https://192.168.1.10:8443");
        }
        if (mqttUri.startsWith("tcp:") || mqttUri.startsWith("ws:")) {
            err.println("WARNING: plain MQTT (" + mqttUri + "): device passwords and alarms cross the network unencrypted; "
                    + (plain ? "asked for with --plain" : "bundle the site CA with --gateway https://GATEWAY:8443 or --ca FILE "
                    + "for MQTT over TLS, or say --plain"));
        }
        String coapUri = null;
        if (checked.inventory().devices().stream().anyMatch(d -> d.transport() == io.firegrid.inventory.Transport.COAP)) {
            coapUri = coap != null ? coap.toString() : "coaps://" + (mqttHost.contains(":") && !mqttHost.startsWith("[")
                    ? "[" + mqttHost + "]" : mqttHost) + ":5684";
            outw.println("CoAP over DTLS: " + coapUri + " for " + String.join(", ", checked.inventory().devices().stream()
                    .filter(d -> d.transport() == io.firegrid.inventory.Transport.COAP).map(d -> d.id()).toList())
                    + " (each with its pre-shared key; identity DEVICE@" + checked.inventory().tenant() + ")");
        }
        try {
            Credentials credentials = Credentials.load(creds);
            WifiSecrets secrets = new WifiSecrets(credentials, System::getenv, BundleCommand::ask);
            Bundler b = new Bundler(credentials, mqttUri, network, secrets, outw::println).siteCa(tls.ca()).coap(coapUri)
                    .inventoryFile(file);
            if (clientCerts) {
                outw.println("client certificates from " + gateway + " (CN DEVICE@" + checked.inventory().tenant()
                        + ", site CA SHA-256 " + tls.ca().fingerprint() + ")");
                b.clientCertificates(new CertificateIssuer(new GatewayClient(gateway, token, tls.ca()), tls.ca(),
                        "firegrid config register " + file + " --gateway " + gateway));
            }
            Bundler.Summary s;
            try {
                s = b.bundle(checked.inventory(), out, devices);
            } catch (CertificateIssuer.Stopped e) {
                outw.println("stopped: " + b.certificatesIssued() + " client certificate(s) issued and bundled before");
                outw.flush();
                err.println("bundle: " + e.getMessage());
                return e.exit();
            }
            String nets = b.networks().size() == 1 ? "network " + b.networks().keySet().iterator().next()
                    : "networks " + b.networks().entrySet().stream().map(e -> e.getKey() + " for "
                    + String.join(" ", e.getValue())).collect(java.util.stream.Collectors.joining("; "));
            outw.println(s + (b.networks().isEmpty() ? "" : "; " + nets) + "; secrets in " + creds);
            if (clientCerts) {
                outw.println("client certificates: " + b.certificatesIssued() + " issued"
                        + (b.certificatesRefused() > 0 ? ", " + b.certificatesRefused() + " refused (not registered); register "
                        + "first: firegrid config register " + file + " --gateway " + gateway + ", then bundle again" : "")
                        + (b.certificatesIssued() > 0 ? "; the keys leave the card on first boot" : ""));
            }
            if (s.bundled() > 0) {
                keepOutOfGit(out, creds, err);
                outw.println("next: register the devices, so the gateway knows the passwords these bundles hold: "
                        + "firegrid config register " + file + " --gateway " + (gateway != null ? gateway
                        : "http://" + mqttHost + ":8080") + " (safe to repeat)");
                outw.println("then: flash DEVICE --bundles " + out + " --to /media/$USER/bootfs (or a card image)");
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

    /**
     * The bundles directory ignores itself in git ({@code .gitignore} with {@code *}: every bundle holds
     * a device's password); the credentials file is the installer's to place, so a checkout that would
     * take it gets a warning with the line that keeps it out.
     */
    private static void keepOutOfGit(Path out, Path creds, PrintWriter err) throws java.io.IOException {
        Path ignore = out.resolve(".gitignore");
        if (!java.nio.file.Files.exists(ignore)) {
            java.nio.file.Files.writeString(ignore, "# device bundles hold device passwords: never commit them\n*\n");
        }
        GitCheckout.warning(creds, "the device passwords and DTLS keys").ifPresent(err::println);
    }

    /** Whether {@code host} names this machine (localhost, 127.0.0.0/8, ::1): a Pi would reach itself. */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

}
