package io.firegrid.agent.uplink;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.tls.Certificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The site CA an agent trusts for MQTT over TLS, read from a PEM file (the gateway's
 * {@code ca.pem}, bundled by {@code firegrid config bundle}). Its {@link #socketFactory()} trusts
 * only the certificates in that file, not the JVM's public CAs, and speaks TLS 1.2 and 1.3 only;
 * the host name is checked by Paho ({@code setHttpsHostnameVerificationEnabled(true)}). Built with
 * the JDK alone ({@link CertificateFactory}, {@link KeyStore}, {@link TrustManagerFactory}).
 * Immutable and thread-safe.
 */
public final class SiteTrust {

    /** The TLS versions offered to the gateway. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Path file;
    private final List<X509Certificate> certificates;
    private final SSLSocketFactory factory;
    private final Path clientCert;

    private SiteTrust(Path file, List<X509Certificate> certificates, SSLSocketFactory factory, Path clientCert) {
        this.file = file;
        this.certificates = certificates;
        this.factory = factory;
        this.clientCert = clientCert;
    }

    /**
     * Reads the CA certificates of {@code pem}.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-ca} if the file cannot be read or holds no
     *         certificate, with what to do
     */
    public static SiteTrust load(Path pem) {
        return load(pem, null, null);
    }

    /**
     * Reads the CA certificates of {@code pem} and, when {@code clientCert} is not null, the
     * device's own certificate (chain, PEM) and its unencrypted PKCS#8 key ({@code BEGIN PRIVATE
     * KEY}, EC or RSA), presented when the gateway asks for one.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-ca} or {@code bad-client-cert} with what to do
     */
    public static SiteTrust load(Path pem, Path clientCert, Path clientKey) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pem);
        } catch (IOException e) {
            throw FireGridException.badRequest("bad-ca", "cannot read the site CA " + pem + " (" + e
                    + "): copy the gateway's ca.pem there (firegrid config bundle puts it in each bundle)");
        }
        List<X509Certificate> certs;
        try {
            certs = Certificates.parse(bytes);
        } catch (CertificateException e) {
            throw FireGridException.badRequest("bad-ca", pem + " is not a PEM certificate (" + e.getMessage()
                    + "): use the gateway's ca.pem, which starts with -----BEGIN CERTIFICATE-----");
        }
        if (certs.isEmpty()) {
            throw FireGridException.badRequest("bad-ca", pem + " holds no certificate: use the gateway's ca.pem, "
                    + "which starts with -----BEGIN CERTIFICATE-----");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientCert == null ? null : ClientKeys.keyManagers(clientCert, clientKey),
                    Certificates.trustingOnly(certs), null);
            return new SiteTrust(pem, List.copyOf(certs), new AdjustedSslSockets(context.getSocketFactory(), SiteTrust::protocolsOnly), clientCert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot set up TLS with the site CA " + pem, e);
        }
    }

    /** The PEM file this was read from. */
    public Path file() {
        return file;
    }

    /** The device's client certificate file, or null when it has none. */
    public Path clientCertificate() {
        return clientCert;
    }

    /** Sockets that trust only the site CA, TLS 1.2 and 1.3 only. */
    public SSLSocketFactory socketFactory() {
        return factory;
    }

    /** The SHA-256 fingerprint of the (first) CA certificate, as {@code AB:CD:...}, to compare with the gateway's. */
    public String fingerprint() {
        return Certificates.fingerprint(certificates.get(0));
    }

    @Override
    public String toString() {
        return file + " (" + certificates.get(0).getSubjectX500Principal().getName() + ", SHA-256 "
                + fingerprint() + ")" + (clientCert == null ? "" : ", client certificate " + clientCert);
    }

    /** Every socket made offers TLS 1.2 and 1.3 only, whatever the JVM's defaults. */
    private static Socket protocolsOnly(Socket s) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(PROTOCOLS.toArray(String[]::new));
        }
        return s;
    }
}
