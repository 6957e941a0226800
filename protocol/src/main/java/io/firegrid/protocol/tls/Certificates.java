package io.firegrid.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the gateway, the edge agent and the installer's tool all do with the site CA: read its PEM
 * certificates, show its SHA-256 fingerprint the way {@code openssl x509 -fingerprint -sha256}
 * does, and trust it alone. Each caller words its own errors.
 */
public final class Certificates {

    private Certificates() {
    }

    /** The X.509 certificates of PEM (or DER) bytes, in order; empty when there is none. */
    public static List<X509Certificate> parse(byte[] pem) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** SHA-256 of the DER encoding, as colon-separated upper-case hex ({@code AB:CD:...}). */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Trust managers that trust {@code cas} and nothing else (not the JVM's public CAs). */
    public static TrustManager[] trustingOnly(List<X509Certificate> cas) throws GeneralSecurityException {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trusted.setCertificateEntry("site-ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return tmf.getTrustManagers();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store: " + e.getMessage(), e);
        }
    }
}
