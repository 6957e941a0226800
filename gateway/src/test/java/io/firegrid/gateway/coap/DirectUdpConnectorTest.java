package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectUdpConnectorTest {

    static {
        UdpConfig.register();
    }

    private DirectUdpConnector connector;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        connector = new DirectUdpConnector(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Configuration.createStandardWithoutFile());
        connector.setRawDataReceiver(raw -> { });
        connector.start();
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() {
        connector.destroy();
        peer.close();
    }

    @Test
    void datagramLeavesOnTheSendersThreadBeforeSendReturns() throws Exception {
        Outcome outcome = new Outcome();

        connector.send(RawData.outbound("2.04".getBytes(StandardCharsets.UTF_8),
                new AddressEndpointContext((InetSocketAddress) peer.getLocalSocketAddress()), outcome, false));

        assertThat(outcome.sent).as("sent before send() returned").isDone();
        assertThat(outcome.sent.get()).isSameAs(Thread.currentThread());
        DatagramPacket received = new DatagramPacket(new byte[64], 64);
        peer.receive(received);
        assertThat(new String(received.getData(), 0, received.getLength(), StandardCharsets.UTF_8)).isEqualTo("2.04");
        assertThat(received.getPort()).isEqualTo(connector.getAddress().getPort());
    }

    @Test
    void sendingOnAStoppedConnectorFailsTheMessageInsteadOfLosingItSilently() throws Exception {
        connector.stop();
        Outcome outcome = new Outcome();

        connector.send(RawData.outbound(new byte[] {1}, new AddressEndpointContext((InetSocketAddress) peer.getLocalSocketAddress()),
                outcome, false));

        assertThat(outcome.error.get(5, TimeUnit.SECONDS)).hasMessageContaining("stopped");
        assertThat(outcome.sent).isNotDone();
    }

    /** Records on which thread the datagram was sent, or why it was not. */
    private static final class Outcome implements MessageCallback {
        final CompletableFuture<Thread> sent = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void onConnecting() {
        }

        @Override
        public void onDtlsRetransmission(int flight) {
        }

        @Override
        public void onContextEstablished(EndpointContext context) {
        }

        @Override
        public void onSent() {
            sent.complete(Thread.currentThread());
        }

        @Override
        public void onError(Throwable error) {
            this.error.complete(error);
        }
    }
}
