package io.firegrid.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.firegrid.config.registration.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated {@code firstrun.sh} as bash reads it: a syntax check of every kind of network, then
 * a run against a fake root laid out as Raspberry Pi OS bookworm's (the boot partition at
 * /boot/firmware, the card's files as {@code flash} writes them), with the real {@code systemctl
 * --root} enabling the service offline and {@code rfkill} kept off the test machine.
 */
class FirstrunScriptTest {

    private static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 "
            + "fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot";

    @TempDir
    Path dir;

    private io.firegrid.config.siteca.SiteCa siteCa;
    private ClientCertificate.Source clientCerts;

    @Test
    void everyKindOfNetworkGivesAScriptBashAccepts() throws Exception {
        List<Network> networks = List.of(Network.ETHERNET, Network.wifi("Jinqiao IoT 'A'", "pass\\word;#1", "HK"),
                Network.ETHERNET.withStatic("192.168.10.20/24", "192.168.10.1", List.of("192.168.10.1")),
                Network.wifi("Floor-3", "floor-three-3", "CN").withStatic("10.0.3.7/16", "10.0.0.1", List.of("10.0.0.1")));
        for (Network n : networks) {
            Path script = dir.resolve("firstrun-" + networks.indexOf(n) + ".sh");
            for (boolean clientCertificate : List.of(false, true)) {
                Files.writeString(script, FirstBoot.firstrun("t1", "pi-0001", "bldg-7", "fg-bldg-7-pi-0001", n, clientCertificate));

                Result r = run(List.of("bash", "-n", script.toString()), Map.of());

                assertThat(r.exit).as(n + ", client certificate " + clientCertificate + ": " + r.output).isZero();
            }
        }
    }

    @Test
    void onAFakeBookwormRootItWritesTheStaticEthernetConnectionHostnameAndServiceThenRemovesItself() throws Exception {
        Path root = bookwormRoot(BundlerNetworkTest.withNetworks(), "pi-0002");

        Result r = firstrun(root);

        assertThat(r.exit).as(r.output).isZero();
        assertThat(root.resolve("etc/hostname")).hasContent("fg-bldg-7-pi-0002");
        assertThat(root.resolve("etc/hosts")).hasContent("127.0.0.1\tlocalhost\n127.0.1.1\tfg-bldg-7-pi-0002");
        Path keyfile = root.resolve("etc/NetworkManager/system-connections/" + FirstBoot.ETHERNET_KEYFILE);
        assertThat(mode(keyfile)).isEqualTo("rw-------");
        assertThat(Files.readString(keyfile)).contains("type=ethernet\ninterface-name=eth0",
                "[ipv4]\nmethod=manual\naddress1=192.168.10.20/24,192.168.10.1\ndns=192.168.10.1;223.5.5.5;");
        assertThat(root.resolve("etc/NetworkManager/system-connections/" + FirstBoot.WIFI_KEYFILE)).doesNotExist();
        assertTheAgentIsInstalledAndTheCardCleaned(root);
        assertThat(root.resolve("boot/firmware/cmdline.txt")).hasContent(CMDLINE);
    }

    @Test
    void onAFakeBookwormRootItWritesTheWifiConnectionAndKeepsTheCountryInCmdline() throws Exception {
        Credentials c = Credentials.load(dir.resolve("creds"), new Random(3));
        c.putWifiPassphrase("jinqiao-iot", "fire-door-7");
        Path root = bookwormRoot(BundlerNetworkTest.withNetworks(), "pi-0001", c);
        Files.createDirectories(root.resolve("var/lib/systemd/rfkill"));
        Files.writeString(root.resolve("var/lib/systemd/rfkill/platform-fe300000.mmcnr:wlan"), "1\n");
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n");

        Result r = firstrun(root);

        assertThat(r.exit).as(r.output).isZero();
        Path keyfile = root.resolve("etc/NetworkManager/system-connections/" + FirstBoot.WIFI_KEYFILE);
        assertThat(mode(keyfile)).isEqualTo("rw-------");
        assertThat(Files.readString(keyfile)).contains("type=wifi", "ssid=Jinqiao-IoT", "key-mgmt=wpa-psk\npsk=fire-door-7",
                "[ipv4]\nmethod=auto");
        assertThat(root.resolve("boot/firmware/cmdline.txt")).hasContent(CMDLINE + " cfg80211.ieee80211_regdom=CN");
        assertThat(root.resolve("var/lib/systemd/rfkill/platform-fe300000.mmcnr:wlan")).hasContent("0");
        assertThat(root.resolve("etc/hosts")).hasContent("127.0.0.1\tlocalhost\n127.0.1.1\tfg-bldg-7-pi-0001");
        assertTheAgentIsInstalledAndTheCardCleaned(root);
    }

    @Test
    void theBundlesSiteCaReachesTheAgentsInstallerWithTheSettingsNamingItsPlace() throws Exception {
        Path caPem = io.firegrid.config.siteca.TestPki.create(dir.resolve("ca"), "FireGrid test site CA").caPem();
        siteCa = io.firegrid.config.siteca.SiteCa.read(caPem);
        Path root = bookwormRoot(BundlerNetworkTest.withNetworks(), "pi-0002");

        Result r = firstrun(root);

        assertThat(r.exit).as(r.output).isZero();
        // install.sh, run by the first-boot service, copies it from here to Bundler.DEVICE_CA
        assertThat(root.resolve("opt/firegrid-agent/dist/ca.pem")).hasSameTextualContentAs(caPem);
        assertThat(root.resolve("opt/firegrid-agent/dist/install.sh")).content()
                .contains("install -m 0644 \"$here/ca.pem\" " + Bundler.DEVICE_CA);
        assertThat(root.resolve("root/firegrid-agent.env")).content().contains("FIREGRID_MQTT_CA=" + Bundler.DEVICE_CA + "\n");
        assertTheAgentIsInstalledAndTheCardCleaned(root);
    }

    @Test
    void theClientKeyLeavesTheCardForEtcFiregridReadableByTheAgentsGroupOnly() throws Exception {
        Path caPem = io.firegrid.config.siteca.TestPki.create(dir.resolve("ca"), "FireGrid test site CA").caPem();
        siteCa = io.firegrid.config.siteca.SiteCa.read(caPem);
        clientCerts = (tenant, device) -> new ClientCertificate("-----BEGIN CERTIFICATE-----\nCERT " + device + "@" + tenant
                + "\n-----END CERTIFICATE-----\n", "-----BEGIN PRIVATE KEY-----\nKEY " + device
                + "\n-----END PRIVATE KEY-----\n", "2031-12-05T19:49:10Z");
        Path root = bookwormRoot(BundlerNetworkTest.withNetworks(), "pi-0002");
        // bookworm's account files, as useradd --root finds them
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nfiregrid-other:x:998:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        Path onCard = root.resolve("boot/firmware/firegrid/client.key");
        assertThat(onCard).as("the bundle put it on the card").content().contains("KEY pi-0002");

        Result r = firstrun(root);

        assertThat(r.exit).as(r.output).isZero();
        Path key = root.resolve("etc/firegrid/client.key");
        assertThat(key).hasContent("-----BEGIN PRIVATE KEY-----\nKEY pi-0002\n-----END PRIVATE KEY-----");
        assertThat(mode(key)).isEqualTo("rw-r-----");
        int gid = (Integer) Files.getAttribute(key, "unix:gid");
        assertThat(Files.readAllLines(root.resolve("etc/group"))).as("the agent's group, made as install.sh makes it")
                .contains("firegrid:x:" + gid + ":");
        assertThat(gid).isNotZero();
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anyMatch(l -> l.startsWith("firegrid:x:") && l.contains(":" + gid + ":"));
        assertThat(mode(root.resolve("etc/firegrid"))).isEqualTo("rwxr-x---");
        assertThat(root.resolve("etc/firegrid/client.pem")).content().contains("CERT pi-0002@t1");
        assertThat(mode(root.resolve("etc/firegrid/client.pem"))).isEqualTo("rw-r--r--");
        assertThat(onCard).as("no longer on the FAT partition").doesNotExist();
        assertThat(root.resolve("opt/firegrid-agent/dist/client.key")).as("nor in the world-readable copy").doesNotExist();
        assertThat(root.resolve("root/firegrid-agent.env")).content()
                .contains("FIREGRID_MQTT_CLIENT_CERT=" + ClientCertificate.DEVICE_CERT + "\n")
                .contains("FIREGRID_MQTT_CLIENT_KEY=" + ClientCertificate.DEVICE_KEY + "\n");
        assertTheAgentIsInstalledAndTheCardCleaned(root);
    }

    @Test
    void aBundleWithoutClientCertificateLeavesEtcFiregridToInstallSh() throws Exception {
        Path root = bookwormRoot(BundlerNetworkTest.withNetworks(), "pi-0002");

        Result r = firstrun(root);

        assertThat(r.exit).as(r.output).isZero();
        assertThat(root.resolve("etc/firegrid")).doesNotExist();
        assertThat(root.resolve("boot/firmware/firstrun.sh")).doesNotExist();
    }

    private void assertTheAgentIsInstalledAndTheCardCleaned(Path root) throws IOException {
        assertThat(mode(root.resolve("root/firegrid-agent.env"))).isEqualTo("rw-------");
        assertThat(root.resolve("root/firegrid-agent.env")).content().contains("FIREGRID_AGENT_PASSWORD=");
        assertThat(root.resolve("opt/firegrid-agent/dist/install.sh")).isExecutable();
        assertThat(root.resolve("opt/firegrid-agent/dist/agent.env")).doesNotExist();
        assertThat(root.resolve("boot/firmware/firegrid/agent.env")).doesNotExist();
        assertThat(root.resolve("boot/firmware/firstrun.sh")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/firegrid-firstboot.service")).content()
                .contains("After=network-online.target", "WantedBy=multi-user.target");
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/firegrid-firstboot.service");
        assertThat(Files.isSymbolicLink(wants)).as("enabled by systemctl --root").isTrue();
        assertThat(Files.readSymbolicLink(wants)).isEqualTo(Path.of("/etc/systemd/system/firegrid-firstboot.service"));
        assertThat(root.resolve("var/log/firegrid-firstrun.log")).content().contains("firegrid firstrun: done");
    }

    private Path bookwormRoot(io.firegrid.inventory.Inventory inv, String device) throws IOException {
        return bookwormRoot(inv, device, Credentials.load(dir.resolve("creds"), new Random(3)));
    }

    /** A root file system as bookworm's, with the device's bundle on its boot partition and the hook in cmdline.txt. */
    private Path bookwormRoot(io.firegrid.inventory.Inventory inv, String device, Credentials c) throws IOException {
        Path bundles = dir.resolve("bundles");
        new Bundler(c, siteCa == null ? BundlerGoldenTest.MQTT : "ssl://192.168.1.10:8883", null, WifiSecrets.fileOnly(c), l -> { })
                .siteCa(siteCa).clientCertificates(clientCerts).bundle(inv, bundles, List.of(device));
        Path root = dir.resolve("root");
        Path boot = root.resolve("boot/firmware");
        Files.createDirectories(boot);
        copy(bundles.resolve(device), boot);
        Files.writeString(boot.resolve("cmdline.txt"), CMDLINE + " " + FirstBoot.CMDLINE_HOOK + "\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "raspberrypi\n");
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n");
        return root;
    }

    private Result firstrun(Path root) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemctl")) || Files.isExecutable(Path.of("/bin/systemctl")),
                "systemctl (Debian's systemd) enables the service offline with --root");
        Path stubs = dir.resolve("stubs");
        Files.createDirectories(stubs);
        Path rfkill = stubs.resolve("rfkill");
        Files.writeString(rfkill, "#!/bin/sh\necho \"rfkill must not run off the Pi: $*\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(rfkill, PosixFilePermissions.fromString("rwx------"));
        return run(List.of("bash", root.resolve("boot/firmware/firstrun.sh").toString()),
                Map.of("FIREGRID_FIRSTRUN_ROOT", root.toString(), "PATH", stubs + ":" + System.getenv("PATH")));
    }

    private static void copy(Path from, Path to) throws IOException {
        for (Path rel : BundlerGoldenTest.files(from)) {
            Files.createDirectories(to.resolve(rel.toString()).getParent());
            Files.copy(from.resolve(rel.toString()), to.resolve(rel.toString()));
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        return new Result(p.exitValue(), out);
    }
}
