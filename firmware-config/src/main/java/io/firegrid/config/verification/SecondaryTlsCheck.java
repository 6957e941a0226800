package io.firegrid.config.verification;

import io.firegrid.config.siteca.SiteCa;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@code verify}'s check of a secondary gateway's MQTT over TLS with the CA the bundles carry: a TLS
 * handshake with its {@code ssl://} address, trusting only that CA and checking that the certificate
 * names the host, as the agent does. A secondary whose certificate the CA did not sign, or that names
 * another host, would be refused by every agent bundled so; this says it before the first failover.
 * Blocking, one connection per call.
 */
public final class SecondaryTlsCheck {

    /** How long the connection and the handshake may take. */
    static final int TIMEOUT_MS = 10_000;

    private SecondaryTlsCheck() {
    }

    /**
     * The verdict on {@code mqtt} ({@code ssl://HOST:PORT}) with {@code ca}: null when the handshake
     * succeeded, else why not and what to do.
     */
    public static String problem(URI mqtt, SiteCa ca) {
        String host = mqtt.getHost();
        try (SSLSocket socket = (SSLSocket) ca.sslContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, mqtt.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            SSLParameters p = SiteCa.parameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
            socket.startHandshake();
            return null;
        } catch (SSLHandshakeException e) {
            String why = rootMessage(e);
            if (why.toLowerCase(Locale.ROOT).contains("no subject alternative") || why.contains("No name matching")) {
                return "its certificate does not name " + host + " (" + why + "): agents reaching it at " + mqtt
                        + " will refuse it; add " + host + " to the secondary's FIREGRID_TLS_HOSTNAMES, or write the "
                        + "name its certificate has in 'secondary: mqtt'";
            }
            return "its certificate is not signed by the CA " + ca.source() + " (" + why + "): agents bundled with it "
                    + "will refuse the secondary; put the secondary's own ca.pem (its GET /ca.pem) at 'secondary: ca', "
                    + "then bundle again";
        } catch (IOException e) {
            return "cannot reach " + mqtt + " (" + e.getMessage() + "): is the secondary's MQTT over TLS on, and that "
                    + "port open from here?";
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
            if (c instanceof CertificateException) {
                break;
            }
        }
        return String.valueOf(c.getMessage());
    }
}
