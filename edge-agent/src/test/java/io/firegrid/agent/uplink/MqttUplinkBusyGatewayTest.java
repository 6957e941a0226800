package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The uplink against a gateway that turns it away for load: it stays away at least the busy floor
 * after each refusal, then connects and sends what was queued meanwhile. Backoff shortened to a
 * 50 ms first window and a 200 ms cap, the busy floor to 600 ms, so a refusal is told apart from
 * an ordinary retry.
 */
class MqttUplinkBusyGatewayTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    private static final Duration BASE = Duration.ofMillis(50);
    private static final Duration CAP = Duration.ofMillis(200);
    private static final Duration BUSY_FLOOR = Duration.ofMillis(600);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private AdmittingGateway gateway;
    private MqttUplink uplink;

    @BeforeEach
    void gateway() throws Exception {
        gateway = new AdmittingGateway();
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        gateway.close();
    }

    private MqttUplink uplink(Duration busyFloor) {
        return new MqttUplink(MqttUplinkOptions.of(URI.create(gateway.uri()), DEVICE, "pw", dir.resolve("mqtt"))
                .withReconnectBase(BASE).withMaxReconnectDelay(CAP).withBusyBackoff(busyFloor));
    }

    private static Event smoke(long seq) {
        return new Event(Instant.now(), seq, "smoke-1", Kind.SMOKE, State.ALARM);
    }

    private static Duration between(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos);
    }

    @ParameterizedTest
    @EnumSource(value = MqttConnectReturnCode.class, names = {"CONNECTION_REFUSED_SERVER_BUSY",
        "CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED", "CONNECTION_REFUSED_QUOTA_EXCEEDED"})
    void staysAwayAtLeastTheBusyFloorAfterEachRefusalThenSendsTheQueuedSmokeAlarm(MqttConnectReturnCode code) {
        // GIVEN a gateway that refuses the next three CONNECTs for load
        gateway.refusesNextConnects(3, code);
        uplink = uplink(BUSY_FLOOR);

        // WHEN the agent starts and a detector goes into alarm before it is connected
        uplink.start();
        uplink.send(smoke(1));

        // THEN it connects on the fourth attempt, each after at least the busy floor
        await().atMost(WAIT).until(uplink::isConnected);
        List<Long> connects = gateway.connects();
        assertThat(connects).hasSize(4);
        for (int i = 1; i < connects.size(); i++) {
            assertThat(between(connects.get(i - 1), connects.get(i))).as("wait before attempt %d", i + 1)
                    .isGreaterThanOrEqualTo(BUSY_FLOOR);
        }
        // and the alarm raised while it was refused arrives once the connection is up
        await().atMost(WAIT).until(() -> !gateway.events().isEmpty());
        assertThat(gateway.events().get(0).seq()).isEqualTo(1);
        assertThat(gateway.events().get(0).state()).isEqualTo(State.ALARM);
        await().atMost(WAIT).until(() -> uplink.undelivered() == 0);
        // and the connection started the backoff afresh: the next loss waits at most the first window
        await().atMost(WAIT).until(() -> uplink.reconnectWindow().equals(BASE));
    }

    @Test
    void staysAwayAtLeastTheBusyFloorAfterTheGatewayDisconnectsItAsBusy() {
        // GIVEN a connected agent
        uplink = uplink(BUSY_FLOOR);
        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);

        // WHEN the gateway's store is overloaded and it disconnects the agent with server busy
        gateway.disconnectsEveryone(MqttDisconnectReasonCode.SERVER_BUSY);
        await().atMost(WAIT).until(() -> !uplink.isConnected());
        uplink.send(smoke(7));

        // THEN the agent comes back no sooner than the busy floor, and sends the alarm
        await().atMost(WAIT).until(() -> gateway.connects().size() == 2);
        assertThat(between(gateway.disconnects().get(0), gateway.connects().get(1))).isGreaterThanOrEqualTo(BUSY_FLOOR);
        await().atMost(WAIT).until(() -> gateway.events().stream().anyMatch(e -> e.seq() == 7));
    }

    @Test
    void reconnectsWithinTheBackoffCapWhenTheLinkIsLostWithoutARefusal() {
        // GIVEN a connected agent whose busy floor is the default 5 s
        uplink = uplink(MqttUplinkOptions.DEFAULT_BUSY_BACKOFF);
        uplink.start();
        await().atMost(WAIT).until(uplink::isConnected);

        // WHEN the gateway drops the connection without a DISCONNECT
        gateway.dropsEveryone();
        uplink.send(smoke(9));

        // THEN the agent is back well before the busy floor would have let it, and the alarm arrives
        await().atMost(WAIT).until(() -> gateway.connects().size() == 2);
        assertThat(between(gateway.disconnects().get(0), gateway.connects().get(1))).isLessThan(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> gateway.events().stream().anyMatch(e -> e.seq() == 9));
    }

    @Test
    void refusedCredentialsAreRetriedWithTheOrdinaryBackoffNotTheBusyFloor() {
        // GIVEN a gateway that refuses the device's password twice (a registration fixed meanwhile)
        gateway.refusesNextConnects(2, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
        uplink = uplink(MqttUplinkOptions.DEFAULT_BUSY_BACKOFF);

        // WHEN the agent starts
        uplink.start();

        // THEN it keeps trying at the backoff's pace, well within one busy floor, and connects
        await().atMost(WAIT).until(uplink::isConnected);
        assertThat(gateway.connects()).hasSize(3);
        assertThat(between(gateway.connects().get(0), gateway.connects().get(2))).isLessThan(Duration.ofSeconds(2));
    }
}
