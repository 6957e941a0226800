package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.config.siteca.SiteCa;
import io.firegrid.config.siteca.TestPki;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.tls.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secondary gateway with MQTT over TLS and a site CA of its own, named in the inventory
 * ({@code secondary: ca:}): bundle carries it to the agents, verify checks the secondary's TLS with
 * it, against a real gateway with TLS on.
 */
class DualPathTlsSecondaryTest {

    @TempDir
    Path dir;

    private TestGateway primary;
    private TestGateway secondary;
    private Path site;
    private String secondaryMqtt;

    @BeforeEach
    void aPlainPrimaryAndASecondaryOverTlsNamedWithItsCa() throws Exception {
        primary = TestGateway.start(dir.resolve("gw1"));
        secondary = TestGateway.start(dir.resolve("gw2"), c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, -1)));
        secondaryMqtt = "ssl://localhost:" + secondary.gateway().ports().mqtts();
        site = dir.resolve("site.yaml");
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
        String yaml = Files.readString(site);
        Files.writeString(site, yaml.replace("    captains: [zhao-min]\n", "    captains: [zhao-min]\n    secondary: {gateway: \""
                + secondary.uri("") + "\", mqtt: \"" + secondaryMqtt + "\", ca: secondary-ca.pem}\n"));
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
    }

    @Test
    void bundleCarriesTheSecondarysCaAndTheAgentsSettingNamesIt() throws Exception {
        Files.copy(dir.resolve("gw2/ca.pem"), dir.resolve("secondary-ca.pem"));

        Cli b = Cli.run("bundle", site.toString(), "--mqtt", primary.mqttUri(), "--out", dir.resolve("bundles").toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        SiteCa ca = SiteCa.read(dir.resolve("gw2/ca.pem"));
        assertThat(b.out()).contains("bundled    pi-0001 -> ", ", secondary " + secondaryMqtt + " with its CA " + ca.fingerprint());
        Path pi1 = dir.resolve("bundles/pi-0001/firegrid");
        assertThat(Files.readString(pi1.resolve("agent.env")))
                .contains("FIREGRID_SECONDARY_MQTT_URI=" + secondaryMqtt + "\n")
                .contains("FIREGRID_SECONDARY_MQTT_CA=/etc/firegrid/secondary-ca.pem\n");
        assertThat(Files.readString(pi1.resolve("secondary-ca.pem"))).isEqualTo(Files.readString(dir.resolve("gw2/ca.pem")));
        assertThat(Files.getPosixFilePermissions(pi1.resolve("secondary-ca.pem")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        // and the bundled CA is what the device needs: its login on the secondary over TLS, trusting only that CA
        assertThat(Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN).exit()).isZero();
        MqttClient device = new MqttClient(secondaryMqtt, "pi-0001@t1", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("pi-0001@t1");
        o.setPassword(password("pi-0001@t1").getBytes(StandardCharsets.UTF_8));
        o.setSocketFactory(SiteCa.read(pi1.resolve("secondary-ca.pem")).sslContext().getSocketFactory());
        o.setHttpsHostnameVerificationEnabled(true);
        device.connect(o);
        assertThat(device.isConnected()).isTrue();
        device.disconnect();
        device.close();
    }

    @Test
    void verifyChecksTheSecondaryOverTlsWithItsCa() throws Exception {
        Files.copy(dir.resolve("gw2/ca.pem"), dir.resolve("secondary-ca.pem"));
        assertThat(Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN).exit()).isZero();

        Cli v = verify();

        assertThat(v.out()).contains("PASS  secondary " + secondaryMqtt + ": TLS with its CA "
                + SiteCa.read(dir.resolve("gw2/ca.pem")).fingerprint());
    }

    @Test
    void verifyFailsASecondaryWhoseCertificateTheNamedCaDidNotSign() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other-ca"), "Another site CA");
        Files.copy(other.caPem(), dir.resolve("secondary-ca.pem"));
        assertThat(Cli.run("register", site.toString(), "--gateway", primary.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN).exit()).isZero();

        Cli v = verify();

        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("FAIL  secondary " + secondaryMqtt + ": its certificate is not signed by the CA "
                + dir.resolve("secondary-ca.pem"))
                .contains("agents bundled with it will refuse the secondary; put the secondary's own ca.pem");
    }

    @Test
    void aNamedCaThatIsMissingRefusesTheBundleSayingWhatToDo() throws Exception {
        Cli b = Cli.run("bundle", site.toString(), "--mqtt", primary.mqttUri(), "--out", dir.resolve("bundles").toString());

        assertThat(b.exit()).isNotZero();
        assertThat(b.out()).contains("REFUSED    pi-0001: the CA of the secondary gateway " + secondary.uri(""))
                .contains("copy the secondary's ca.pem there");
        assertThat(dir.resolve("bundles/pi-0001/firegrid/agent.env")).doesNotExist();
    }

    private Cli verify() {
        return Cli.run("verify", site.toString(), "--gateway", primary.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "1", "--interval-ms", "100");
    }

    private String password(String authId) throws Exception {
        return Files.readString(dir.resolve("site.yaml.credentials")).lines().filter(l -> l.startsWith(authId + "="))
                .findFirst().orElseThrow().substring(authId.length() + 1);
    }
}
