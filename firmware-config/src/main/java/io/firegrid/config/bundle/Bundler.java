package io.firegrid.config.bundle;

import io.firegrid.protocol.EnvFile;
import io.firegrid.config.registration.Credentials;
import io.firegrid.config.siteca.SecondaryCa;
import io.firegrid.config.siteca.SiteCa;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.NetworkSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes one configuration bundle per inventory device, under {@code out/DEVICE/}, laid out as it
 * goes onto the SD card's boot partition:
 * <pre>
 *   firstrun.sh                      first boot (see {@link FirstBoot}), mode 700
 *   firegrid/agent.env               the agent's settings with password and PSK, mode 600
 *   firegrid/firegrid-agent.service  the agent's systemd unit (edge-agent/deploy)
 *   firegrid/install.sh              the agent's installer (edge-agent/deploy), mode 700
 *   firegrid/ca.pem                  the gateway's site CA, when there is one, mode 644
 *   firegrid/secondary-ca.pem        the secondary gateway's CA, when the inventory names one, mode 644
 *   firegrid/client.pem              the device's TLS client certificate, when asked for, mode 644
 *   firegrid/client.key              its private key, mode 600 (the first boot moves it off the card)
 *   README.txt                       what these are and what to do next
 * </pre>
 * With a site CA ({@link #siteCa}) the agent's settings name it at {@value #DEVICE_CA}, where the
 * agent's {@code install.sh} puts it, and the agent trusts only it over {@code ssl://}. With a
 * {@link ClientCertificate.Source} ({@link #clientCertificates}) each device also gets a client
 * certificate from it, and its settings name it and its key where the first boot puts them; a
 * device that gets none is refused, and one that no device can get stops the run.
 * Each device joins the network the inventory gives it (its own over its site's; Ethernet with
 * DHCP without one), unless one network is forced for all; a Wi-Fi passphrase comes from
 * {@link WifiSecrets}, and a device whose passphrase cannot be found is refused.
 * Secrets come from the shared {@link Credentials} file and are never rotated: bundling again
 * writes the same files. A device whose existing bundle holds a password the credentials file does
 * not know is adopted from the bundle; one whose bundle and file disagree is refused (the gateway
 * may hold either). A device the edge agent cannot run is refused with the reason; the others are
 * still bundled. Not thread-safe; one run at a time per credentials file.
 */
public final class Bundler {

    /** One line per device, and the counts for the summary. */
    public record Summary(int bundled, int refused) {

        @Override
        public String toString() {
            return "bundled " + bundled + ", refused " + refused;
        }
    }

    private static final String DEPLOY = "/io/firegrid/config/bundle/deploy/";
    /** Where the agent's install.sh puts the bundle's ca.pem on the device. */
    public static final String DEVICE_CA = "/etc/firegrid/ca.pem";

    private final Credentials credentials;
    private final String mqttUri;
    private final Network override;
    private final WifiSecrets secrets;
    private final Consumer<String> out;
    private SiteCa siteCa;
    private Path inventoryFile = Path.of("inventory.yaml");
    private String coapUri;
    private ClientCertificate.Source clientCerts;
    private int certificates;
    private int certificatesRefused;
    private final Map<String, List<String>> networks = new java.util.LinkedHashMap<>();

    /** Every device joins {@code network}, whatever the inventory says (null: the inventory's). */
    public Bundler(Credentials credentials, String mqttUri, Network network, Consumer<String> out) {
        this(credentials, mqttUri, network, WifiSecrets.fileOnly(credentials), out);
    }

    /**
     * @param override a network for every device, as given on the command line; null to take each
     *                 device's from the inventory (Ethernet with DHCP where it has none)
     * @param secrets  where the passphrases the inventory names come from
     */
    public Bundler(Credentials credentials, String mqttUri, Network override, WifiSecrets secrets, Consumer<String> out) {
        this.credentials = credentials;
        this.mqttUri = mqttUri;
        this.override = override;
        this.secrets = secrets;
        this.out = out;
    }

    /** The gateway's CoAP address for the devices the inventory puts on CoAP ({@code transport: coap}); null: none. */
    public Bundler coap(String uri) {
        this.coapUri = uri;
        return this;
    }

    /** Puts {@code ca} into every bundle and has the agent trust only it; null (the default) bundles none. */
    public Bundler siteCa(SiteCa ca) {
        this.siteCa = ca;
        return this;
    }

    /** The inventory's file, against whose directory a secondary's {@code ca:} is read (default: the working directory). */
    public Bundler inventoryFile(Path file) {
        this.inventoryFile = file;
        return this;
    }

    /**
     * Gives every device a TLS client certificate from {@code source}, its key moved off the card on
     * first boot; null (the default) gives none, and the bundles hold no client.pem or client.key.
     */
    public Bundler clientCertificates(ClientCertificate.Source source) {
        this.clientCerts = source;
        return this;
    }

    /** How many devices the certificate source refused so far (and so were not bundled). */
    public int certificatesRefused() {
        return certificatesRefused;
    }

    /** How many client certificates were issued so far. */
    public int certificatesIssued() {
        return certificates;
    }

    /** The networks of the devices bundled so far, each with its device ids, in order. */
    public Map<String, List<String>> networks() {
        return java.util.Collections.unmodifiableMap(networks);
    }

    /** The network {@code d} joins: the override, else the inventory's, else Ethernet with DHCP. */
    Network networkOf(Inventory inv, Device d) {
        if (override != null) {
            return override;
        }
        NetworkSettings n = inv.networkOf(d);
        if (n == null) {
            return Network.ETHERNET;
        }
        Network base = n.link() == NetworkSettings.Link.WIFI
                ? Network.wifi(n.ssid(), secrets.passphrase(n.passphraseSecret(), n.ssid()), n.countryOrDefault())
                : Network.ETHERNET;
        return n.isStatic() ? base.withStatic(n.address(), n.gateway(), n.dns()) : base;
    }

    /** Bundles {@code only} (all devices if empty) of {@code inv} into {@code outDir}. */
    public Summary bundle(Inventory inv, Path outDir, List<String> only) throws IOException {
        List<Device> devices = inv.devices().stream().filter(d -> only.isEmpty() || only.contains(d.id())).toList();
        for (String id : only) {
            if (inv.devices().stream().noneMatch(d -> d.id().equals(id))) {
                throw new IllegalArgumentException("device '" + id + "' is not in the inventory");
            }
        }
        Files.createDirectories(outDir);
        int bundled = 0;
        int refused = 0;
        List<String> adopted = new ArrayList<>();
        int n = 0;
        for (Device d : devices) {
            n++;
            if (d.isUitd()) {
                out.accept("skipped    " + d.id() + ": a fire alarm panel's UITD is registered, not bundled (docs/gb26875.md)");
                continue;
            }
            String authId = d.id() + "@" + inv.tenant();
            Path dir = outDir.resolve(d.id());
            Map<String, String> existing = readEnv(dir.resolve("firegrid/agent.env"));
            String oldPassword = existing.get("FIREGRID_AGENT_PASSWORD");
            boolean known = credentials.has(authId);
            if (oldPassword != null && known && !oldPassword.equals(credentials.passwordFor(authId))) {
                out.accept("REFUSED    " + d.id() + ": " + dir.resolve("firegrid/agent.env") + " holds another password than "
                        + credentials.file() + "; keep the one the gateway has (move the other away) and bundle again");
                refused++;
                continue;
            }
            String note;
            if (oldPassword != null && !known) {
                adopted.add(authId);
                note = "credentials taken from the existing bundle";
            } else {
                note = known ? "credentials kept" : "new credentials";
            }
            String password = oldPassword != null && !known ? oldPassword : credentials.passwordFor(authId);
            String psk = existing.getOrDefault("FIREGRID_AGENT_PSK", null);
            psk = psk != null && !known ? psk : credentials.pskFor(authId);
            Network network;
            try {
                network = networkOf(inv, d);
            } catch (IllegalArgumentException e) {
                out.accept("REFUSED    " + d.id() + ": " + e.getMessage());
                refused++;
                continue;
            }
            io.firegrid.inventory.SecondaryGateway secondary = inv.secondaryOf(d);
            SiteCa secondaryCa;
            try {
                secondaryCa = secondary == null || d.transport() == io.firegrid.inventory.Transport.COAP
                        || !AgentSettings.isTls(secondary.mqtt()) ? null : SecondaryCa.of(secondary, inventoryFile);
            } catch (IllegalArgumentException e) {
                out.accept("REFUSED    " + d.id() + ": " + e.getMessage());
                refused++;
                continue;
            }
            AgentSettings.Result settings = AgentSettings.of(inv.tenant(), d, mqttUri, siteCa == null ? null : DEVICE_CA,
                    password, psk, coapUri, secondary);
            if (!settings.problems().isEmpty()) {
                settings.problems().forEach(p -> out.accept("REFUSED    " + p));
                refused++;
                continue;
            }
            ClientCertificate cert = null;
            Map<String, String> env = settings.env();
            if (clientCerts != null) {
                try {
                    cert = clientCerts.issue(inv.tenant(), d.id());
                } catch (ClientCertificate.DeviceRefused e) {
                    out.accept("REFUSED    " + d.id() + ": " + e.getMessage());
                    certificatesRefused++;
                    refused++;
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while fetching the certificate of " + authId);
                }
                certificates++;
                out.accept("certificate " + authId + " issued (" + n + " of " + devices.size() + "), valid until "
                        + cert.notAfter());
                env = withClientCertificate(env);
            }
            if (adopted.contains(authId)) {
                credentials.adopt(authId, password, psk);
            }
            // the file first: a bundle must never hold a secret the credentials file has lost
            credentials.save();
            write(dir, inv.tenant(), d, env, inv.hostnameOf(d), network, cert, secondaryCa);
            networks.computeIfAbsent(network.toString(), k -> new ArrayList<>()).add(d.id());
            out.accept("bundled    " + d.id() + " -> " + dir + " (" + note + (cert == null ? "" : ", client certificate")
                    + (d.transport() == io.firegrid.inventory.Transport.COAP ? ", CoAP " + coapUri : "")
                    + (secondary == null ? "" : ", secondary " + secondary.mqtt())
                    + (secondaryCa == null ? "" : " with its CA " + secondaryCa.fingerprint()) + ")");
            bundled++;
        }
        return new Summary(bundled, refused);
    }

    /** The agent's settings with its certificate and key where the first boot puts them, after the site CA. */
    private static Map<String, String> withClientCertificate(Map<String, String> env) {
        Map<String, String> e = new java.util.LinkedHashMap<>();
        env.forEach((k, v) -> {
            e.put(k, v);
            if (k.equals("FIREGRID_MQTT_URI") && !env.containsKey("FIREGRID_MQTT_CA") || k.equals("FIREGRID_MQTT_CA")) {
                e.put("FIREGRID_MQTT_CLIENT_CERT", ClientCertificate.DEVICE_CERT);
                e.put("FIREGRID_MQTT_CLIENT_KEY", ClientCertificate.DEVICE_KEY);
            }
        });
        return e;
    }

    private void write(Path dir, String tenant, Device d, Map<String, String> env, String host, Network network,
            ClientCertificate cert, SiteCa secondaryCa) throws IOException {
        Path fg = dir.resolve("firegrid");
        Files.createDirectories(fg);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        writePrivate(fg.resolve("agent.env"), envFile(tenant, d, env), "rw-------");
        writePrivate(fg.resolve("firegrid-agent.service"), resource("firegrid-agent.service"), "rw-r--r--");
        writePrivate(fg.resolve("install.sh"), resource("install.sh"), "rwx------");
        writePrivate(dir.resolve("firstrun.sh"), FirstBoot.firstrun(tenant, d.id(), d.site(), host, network, cert != null),
                "rwx------");
        Path ca = fg.resolve(SiteCa.FILE_NAME);
        if (siteCa != null) {
            writePrivate(ca, siteCa.pem(), "rw-r--r--");
        } else {
            // bundled again without a CA: the agent's settings no longer name it
            Files.deleteIfExists(ca);
        }
        Path ca2 = fg.resolve(SecondaryCa.FILE_NAME);
        if (secondaryCa != null) {
            writePrivate(ca2, secondaryCa.pem(), "rw-r--r--");
        } else {
            Files.deleteIfExists(ca2);
        }
        Path certFile = fg.resolve(ClientCertificate.CERT_FILE);
        Path keyFile = fg.resolve(ClientCertificate.KEY_FILE);
        if (cert != null) {
            writePrivate(keyFile, cert.key(), "rw-------");
            writePrivate(certFile, cert.certificate(), "rw-r--r--");
        } else {
            // bundled again without --client-certs: the agent's settings no longer name them
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(certFile);
        }
        writePrivate(dir.resolve("README.txt"), readme(tenant, d, host, network, siteCa, cert), "rw-------");
    }

    static String envFile(String tenant, Device d, Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        sb.append("# FireGrid edge agent settings for ").append(d.id()).append(" (tenant ").append(tenant)
                .append(", site ").append(d.site()).append(")\n");
        sb.append("# Written by 'firegrid config bundle'. Secret: readable by root only on the Pi.\n");
        sb.append("# Every variable: java -jar firegrid-edge-agent.jar run --help\n");
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static String readme(String tenant, Device d, String host, Network network, SiteCa ca, ClientCertificate cert) {
        return """
                FireGrid configuration bundle of device %s (tenant %s, site %s)
                Location: %s
                Hostname on first boot: %s
                Network: %s

                firstrun.sh                     first boot script (Raspberry Pi OS bookworm), run once
                firegrid/agent.env              the agent's settings, password and PSK: SECRET
                firegrid/firegrid-agent.service the agent's systemd unit
                firegrid/install.sh             installs the agent (run by the first boot)
                %s
                Next: ./firegrid config flash %s --to /media/$USER/bootfs   (or --to card.img)
                Then: ./firegrid config label, mount the Pi, power it, ./firegrid config verify.
                """.formatted(d.id(), tenant, d.site(), d.location() == null ? "-" : d.location(),
                host, network, (ca == null ? "" : "firegrid/ca.pem                 the gateway's site CA, SHA-256\n"
                        + "                                " + ca.fingerprint() + "\n")
                        + (cert == null ? "" : "firegrid/client.pem             the device's TLS client certificate, until\n"
                        + "                                " + cert.notAfter() + "\n"
                        + "firegrid/client.key             its private key: SECRET, moved off the card on first boot\n"),
                d.id());
    }

    /** The variables of an env file, or none if it does not exist. */
    public static Map<String, String> readEnv(Path file) throws IOException {
        return EnvFile.read(file);
    }

    private static void writePrivate(Path f, String text, String mode) throws IOException {
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    }

    static String resource(String name) {
        try (InputStream in = Bundler.class.getResourceAsStream(DEPLOY + name)) {
            if (in == null) {
                throw new IllegalStateException("the build left out " + DEPLOY + name + " (from edge-agent/deploy)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
