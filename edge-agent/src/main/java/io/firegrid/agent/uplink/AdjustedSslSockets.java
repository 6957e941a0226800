package io.firegrid.agent.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of another TLS socket factory, each adjusted before it is handed out: the site's
 * TLS versions only ({@link SiteTrust}), {@code TCP_NODELAY} ({@link NoDelaySockets}). The wrapped
 * factory still does the handshake and checks the peer as before.
 */
final class AdjustedSslSockets extends SSLSocketFactory {

    /** What is done to each socket; it may throw as socket options do. */
    @FunctionalInterface
    interface Adjustment {
        Socket apply(Socket socket) throws IOException;
    }

    private final SSLSocketFactory tls;
    private final Adjustment adjustment;

    AdjustedSslSockets(SSLSocketFactory tls, Adjustment adjustment) {
        this.tls = tls;
        this.adjustment = adjustment;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return adjustment.apply(tls.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return adjustment.apply(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return adjustment.apply(tls.createSocket(s, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return adjustment.apply(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return adjustment.apply(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return adjustment.apply(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return adjustment.apply(tls.createSocket(address, port, localAddress, localPort));
    }
}
