package io.firegrid.config.siteca;

import io.firegrid.protocol.tls.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A gateway's site CA: the certificate(s) of its {@code ca.pem}, which signs the gateway's TLS
 * certificates (MQTT over TLS, HTTPS). Identified to a person by the SHA-256 fingerprint of its
 * first certificate, which the gateway logs at start-up. {@link #sslContext()} trusts this CA and
 * nothing else; {@link #parameters()} offer TLS 1.2 and 1.3 only. Immutable.
 *
 * @param pem          the PEM text, as written into bundles
 * @param certificates its certificates, at least one
 * @param source       where it came from, for messages (a file, or the gateway's URL)
 */
public record SiteCa(String pem, List<X509Certificate> certificates, String source) {

    /** The file name of the site CA in a bundle and on the gateway ({@code GET /ca.pem}). */
    public static final String FILE_NAME = "ca.pem";
    /** TLS 1.2 and 1.3 only. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public SiteCa {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no certificate");
        }
    }

    /**
     * The CA of a PEM file.
     *
     * @throws IllegalArgumentException if it cannot be read or is not a PEM certificate, saying so
     */
    public static SiteCa read(Path file) {
        try {
            // ISO-8859-1 reads any bytes, so a file that is not PEM is reported as such, not as bad text
            return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the site CA " + file + ": " + e.getMessage(), e);
        }
    }

    /** The CA of PEM text from {@code source}; see {@link #read}. */
    public static SiteCa parse(String pem, String source) {
        List<X509Certificate> certs;
        try {
            certs = Certificates.parse(pem.getBytes(StandardCharsets.ISO_8859_1));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + " is not a PEM certificate (" + e.getMessage()
                    + "); the gateway's site CA starts with -----BEGIN CERTIFICATE-----", e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no certificate; the gateway's site CA starts with "
                    + "-----BEGIN CERTIFICATE-----");
        }
        return new SiteCa(pem.endsWith("\n") ? pem : pem + "\n", certs, source);
    }

    /** SHA-256 of the first certificate, {@code AB:CD:...} as the gateway and {@code openssl x509 -fingerprint} show it. */
    public String fingerprint() {
        return Certificates.fingerprint(certificates.get(0));
    }

    /**
     * Whether {@code expected} is this CA's fingerprint: 64 hex digits, with or without colons,
     * spaces or a {@code SHA256:} prefix, in either case.
     */
    public boolean hasFingerprint(String expected) {
        return normalise(expected).equals(normalise(fingerprint()));
    }

    /** {@code expected} as 64 lower-case hex digits, or null when it is not a SHA-256 fingerprint. */
    public static String normalise(String expected) {
        String s = expected.strip().toLowerCase(Locale.ROOT);
        s = s.startsWith("sha256:") ? s.substring(7) : s.startsWith("sha-256:") ? s.substring(8) : s;
        s = s.replace(":", "").replace(" ", "");
        return s.matches("[0-9a-f]{64}") ? s : null;
    }

    /** The first certificate's subject, for messages. */
    public String subject() {
        return certificates.get(0).getSubjectX500Principal().getName();
    }

    /** A TLS context that trusts this CA only. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, Certificates.trustingOnly(certificates), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot set up TLS with the site CA " + source, e);
        }
    }

    /** TLS 1.2 and 1.3 only; the HTTP client checks the host name itself. */
    public static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        return p;
    }
}
