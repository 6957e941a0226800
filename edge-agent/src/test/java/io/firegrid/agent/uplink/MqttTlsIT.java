package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.app.AgentConfig;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.MessageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent ({@code firegrid-edge-agent run}, mock pins, in a process of its own) over MQTT over
 * TLS to a real broker (Debian mosquitto with a TLS listener whose certificate a test site CA
 * signed), trusting only the CA named by {@code FIREGRID_MQTT_CA}. An independent Paho subscriber
 * on the broker's plain loopback listener stands in for the gateway's side.
 */
class MqttTlsIT {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final String PASSWORD = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MessageCodec codec = new MessageCodec();
    private final List<Event> observed = new CopyOnWriteArrayList<>();
    private final List<Process> agents = new ArrayList<>();

    @TempDir
    Path dir;

    private TestPki site;
    private Mosquitto broker;
    private MqttAsyncClient observer;

    @BeforeEach
    void siteCaAndBroker() throws Exception {
        assertThat(Mosquitto.installed()).as("needs Debian's mosquitto (mosquitto, mosquitto_passwd): ./firegrid test installs it").isTrue();
        site = TestPki.create(dir.resolve("site-ca"), "FireGrid test site CA");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : agents) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (observer != null) {
            observer.disconnectForcibly(0, 1000, false);
            observer.close(true);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void publishesTheEventsOverSslTrustingTheSiteCa() throws Exception {
        startBroker(site.issue("gateway", "IP:127.0.0.1", "DNS:localhost"));

        Process agent = agent(site.caPem(), dir.resolve("agent"), "agent.log");

        await().atMost(WAIT).until(() -> observed.stream().anyMatch(e -> e.sensor().equals("smoke-1")));
        assertThat(log("agent.log")).contains("trusting only the site CA " + site.caPem())
                .contains("connected to " + broker.tlsUri());
        assertThat(agent.isAlive()).isTrue();
        assertThat(broker.log()).contains("New client connected").contains(DEVICE.authId());
    }

    @Test
    void refusesAGatewaySignedByAnotherCaSaysWhyKeepsRetryingAndDeliversOnceTheRightCaIsGiven() throws Exception {
        startBroker(site.issue("gateway", "IP:127.0.0.1"));
        Path otherCa = TestPki.create(dir.resolve("other-ca"), "Another site's CA").caPem();
        Path data = dir.resolve("agent");

        Process wrong = agent(otherCa, data, "wrong.log");

        String refused = "the gateway's certificate is not signed by the site CA in " + otherCa;
        await().atMost(WAIT).until(() -> count(log("wrong.log"), refused) >= 2);
        assertThat(wrong.isAlive()).as("keeps running and retrying").isTrue();
        assertThat(log("wrong.log")).contains("bundle it again").doesNotContain("Exception in thread");
        assertThat(observed).isEmpty();
        Path outbox = data.resolve("mqtt/outbox.log");
        assertThat(Files.size(outbox)).as("the start-up events wait in the outbox").isPositive();
        stopAgent(wrong);

        agent(site.caPem(), data, "right.log");

        // the first agent's start-up report (kept in the outbox) and the second's both arrive
        await().atMost(WAIT).until(() -> observed.stream().filter(e -> e.sensor().equals("smoke-1"))
                .mapToLong(Event::seq).distinct().count() >= 2);
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHostItConnectedTo() throws Exception {
        startBroker(site.issue("gateway", "DNS:gateway.elsewhere.example"));

        Process agent = agent(site.caPem(), dir.resolve("agent"), "agent.log");

        await().atMost(WAIT).until(() -> log("agent.log").contains("the gateway's certificate does not name the host in "
                + AgentConfig.MQTT_URI));
        assertThat(agent.isAlive()).isTrue();
        assertThat(observed).isEmpty();
    }

    @Test
    void refusesToStartWithACaAndAPlainTcpUri() throws Exception {
        startBroker(site.issue("gateway", "IP:127.0.0.1"));
        Process agent = launch(Map.of(AgentConfig.MQTT_URI, broker.uri(), AgentConfig.MQTT_CA, site.caPem().toString()),
                dir.resolve("agent"), "agent.log");

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(log("agent.log")).contains(AgentConfig.MQTT_CA + " is set but " + AgentConfig.MQTT_URI + " is "
                + broker.uri() + ", which is not TLS: use ssl://127.0.0.1:8883");
    }

    @Test
    void presentsTheDevicesClientCertificateWhenTheGatewayAsksForOne() throws Exception {
        TestPki.Issued server = site.issue("gateway", "IP:127.0.0.1");
        TestPki.Issued device = site.issueClient("pi-0042");
        broker = Mosquitto.prepareTlsWithClientCertificates(dir.resolve("broker"), DEVICE.authId(), PASSWORD, server);
        broker.start();
        observe();

        agent(site.caPem(), dir.resolve("no-cert"), "no-cert.log");
        await().atMost(WAIT).until(() -> log("no-cert.log").contains("cannot connect to " + broker.tlsUri()
                + " [tenant: t1, device: pi-0042]: the gateway asks for a client certificate"));
        Process withCert = launch(Map.of(AgentConfig.MQTT_URI, broker.tlsUri(), AgentConfig.MQTT_CA, site.caPem().toString(),
                AgentConfig.MQTT_CLIENT_CERT, device.certPem().toString(), AgentConfig.MQTT_CLIENT_KEY, device.keyPem().toString()),
                dir.resolve("agent"), "agent.log");

        await().atMost(WAIT).until(() -> observed.stream().anyMatch(e -> e.sensor().equals("smoke-1")));
        assertThat(log("agent.log")).contains("client certificate " + device.certPem());
        assertThat(withCert.isAlive()).isTrue();
        assertThat(log("no-cert.log")).doesNotContain("connected to " + broker.tlsUri());
    }

    private void startBroker(TestPki.Issued server) throws Exception {
        broker = Mosquitto.prepareTls(dir.resolve("broker"), DEVICE.authId(), PASSWORD, server);
        broker.start();
        observe();
    }

    /** {@code run} with the site CA {@code ca}, over the broker's TLS listener. */
    private Process agent(Path ca, Path data, String logName) throws IOException {
        return launch(Map.of(AgentConfig.MQTT_URI, broker.tlsUri(), AgentConfig.MQTT_CA, ca.toString()), data, logName);
    }

    private Process launch(Map<String, String> mqtt, Path data, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "io.firegrid.agent.app.Main", "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FIREGRID_"));
        env.put(AgentConfig.TENANT, DEVICE.tenant());
        env.put(AgentConfig.DEVICE, DEVICE.device());
        env.put(AgentConfig.PASSWORD, PASSWORD);
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, data.toString());
        env.putAll(mqtt);
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    /** SIGTERM, as systemd stops it: the agent closes its outbox and exits. */
    private static void stopAgent(Process p) throws InterruptedException {
        p.destroy();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("agent stopped on SIGTERM").isTrue();
    }

    private String log(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** A subscriber on {@code event} over the broker's plain loopback listener. */
    private void observe() throws MqttException {
        observer = new MqttAsyncClient(broker.uri(), "observer", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("observer");
        o.setPassword("observer".getBytes(StandardCharsets.UTF_8));
        observer.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse r) { }
            @Override public void mqttErrorOccurred(MqttException e) { }
            @Override public void messageArrived(String topic, MqttMessage m) {
                observed.add(codec.decodeEvent(m.getPayload()));
            }
            @Override public void deliveryComplete(IMqttToken t) { }
            @Override public void connectComplete(boolean reconnect, String uri) { }
            @Override public void authPacketArrived(int rc, MqttProperties p) { }
        });
        observer.connect(o).waitForCompletion(10_000);
        observer.subscribe("event", 1).waitForCompletion(10_000);
    }
}
