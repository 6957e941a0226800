package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bound on TLS handshakes in progress on one event loop: the sockets beyond wait unread and
 * start in order as handshakes end, and a socket closed while it waited takes no slot.
 */
class HandshakeGateTest {

    private SslContext server;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeEach
    void context() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost", "EC", 256);
        server = SslContextBuilder.forServer(cert.key(), cert.cert()).sslProvider(SslProvider.JDK).build();
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void atMostTheBoundHandshakeAtOnceTheRestWaitUnreadAndStartInOrder() {
        HandshakeGate gate = new HandshakeGate();
        int n = HandshakeGate.MAX_IN_PROGRESS + 3;
        for (int i = 0; i < n; i++) {
            enter(gate);
        }

        for (int i = 0; i < n; i++) {
            boolean started = i < HandshakeGate.MAX_IN_PROGRESS;
            assertThat(hasTls(i)).as("socket %d has its TLS handler", i).isEqualTo(started);
            assertThat(channels.get(i).config().isAutoRead()).as("socket %d is read", i).isEqualTo(started);
        }
        assertThat(gate.waiting()).isEqualTo(3);

        // the client of the first goes away mid-handshake: its slot goes to the first that waited
        channels.get(0).close();
        assertThat(hasTls(HandshakeGate.MAX_IN_PROGRESS)).isTrue();
        assertThat(channels.get(HandshakeGate.MAX_IN_PROGRESS).config().isAutoRead()).isTrue();
        assertThat(hasTls(HandshakeGate.MAX_IN_PROGRESS + 1)).isFalse();
        assertThat(gate.waiting()).isEqualTo(2);
    }

    @Test
    void aSocketClosedWhileItWaitedIsSkippedAndTakesNoSlot() {
        HandshakeGate gate = new HandshakeGate();
        for (int i = 0; i < HandshakeGate.MAX_IN_PROGRESS + 2; i++) {
            enter(gate);
        }
        int gone = HandshakeGate.MAX_IN_PROGRESS;
        channels.get(gone).close(); // the CONNECT deadline, say, while it waited
        assertThat(gate.waiting()).as("out of the queue as it closed").isEqualTo(1);

        channels.get(0).close();

        assertThat(hasTls(gone)).as("never started").isFalse();
        assertThat(hasTls(gone + 1)).as("the next that waited got the slot").isTrue();
        assertThat(gate.waiting()).isZero();

        // and the slots are all there: one more handshake ending lets one more socket in
        enter(gate);
        assertThat(hasTls(channels.size() - 1)).as("every slot taken: it waits").isFalse();
        channels.get(1).close();
        assertThat(hasTls(channels.size() - 1)).isTrue();
    }

    /**
     * A handshake that has held its slot for {@link HandshakeGate#SLOT_MILLIS} (its client slow, or
     * sending its ClientHello a byte at a time to hold slots) gives the slot to the next socket and
     * goes on outside the gate.
     */
    @Test
    void aHandshakeHoldsItsSlotForALimitedTimeOnly() {
        HandshakeGate gate = new HandshakeGate();
        for (int i = 0; i < HandshakeGate.MAX_IN_PROGRESS + 1; i++) {
            enter(gate);
        }
        int next = HandshakeGate.MAX_IN_PROGRESS;
        assertThat(hasTls(next)).isFalse();

        later(HandshakeGate.SLOT_MILLIS - 1);
        assertThat(hasTls(next)).as("within the slot time, every slot is still held").isFalse();

        later(1);
        assertThat(hasTls(next)).as("the slots' time is up: the next socket starts").isTrue();
        assertThat(channels.get(next).config().isAutoRead()).isTrue();
        assertThat(hasTls(0)).as("the overdue handshakes go on").isTrue();
        assertThat(gate.waiting()).isZero();
    }

    /** Each socket's clock moved on by {@code millis}, and what fell due run. */
    private void later(long millis) {
        for (EmbeddedChannel c : new ArrayList<>(channels)) {
            c.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
            c.runPendingTasks();
        }
    }

    private void enter(HandshakeGate gate) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channels.add(channel);
        SslHandler ssl = server.newHandler(channel.alloc());
        gate.enter(channel, ssl);
    }

    private boolean hasTls(int i) {
        return channels.get(i).pipeline().get(SslHandler.class) != null;
    }
}
