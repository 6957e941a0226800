package io.firegrid.gateway.tls;

import io.firegrid.gateway.storage.PrivateFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site CA a gateway makes for itself when no certificate is configured: an ECDSA P-256 CA in
 * {@code $FIREGRID_DATA_DIR/ca.pem} (public, what devices and browsers trust) with its key in
 * {@code ca-key.pem} (mode 600), and a server certificate it signs in {@code server.pem} /
 * {@code server-key.pem} (mode 600) naming localhost, 127.0.0.1, ::1, the host name and
 * {@code FIREGRID_TLS_HOSTNAMES}. Made on first start, reused afterwards; the server certificate is
 * made anew when its names change or it has less than {@value #RENEW_DAYS} days left. It also signs
 * device client certificates ({@code CN={device}@{tenant}}).
 *
 * <p>Thread-safe after {@link #open}: issuing reads only immutable fields.
 */
public final class SiteCa {

    private static final Logger LOG = LoggerFactory.getLogger(SiteCa.class);

    /** Validity of the site CA: devices carry it for their whole life. */
    public static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    /** Validity of the generated server certificate; renewed at start when close to its end. */
    public static final Duration SERVER_VALIDITY = Duration.ofDays(2 * 365);
    /** Validity of an issued device certificate. */
    public static final Duration DEVICE_VALIDITY = Duration.ofDays(5 * 365);
    static final int RENEW_DAYS = 30;

    static final String CA_FILE = "ca.pem";
    static final String CA_KEY_FILE = "ca-key.pem";
    static final String SERVER_FILE = "server.pem";
    static final String SERVER_KEY_FILE = "server-key.pem";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final Path dataDir;
    private final Clock clock;

    private SiteCa(X509Certificate ca, PrivateKey caKey, Path dataDir, Clock clock) {
        this.ca = ca;
        this.caKey = caKey;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** Loads the site CA from {@code dataDir}, making it first if it is not there. */
    public static SiteCa open(Path dataDir, Clock clock) throws IOException {
        Path caFile = dataDir.resolve(CA_FILE);
        Path keyFile = dataDir.resolve(CA_KEY_FILE);
        if (Files.exists(caFile) && Files.exists(keyFile)) {
            X509Certificate ca = Pem.certificates(Files.readString(caFile, StandardCharsets.UTF_8)).get(0);
            PrivateKey key = Pem.privateKey(Files.readString(keyFile, StandardCharsets.UTF_8));
            return new SiteCa(ca, key, dataDir, clock);
        }
        if (Files.exists(caFile) != Files.exists(keyFile)) {
            throw new IOException("only one of " + caFile + " and " + keyFile + " exists: restore the other, or remove "
                    + "both to make a new site CA (devices then need the new ca.pem)");
        }
        PrivateFiles.createDirectories(dataDir);
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "FireGrid")
                .addRDN(BCStyle.CN, "FireGrid site CA " + hostName() + " " + now.getEpochSecond()).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate ca = sign(b, pair.getPrivate());
            Pem.writeSecret(keyFile, Pem.encode(pair.getPrivate()));
            Pem.writePublic(caFile, Pem.encode(ca));
            LOG.info("made a site CA [file: {}, key: {}]", caFile, keyFile);
            return new SiteCa(ca, pair.getPrivate(), dataDir, clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the site CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return ca;
    }

    public Path file() {
        return dataDir.resolve(CA_FILE);
    }

    /**
     * The server certificate and key files, made (or made anew) when missing, naming other hosts
     * than {@code names}, or within {@value #RENEW_DAYS} days of their end.
     *
     * @return {@code [certificate file (leaf, then CA), key file]}
     */
    public Path[] serverCertificate(Collection<String> extraNames) throws IOException {
        Path certFile = dataDir.resolve(SERVER_FILE);
        Path keyFile = dataDir.resolve(SERVER_KEY_FILE);
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(hostName());
        names.addAll(extraNames);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            X509Certificate current = Pem.certificates(Files.readString(certFile, StandardCharsets.UTF_8)).get(0);
            String reason = stale(current, names);
            if (reason == null) {
                return new Path[] {certFile, keyFile};
            }
            LOG.info("making a new server certificate [reason: {}]", reason);
        }
        KeyPair pair = newKeyPair();
        X509Certificate cert = issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "FireGrid")
                .addRDN(BCStyle.CN, hostName()).build(), pair, SERVER_VALIDITY, KeyPurposeId.id_kp_serverAuth, names);
        Pem.writeSecret(keyFile, Pem.encode(pair.getPrivate()));
        Pem.writePublic(certFile, Pem.encode(cert, ca));
        LOG.info("made a server certificate signed by the site CA [file: {}, names: {}]", certFile, names);
        return new Path[] {certFile, keyFile};
    }

    /** A new client certificate and key for {@code commonName} ({@code {device}@{tenant}}), PEM. */
    public String[] issueClient(String commonName) {
        KeyPair pair = newKeyPair();
        X509Certificate cert = issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "FireGrid")
                .addRDN(BCStyle.CN, commonName).build(), pair, DEVICE_VALIDITY, KeyPurposeId.id_kp_clientAuth, List.of());
        return new String[] {Pem.encode(cert), Pem.encode(pair.getPrivate())};
    }

    /** The end of validity of a PEM certificate. */
    public Instant notAfter(String pem) {
        return Pem.certificates(pem).get(0).getNotAfter().toInstant();
    }

    /** As {@link #issueClient(String)} with the given validity window, for tests of expired certificates. */
    String[] issueClient(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X509Certificate cert = issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(), pair,
                notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, List.of());
        return new String[] {Pem.encode(cert), Pem.encode(pair.getPrivate())};
    }

    private X509Certificate issue(X500Name subject, KeyPair pair, Duration validity, KeyPurposeId purpose,
                                  Collection<String> names) {
        Instant now = clock.instant();
        return issue(subject, pair, now.minusSeconds(300), now.plus(validity), purpose, names);
    }

    private X509Certificate issue(X500Name subject, KeyPair pair, Instant notBefore, Instant notAfter,
                                  KeyPurposeId purpose, Collection<String> names) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore),
                    Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (!names.isEmpty()) {
                List<GeneralName> san = new ArrayList<>();
                for (String n : names) {
                    san.add(isAddress(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            }
            return sign(b, caKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    /** Why {@code cert} must be made anew, or null if it can stay. */
    private String stale(X509Certificate cert, Set<String> names) {
        if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(Duration.ofDays(RENEW_DAYS)))) {
            return "it ends on " + cert.getNotAfter().toInstant();
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "it is not signed by the site CA in " + file();
        }
        Set<String> have = new TreeSet<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                cert.getSubjectAlternativeNames().forEach(l -> have.add(canonical(String.valueOf(l.get(1)))));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return "its names cannot be read";
        }
        Set<String> want = new TreeSet<>();
        names.forEach(n -> want.add(canonical(n)));
        return have.equals(want) ? null : "its names " + have + " are not " + want;
    }

    private static String canonical(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isAddress(String n) {
        return n.matches("[0-9.]+") || n.contains(":");
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no EC P-256 key generator", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
