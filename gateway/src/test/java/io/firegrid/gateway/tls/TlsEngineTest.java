package io.firegrid.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine of the MQTTS and HTTPS servers ({@code FIREGRID_TLS_ENGINE}): BoringSSL where
 * netty-tcnative loads, the JDK's when asked or where it cannot. A device sees the same gateway
 * through either: the same protocols and suites, its event stored and acknowledged.
 */
class TlsEngineTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** The native jars the gateway ships load where it is deployed; a packaging slip would silently cost twice the CPU. */
    @Test
    void boringSslLoadsOnLinuxX86AndArm64() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")), "only shipped for Linux x86-64 and ARM64");

        assertThat(OpenSsl.isAvailable()).as("BoringSSL should load: %s", OpenSsl.unavailabilityCause()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TlsOptions.Engine.class)
    void aDeviceOverEitherEngineIsStoredAndAcknowledged(TlsOptions.Engine engine) throws Exception {
        assumeTrue(engine != TlsOptions.Engine.BORINGSSL || OpenSsl.isAvailable(), "BoringSSL does not load here");
        gw = TestGateway.start(dataDir, c -> c.withTls(TlsOptions.DEFAULTS.withPorts(0, 0).withEngine(engine)));
        gw.registerDevice("t1", "pi-0001");

        assertThat(gw.metric("firegrid_tls_engine", "engine", engine.name().toLowerCase(Locale.ROOT))).isEqualTo(1.0);
        assertThat(gw.metric("firegrid_tls_engine")).as("one engine in use").isEqualTo(1.0);

        MqttClient device = TlsClients.connect(gw.gateway().mqttsPort(), ctx(), "pi-0001@t1", TestGateway.PASSWORD);
        // Paho's publish at QoS 1 returns once the PUBACK came, and the gateway sends it after the commit
        device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1, false);
        device.disconnect();
        device.close();
        assertThat(gw.openAlarmFor("pi-0001", "smoke-1")).isPresent();

        assertThat(protocol(gw.gateway().mqttsPort(), "TLSv1.3", null)).isEqualTo("TLSv1.3");
        assertThat(protocol(gw.gateway().mqttsPort(), "TLSv1.2", null)).isEqualTo("TLSv1.2");
        assertThat(catchThrowable(() -> protocol(gw.gateway().mqttsPort(), "TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))).as("a CBC suite refused").isInstanceOf(SSLHandshakeException.class);
    }

    /** The protocol a handshake offering only {@code protocol} (and only {@code suite}, when not null) agrees on. */
    private String protocol(int port, String protocol, String suite) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                s.setEnabledCipherSuites(new String[] {suite});
            }
            s.startHandshake();
            return s.getSession().getProtocol();
        }
    }

    private SSLContext ctx() throws Exception {
        return TlsClients.context(Files.readString(dataDir.resolve("ca.pem")), null, null);
    }
}
