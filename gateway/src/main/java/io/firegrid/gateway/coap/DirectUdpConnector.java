package io.firegrid.gateway.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.UdpEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.EndpointMismatchException;

/**
 * Californium's plain UDP connector, sending each datagram on the thread that sends it (the
 * adapter's context, where Californium's stack runs) instead of queueing it for a sender thread.
 * A 2.04 then leaves in the task that completed its request: one thread wake-up fewer per request.
 *
 * <p>A UDP send does not wait for the peer: the kernel copies the datagram into the socket's send
 * buffer and returns (on loopback it lands in the receiver's buffer, or is dropped there), so this
 * costs the context a system call, not a wait. Receiving is unchanged (Californium's receiver thread).
 * The sender thread Californium starts anyway stays idle.
 */
final class DirectUdpConnector extends UDPConnector {

    private volatile DatagramSocket socket;
    private volatile EndpointContextMatcher matcher;

    DirectUdpConnector(InetSocketAddress address, Configuration config) {
        super(address, config);
    }

    @Override
    protected void init(DatagramSocket socket) throws IOException {
        super.init(socket);
        this.socket = socket;
    }

    @Override
    public void stop() {
        socket = null;
        super.stop();
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        super.setEndpointContextMatcher(matcher);
        this.matcher = matcher;
    }

    /** As Californium's sender thread does it, on the caller's thread. */
    @Override
    public void send(RawData raw) {
        if (raw == null) {
            throw new NullPointerException("Message must not be null");
        }
        DatagramSocket s = socket;
        if (s == null || !isRunning()) {
            raw.onError(new IOException("the CoAP endpoint is stopped"));
            return;
        }
        InetSocketAddress peer = raw.getEndpointContext().getPeerAddress();
        EndpointContext connection = new UdpEndpointContext(peer);
        EndpointContextMatcher m = matcher;
        if (m != null && !m.isToBeSent(raw.getEndpointContext(), connection)) {
            raw.onError(new EndpointMismatchException());
            return;
        }
        try {
            raw.onContextEstablished(connection);
            s.send(new DatagramPacket(raw.getBytes(), raw.getSize(), peer));
            raw.onSent();
        } catch (IOException e) {
            raw.onError(e);
        }
    }
}
