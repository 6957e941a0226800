package io.firegrid.agent.uplink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories for Paho whose sockets send at once ({@code TCP_NODELAY}): Paho 1.2.5 leaves
 * Nagle's algorithm on. With it, of the PUBLISHes the uplink writes in a row only the first
 * leaves until the gateway acknowledges it at the TCP level, and the gateway's TCP acknowledges
 * with its next write: the PUBACK, which goes out only once the message is durably stored. So
 * every window of PUBLISHes was sent in two halves, the first message alone and then the rest,
 * each waiting for its own commit and fsync in the gateway (bench/README.md, {@code agent},
 * "Fourth round"). A broker that answers at once (Mosquitto) hides this.
 */
final class NoDelaySockets {

    private NoDelaySockets() {
    }

    /** Plain TCP ({@code tcp://}). */
    static SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return noDelay(new Socket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(new Socket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(new Socket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(new Socket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return noDelay(new Socket(address, port, localAddress, localPort));
            }
        };
    }

    /** TLS ({@code ssl://}) through {@code tls}, which checks the gateway's certificate as before. */
    static SSLSocketFactory over(SSLSocketFactory tls) {
        return new AdjustedSslSockets(tls, NoDelaySockets::noDelay);
    }

    private static Socket noDelay(Socket s) throws SocketException {
        s.setTcpNoDelay(true);
        return s;
    }
}
