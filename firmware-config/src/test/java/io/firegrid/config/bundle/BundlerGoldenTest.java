package io.firegrid.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.config.registration.Credentials;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.InventoryExample;
import io.firegrid.inventory.InventoryParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundles of the example inventory, byte for byte, against files under
 * src/test/resources/golden/bundles. Secrets come from a seeded generator here only. After an intended change,
 * regenerate with {@code -Dfiregrid.golden.update=true} and review the diff.
 */
class BundlerGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/bundles");
    static final String MQTT = "tcp://192.168.1.10:1883";

    @TempDir
    Path dir;

    static Inventory example() {
        InventoryParser.Result r = InventoryParser.parse(InventoryExample.text("t1"));
        assertThat(r.problems()).isEmpty();
        return r.inventory();
    }

    private List<String> bundle(Path out, Network network, long seed) throws IOException {
        List<String> lines = new ArrayList<>();
        Credentials c = Credentials.load(dir.resolve("site.yaml.credentials"), new Random(seed));
        new Bundler(c, MQTT, network, lines::add).bundle(example(), out, List.of());
        return lines;
    }

    @Test
    void exampleInventoryBundlesAsTheGoldenFiles() throws IOException {
        Path out = dir.resolve("bundles");
        List<String> lines = bundle(out, Network.wifi("Jinqiao-IoT", "fire-door-7", "CN"), 42);

        assertThat(lines).containsExactly(
                "bundled    pi-0001 -> " + out.resolve("pi-0001") + " (new credentials)",
                "bundled    pi-0002 -> " + out.resolve("pi-0002") + " (new credentials)");
        // the agent's own unit and installer are copied as they are, not frozen here
        for (String f : List.of("firegrid-agent.service", "install.sh")) {
            assertThat(out.resolve("pi-0001/firegrid/" + f)).hasSameTextualContentAs(Path.of("../edge-agent/deploy/" + f));
            Files.delete(out.resolve("pi-0001/firegrid/" + f));
            Files.delete(out.resolve("pi-0002/firegrid/" + f));
        }
        assertSameAsGolden(out, GOLDEN);
    }

    /** A certificate source that needs no gateway: the same fake PEM text for a device every time. */
    static final ClientCertificate.Source FAKE_CERTS = (tenant, device) -> new ClientCertificate(
            "-----BEGIN CERTIFICATE-----\nCERT " + device + "@" + tenant + "\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\nKEY " + device + "\n-----END PRIVATE KEY-----\n", "2031-12-05T19:49:10Z");

    @Test
    void withClientCertificatesTheBundlesAreTheGoldenFilesTheKeyOwnersOnly() throws IOException {
        Path out = dir.resolve("bundles");
        List<String> lines = new ArrayList<>();
        Credentials c = Credentials.load(dir.resolve("site.yaml.credentials"), new Random(42));
        Bundler b = new Bundler(c, "ssl://192.168.1.10:8883", Network.ETHERNET, lines::add).clientCertificates(FAKE_CERTS);

        b.bundle(example(), out, List.of());

        assertThat(lines).containsExactly(
                "certificate pi-0001@t1 issued (1 of 2), valid until 2031-12-05T19:49:10Z",
                "bundled    pi-0001 -> " + out.resolve("pi-0001") + " (new credentials, client certificate)",
                "certificate pi-0002@t1 issued (2 of 2), valid until 2031-12-05T19:49:10Z",
                "bundled    pi-0002 -> " + out.resolve("pi-0002") + " (new credentials, client certificate)");
        assertThat(b.certificatesIssued()).isEqualTo(2);
        assertThat(Files.getPosixFilePermissions(out.resolve("pi-0001/firegrid/client.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(out.resolve("pi-0001/firegrid/client.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        for (String f : List.of("firegrid-agent.service", "install.sh")) {
            Files.delete(out.resolve("pi-0001/firegrid/" + f));
            Files.delete(out.resolve("pi-0002/firegrid/" + f));
        }
        assertSameAsGolden(out, Path.of("src/test/resources/golden/client-cert-bundles"));
    }

    @Test
    void bundlingAgainWithoutClientCertificatesTakesThemOutAndIsTheOldBundleByteForByte() throws IOException {
        Path plain = dir.resolve("plain");
        bundle(plain, Network.ETHERNET, 1);
        Path out = dir.resolve("bundles");
        Credentials c = Credentials.load(dir.resolve("site.yaml.credentials"));
        new Bundler(c, MQTT, Network.ETHERNET, l -> { }).clientCertificates(FAKE_CERTS).bundle(example(), out, List.of());
        assertThat(out.resolve("pi-0001/firegrid/client.key")).exists();

        new Bundler(c, MQTT, Network.ETHERNET, l -> { }).bundle(example(), out, List.of());

        assertThat(files(out)).isEqualTo(files(plain));
        for (Path rel : files(plain)) {
            assertThat(Files.readString(out.resolve(rel.toString()))).as(rel.toString())
                    .isEqualTo(Files.readString(plain.resolve(rel.toString())));
        }
    }

    /** Freezes {@code out} against {@code golden}, file by file; rewrites the golden files when asked to. */
    static void assertSameAsGolden(Path out, Path golden) throws IOException {
        if (Boolean.getBoolean("firegrid.golden.update")) {
            copyTree(out, golden);
        }
        assertThat(files(out)).isEqualTo(files(golden));
        for (Path rel : files(golden)) {
            assertThat(Files.readString(out.resolve(rel.toString()), StandardCharsets.UTF_8)).as(rel.toString())
                    .isEqualTo(Files.readString(golden.resolve(rel.toString()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void secretsAreReadableByTheOwnerOnlyAndMatchTheCredentialsFile() throws IOException {
        Path out = dir.resolve("bundles");
        bundle(out, Network.ETHERNET, 1);

        Path env = out.resolve("pi-0001/firegrid/agent.env");
        assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(out.resolve("pi-0001"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(out.resolve("pi-0001/firstrun.sh"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Path credsFile = dir.resolve("site.yaml.credentials");
        assertThat(Files.getPosixFilePermissions(credsFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Credentials creds = Credentials.load(credsFile);
        var vars = Bundler.readEnv(env);
        assertThat(vars.get("FIREGRID_AGENT_PASSWORD")).hasSize(24).isEqualTo(creds.passwordFor("pi-0001@t1"));
        assertThat(vars.get("FIREGRID_AGENT_PSK")).matches("[0-9a-f]{32}").isEqualTo(creds.pskFor("pi-0001@t1"));
        assertThat(Bundler.readEnv(out.resolve("pi-0002/firegrid/agent.env")).get("FIREGRID_AGENT_PASSWORD"))
                .isNotEqualTo(vars.get("FIREGRID_AGENT_PASSWORD"));
        assertThat(Files.readString(out.resolve("pi-0001/firstrun.sh"))).contains("Ethernet with DHCP")
                .doesNotContain("nmconnection");
    }

    @Test
    void bundlingAgainKeepsEverySecretAndEveryByte() throws IOException {
        Path out = dir.resolve("bundles");
        bundle(out, Network.ETHERNET, 1);
        String env1 = Files.readString(out.resolve("pi-0002/firegrid/agent.env"));
        String creds1 = Files.readString(dir.resolve("site.yaml.credentials"));

        List<String> second = bundle(out, Network.ETHERNET, 999);

        assertThat(second).allMatch(l -> l.endsWith("(credentials kept)"));
        assertThat(Files.readString(out.resolve("pi-0002/firegrid/agent.env"))).isEqualTo(env1);
        assertThat(Files.readString(dir.resolve("site.yaml.credentials"))).isEqualTo(creds1);
    }

    @Test
    void aLostCredentialsFileIsRebuiltFromTheBundlesNotRotated() throws IOException {
        Path out = dir.resolve("bundles");
        bundle(out, Network.ETHERNET, 1);
        String env1 = Files.readString(out.resolve("pi-0001/firegrid/agent.env"));
        Files.delete(dir.resolve("site.yaml.credentials"));

        List<String> again = bundle(out, Network.ETHERNET, 2);

        assertThat(again).allMatch(l -> l.endsWith("(credentials taken from the existing bundle)"));
        assertThat(Files.readString(out.resolve("pi-0001/firegrid/agent.env"))).isEqualTo(env1);
        assertThat(Credentials.load(dir.resolve("site.yaml.credentials")).passwordFor("pi-0001@t1"))
                .isEqualTo(Bundler.readEnv(out.resolve("pi-0001/firegrid/agent.env")).get("FIREGRID_AGENT_PASSWORD"));
    }

    @Test
    void refusesADeviceWhoseBundleDisagreesWithTheCredentialsFileAndBundlesTheRest() throws IOException {
        Path out = dir.resolve("bundles");
        bundle(out, Network.ETHERNET, 1);
        Path env = out.resolve("pi-0001/firegrid/agent.env");
        String tampered = Files.readString(env).replaceAll("FIREGRID_AGENT_PASSWORD=.*", "FIREGRID_AGENT_PASSWORD=other-password-123");
        Files.writeString(env, tampered);

        List<String> lines = new ArrayList<>();
        Credentials c = Credentials.load(dir.resolve("site.yaml.credentials"));
        Bundler.Summary s = new Bundler(c, MQTT, Network.ETHERNET, lines::add).bundle(example(), out, List.of());

        assertThat(s).isEqualTo(new Bundler.Summary(1, 1));
        assertThat(lines.get(0)).startsWith("REFUSED    pi-0001: ").contains("holds another password than");
        assertThat(Files.readString(env)).isEqualTo(tampered);
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path rel : files(from)) {
            Path target = to.resolve(rel.toString());
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(rel.toString()), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
