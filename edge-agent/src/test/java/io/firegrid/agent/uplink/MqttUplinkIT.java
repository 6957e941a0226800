package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.State;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The uplink against a real MQTT 5 broker (Debian mosquitto) and an independent Paho subscriber.
 * The broker stands in for the gateway: it checks {@code device@tenant} and the password, and
 * forwards what the device publishes on {@code event}.
 */
class MqttUplinkIT {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    private Mosquitto broker;
    private MqttUplink uplink;
    private MqttAsyncClient observer;
    private final List<Event> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void broker() throws Exception {
        assertThat(Mosquitto.installed()).as("needs Debian's mosquitto (mosquitto, mosquitto_passwd): ./firegrid test installs it").isTrue();
        broker = Mosquitto.prepare(dir.resolve("broker"), DEVICE.authId(), "s3cret");
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        if (observer != null) {
            observer.disconnectForcibly(0, 1000, false);
            observer.close(true);
        }
        if (broker != null) {
            broker.close();
        }
    }

    private MqttUplink uplink(String password) {
        return new MqttUplink(MqttUplinkOptions.of(java.net.URI.create(broker.uri()), DEVICE, password,
                dir.resolve("agent/mqtt")).withMaxReconnectDelay(Duration.ofSeconds(1)));
    }

    private static Event event(long seq, State state) {
        return new Event(Instant.now(), seq, "smoke-1", Kind.SMOKE, state);
    }

    /** A subscriber on {@code event} whose session the broker keeps while it or the broker is down. */
    private void observe() throws MqttException {
        observer = new MqttAsyncClient(broker.uri(), "observer", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("observer");
        o.setPassword("observer".getBytes());
        o.setCleanStart(false);
        o.setSessionExpiryInterval(600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
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

    @Test
    void publishesEventsWithQos1AsDeviceAtTenant() throws Exception {
        broker.start();
        observe();
        uplink = uplink("s3cret");

        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);
        uplink.send(event(1, State.ALARM));

        await().atMost(WAIT).until(() -> observed.size() == 1);
        assertThat(observed.get(0).seq()).isEqualTo(1);
        assertThat(observed.get(0).state()).isEqualTo(State.ALARM);
    }

    @Test
    void holdsEventsSentBeforeTheFirstConnectionAndSendsThemInOrder() throws Exception {
        uplink = uplink("s3cret");
        uplink.start();
        uplink.send(event(1, State.ALARM));
        uplink.send(event(2, State.NORMAL));

        broker.start();
        observe();

        await().atMost(WAIT).until(() -> observed.size() == 2);
        assertThat(observed).extracting(Event::seq).containsExactly(1L, 2L);
    }

    @Test
    void buffersEventsWhileTheGatewayIsDownAndDeliversThemAfterReconnecting() throws Exception {
        broker.start();
        observe();
        uplink = uplink("s3cret");
        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);
        uplink.send(event(1, State.ALARM));
        await().atMost(WAIT).until(() -> observed.size() == 1);

        broker.stop();
        await().atMost(WAIT).until(() -> !uplink.isConnected());
        uplink.send(event(2, State.NORMAL));
        uplink.send(event(3, State.ALARM));
        broker.start();

        await().atMost(WAIT).until(() -> observed.size() == 3);
        assertThat(observed).extracting(Event::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void eventsBufferedWhenTheAgentStopsGoOutAfterItsNextStart() throws Exception {
        broker.start();
        observe();
        uplink = uplink("s3cret");
        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);
        broker.stop();
        await().atMost(WAIT).until(() -> !uplink.isConnected());
        uplink.send(event(7, State.ALARM));
        uplink.close();

        broker.start();
        uplink = uplink("s3cret");
        uplink.start();

        await().atMost(WAIT).until(() -> observed.size() == 1);
        assertThat(observed.get(0).seq()).isEqualTo(7);
    }

    @Test
    void wrongPasswordNeverConnects() throws Exception {
        broker.start();
        uplink = uplink("wrong");

        uplink.start();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !uplink.isConnected());
    }

    @Test
    void closingWhileReconnectingLeavesNoPahoThreadBehind() throws Exception {
        broker.start();
        uplink = uplink("s3cret");
        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);
        broker.stop();
        await().atMost(WAIT).until(() -> !uplink.isConnected());

        uplink.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.isAlive() && t.getName().contains(DEVICE.authId()) && !t.isDaemon())
                .extracting(Thread::getName).isEmpty());
    }
}
