package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.AmqpPeerClient;
import io.firegrid.gateway.support.ArtemisBroker;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amqps://} to Hono's AMQP adapter, played by Artemis with a TLS-only acceptor whose key and
 * self-signed certificate {@code keytool} generates for the test: a gateway that trusts the
 * certificate (the JVM trust store, as docs/hono.md says) forwards over TLS; one that does not
 * never connects and keeps the event buffered.
 */
class HonoTlsIT {

    static final String GATEWAY = "gw-1@t1";
    static final String SECRET = "gateway-secret";
    static final String STORE_PASSWORD = "store-secret";

    @TempDir
    Path brokerDir;
    @TempDir
    Path keys;
    @TempDir
    Path trustingData;
    @TempDir
    Path untrustingData;

    @Test
    void forwardsOverTlsToATrustedAdapterAndNotToAnUntrustedOne() throws Exception {
        Path keyStore = keys.resolve("broker.p12");
        Path trustStore = keys.resolve("trust.p12");
        generateKeys(keyStore, trustStore);
        Path log = Path.of("target", "it-logs", "hono-tls.log");
        try (ArtemisBroker artemis = ArtemisBroker.create(brokerDir, GATEWAY, SECRET)) {
            int tlsPort = artemis.addTlsAcceptor(keyStore, STORE_PASSWORD);
            artemis.start();
            Map<String, String> hono = Map.of("FIREGRID_HONO_URI", "amqps://127.0.0.1:" + tlsPort,
                    "FIREGRID_HONO_USERNAME", GATEWAY, "FIREGRID_HONO_PASSWORD", SECRET,
                    "FIREGRID_HONO_RECONNECT_MIN_MS", "200", "FIREGRID_HONO_RECONNECT_MAX_MS", "1000");
            java.util.HashMap<String, String> trusting = new java.util.HashMap<>(hono);
            trusting.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath()
                    + " -Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD + " -Djavax.net.ssl.trustStoreType=PKCS12");

            // GIVEN a gateway trusting the adapter's certificate, WHEN a device sends a smoke alarm
            try (GatewayProcess gw = GatewayProcess.start(trustingData, log, trusting);
                 AmqpPeerClient platform = AmqpPeerClient.connect(artemis.port(), GATEWAY, SECRET)) {
                HttpCalls http = new HttpCalls(gw.httpPort());
                await().atMost(Duration.ofSeconds(30)).until(() -> hono(http).getBoolean("connected"));
                http.registerDevice("t1", "pi-1");
                try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                    assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
                }
                // THEN the event and its alarm arrive through the TLS acceptor
                List<Message> events = platform.receive("event/t1/pi-1", 2, Duration.ofSeconds(30));
                assertThat(events).extracting(Message::getContentType)
                        .containsExactly(HonoConnector.EVENT_TYPE, HonoConnector.ALARM_TYPE);
                assertThat(body(events.get(0))).isEqualTo(new String(Bodies.smoke(1, "smoke-1", "alarm"), StandardCharsets.UTF_8));
            }

            // GIVEN a gateway that does not trust the certificate, WHEN a device sends a smoke alarm
            try (GatewayProcess gw = GatewayProcess.start(untrustingData, log, hono)) {
                HttpCalls http = new HttpCalls(gw.httpPort());
                http.registerDevice("t1", "pi-2");
                try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-2@t1", TestGateway.PASSWORD)) {
                    assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).accepted()).isTrue();
                }
                // THEN the device is acknowledged all the same, the event waits, and no connection is made
                await().atMost(Duration.ofSeconds(10)).until(() -> hono(http).getJsonObject("buffered").getLong("event") == 1);
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                        .until(() -> !hono(http).getBoolean("connected"));
                assertThat(hono(http).getJsonObject("buffered").getLong("event")).isEqualTo(1);
            }
        }
    }

    private static JsonObject hono(HttpCalls http) throws Exception {
        return new JsonObject(http.get("/health").body()).getJsonObject("hono");
    }

    /** A self-signed key pair for 127.0.0.1 in {@code keyStore}, its certificate alone in {@code trustStore}. */
    private static void generateKeys(Path keyStore, Path trustStore) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = keyStore.resolveSibling("broker.crt");
        run(List.of(keytool, "-genkeypair", "-alias", "adapter", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD));
        run(List.of(keytool, "-exportcert", "-alias", "adapter", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString()));
        run(List.of(keytool, "-importcert", "-noprompt", "-alias", "adapter", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String body(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }
}
