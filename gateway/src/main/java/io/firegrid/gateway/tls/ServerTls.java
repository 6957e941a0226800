package io.firegrid.gateway.tls;

import io.firegrid.gateway.storage.PrivateFiles;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate, key and client CA the gateway's TLS servers (MQTTS, HTTPS) present and trust,
 * and their reload: the files are checked every {@link TlsOptions#reloadSeconds()} and, when one
 * changed and the new set reads and matches (key fits certificate), the next handshake on every
 * server uses it; open connections keep theirs. A set that does not read is logged and counted
 * ({@code firegrid_tls_reloads_total{result="failed"}}), and the old one stays.
 *
 * <p>Why the servers hold a {@link ReloadableKeys} instead of getting new options through Vert.x's
 * {@code updateSSLOptions}: in Vert.x 4.5.27 a server takes the update's future as its SSL context
 * before that future completes, so a connection accepted while the new context is built fails
 * (a NullPointerException in {@code TCPServerBase}, the socket closed), and an update that fails
 * leaves the server with no usable context at all. Swapping the key and trust managers the handshake
 * asks has neither gap. Revisit on Vert.x 5.
 *
 * <p>TLS 1.2 and 1.3 only, ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 only
 * ({@link #CIPHER_SUITES}). Thread-safe: the material is replaced as a whole.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** AEAD suites with forward secrecy; TLS 1.3's three first, then TLS 1.2's ECDHE ones. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** What the servers present and trust, read from the files at the given modification times. */
    private record Material(String certPem, String keyPem, String clientCaPem, List<FileTime> times,
                            X509Certificate leaf) {
    }

    private final TlsOptions options;
    private final Path certFile;
    private final Path keyFile;
    private final Path clientCaFile;
    private final SiteCa siteCa;
    private final MeterRegistry meters;
    private final ReloadableKeys keys;
    private final boolean boringSsl;
    private volatile Material material;

    private ServerTls(TlsOptions options, Path certFile, Path keyFile, Path clientCaFile, SiteCa siteCa,
                      MeterRegistry meters, Material material) {
        this.options = options;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.clientCaFile = clientCaFile;
        this.siteCa = siteCa;
        this.meters = meters;
        this.material = material;
        this.boringSsl = chooseEngine(options.engine(), meters);
        this.keys = new ReloadableKeys(Pem.privateKey(material.keyPem()),
                Pem.certificates(material.certPem()), material.clientCaPem() == null ? null
                : Pem.certificates(material.clientCaPem()));
    }

    /**
     * Reads the configured certificate and key, or opens (first makes) the site CA and its server
     * certificate in {@code dataDir}.
     *
     * @throws FireGridException when a file is missing, unreadable or the key does not fit; the reason names it
     */
    public static ServerTls open(TlsOptions options, Path dataDir, Clock clock, MeterRegistry meters) {
        try {
            SiteCa ca = null;
            Path cert = options.certFile();
            Path key = options.keyFile();
            Path clientCa = options.clientCaFile();
            if (options.siteCa()) {
                // the gateway restricted the data directory at start (storage/DataDirectory); this creates it when missing
                PrivateFiles.createDirectories(dataDir);
                ca = SiteCa.open(dataDir, clock);
                Path[] files = ca.serverCertificate(options.hostnames());
                cert = files[0];
                key = files[1];
                if (clientCa == null) {
                    clientCa = ca.file();
                }
            }
            ServerTls tls = new ServerTls(options, cert, key, clientCa, ca, meters, read(cert, key, clientCa));
            for (String result : List.of("ok", "failed")) {
                io.micrometer.core.instrument.Counter.builder("firegrid.tls.reloads").tag("result", result)
                        .description("changed TLS certificate files taken (ok) or refused, the old ones kept (failed)")
                        .register(meters);
            }
            return tls;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "tls", "cannot set up TLS: " + e.getMessage()
                    + (options.siteCa() ? " (FIREGRID_DATA_DIR)" : " (FIREGRID_TLS_CERT, FIREGRID_TLS_KEY, FIREGRID_TLS_CA)"), e);
        }
    }

    /**
     * Sets TLS on {@code server}: this material, the protocols and suites; with
     * {@code clientCertificates} a client may present a certificate chaining to the client CA
     * (requested, not required: devices with passwords go on working).
     */
    public <T extends NetServerOptions> T apply(T server, boolean clientCertificates) {
        server.setSslEngineOptions(boringSsl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions());
        server.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(keys.keyManager()))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(PROTOCOLS));
        CIPHER_SUITES.forEach(server::addEnabledCipherSuite);
        if (clientCertificates && keys.trustManager() != null) {
            server.setTrustOptions(TrustOptions.wrap(keys.trustManager()));
            server.setClientAuth(ClientAuth.REQUEST);
        }
        return server;
    }

    /**
     * Whether the servers' TLS is BoringSSL: asked for ({@link TlsOptions#engine()}) and loadable here
     * (netty-tcnative ships it for Linux x86-64 and ARM64). Logged, and shown as the gauge
     * {@code firegrid_tls_engine{engine}} (1 for the one in use).
     */
    private static boolean chooseEngine(TlsOptions.Engine wanted, MeterRegistry meters) {
        boolean boringSsl = wanted == TlsOptions.Engine.BORINGSSL && OpenSSLEngineOptions.isAvailable();
        if (boringSsl) {
            LOG.info("TLS engine: BoringSSL [version: {}]", OpenSsl.versionString());
        } else if (wanted == TlsOptions.Engine.BORINGSSL) {
            LOG.warn("TLS engine: the JDK's, BoringSSL cannot load on this platform; a TLS handshake costs about twice"
                    + " the CPU [cause: {}]", String.valueOf(OpenSsl.unavailabilityCause()));
        } else {
            LOG.info("TLS engine: the JDK's [setting: {}=jdk]", TlsOptions.ENGINE.name());
        }
        for (TlsOptions.Engine e : TlsOptions.Engine.values()) {
            double inUse = (e == TlsOptions.Engine.BORINGSSL) == boringSsl ? 1 : 0;
            Gauge.builder("firegrid.tls.engine", () -> inUse).tag("engine", e.name().toLowerCase(Locale.ROOT))
                    .description("1 for the engine that does the TLS of MQTTS and HTTPS, 0 for the other").register(meters);
        }
        return boringSsl;
    }

    /**
     * The same TLS as {@link #apply} gives a Vert.x server (this material and its reload, the protocols
     * and suites, the engine, client certificates requested with {@code clientCertificates}), as a
     * Netty context for a server that adds the TLS handler to a socket itself once its own admission
     * let the socket in (the MQTTS listener): a socket refused then costs no handshake.
     */
    public SslContext serverContext(boolean clientCertificates) {
        SslContextBuilder b = SslContextBuilder.forServer(keys.keyManager())
                .sslProvider(boringSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS).ciphers(CIPHER_SUITES);
        if (clientCertificates && keys.trustManager() != null) {
            b.trustManager(keys.trustManager()).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL);
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "tls", "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Checks the files every {@link TlsOptions#reloadSeconds()}; returns the timer id. */
    public long watch(Vertx vertx) {
        return vertx.setPeriodic(options.reloadSeconds() * 1000L, id -> reloadNow(vertx));
    }

    /** Reads the files now and, if they changed, uses them from the next handshake; completes when done. */
    public Future<Void> reloadNow(Vertx vertx) {
        return vertx.<Void>executeBlocking(this::reloadIfChanged, false);
    }

    private synchronized Void reloadIfChanged() {
        Material now = material;
        List<FileTime> times;
        try {
            times = times(certFile, keyFile, clientCaFile);
        } catch (IOException e) {
            failed(now.times(), e);
            return null;
        }
        if (times.equals(now.times())) {
            return null;
        }
        Material m;
        try {
            m = read(certFile, keyFile, clientCaFile);
            keys.replace(Pem.privateKey(m.keyPem()), Pem.certificates(m.certPem()),
                    m.clientCaPem() == null ? null : Pem.certificates(m.clientCaPem()));
        } catch (IOException | RuntimeException e) {
            failed(times, e);
            return null;
        }
        material = m;
        meters.counter("firegrid.tls.reloads", "result", "ok").increment();
        LOG.info("TLS certificate reloaded [cert: {}, subject: {}, notAfter: {}]", certFile,
                m.leaf().getSubjectX500Principal().getName(), m.leaf().getNotAfter().toInstant());
        return null;
    }

    /** Counts and logs a set that cannot be used, once per change of the files: the old one stays. */
    private void failed(List<FileTime> times, Exception e) {
        material = new Material(material.certPem(), material.keyPem(), material.clientCaPem(), times, material.leaf());
        meters.counter("firegrid.tls.reloads", "result", "failed").increment();
        LOG.warn("TLS files changed but cannot be used; the servers keep the certificate they have "
                + "[cert: {}, key: {}, reason: {}]", certFile, keyFile, e.getMessage());
    }

    /** The site CA, empty when the gateway uses a configured certificate. */
    public Optional<SiteCa> siteCa() {
        return Optional.ofNullable(siteCa);
    }

    /**
     * What devices should trust, PEM, for {@code GET /ca.pem}: the site CA, or with a configured
     * certificate the chain in its file after the leaf; empty when that file holds the leaf only.
     */
    public Optional<String> caPem() {
        if (siteCa != null) {
            return Optional.of(Pem.encode(siteCa.certificate()));
        }
        List<X509Certificate> chain = Pem.certificates(material.certPem());
        return chain.size() < 2 ? Optional.empty()
                : Optional.of(Pem.encode(chain.subList(1, chain.size()).toArray(X509Certificate[]::new)));
    }

    /**
     * One line for the startup log: which CA, where, its SHA-256 fingerprint, and the names the
     * server certificate is valid for (devices and installers must use one of them).
     */
    public String describe() {
        X509Certificate leaf = material.leaf();
        if (siteCa != null) {
            return "site CA " + siteCa.file() + " SHA-256 " + Pem.fingerprint(siteCa.certificate()) + ", names " + names(leaf);
        }
        return "certificate " + certFile + " (" + leaf.getSubjectX500Principal().getName() + ", SHA-256 "
                + Pem.fingerprint(leaf) + "), names " + names(leaf) + (clientCaFile == null ? "" : ", client CA " + clientCaFile);
    }

    /** The DNS names and addresses in {@code cert}'s subject alternative names, comma-separated. */
    static String names(X509Certificate cert) {
        try {
            var sans = cert.getSubjectAlternativeNames();
            return sans == null ? "(none)" : String.join(",", sans.stream().map(l -> String.valueOf(l.get(1))).toList());
        } catch (java.security.cert.CertificateParsingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Material read(Path certFile, Path keyFile, Path clientCaFile) throws IOException {
        List<FileTime> times = times(certFile, keyFile, clientCaFile);
        String certPem = read(certFile);
        List<X509Certificate> chain = Pem.certificates(certPem);
        PrivateKey key = Pem.privateKey(read(keyFile));
        requireFits(key, chain.get(0), certFile, keyFile);
        String clientCa = null;
        if (clientCaFile != null) {
            clientCa = read(clientCaFile);
            Pem.certificates(clientCa);
        }
        return new Material(Pem.encode(chain.toArray(X509Certificate[]::new)), Pem.encode(key), clientCa, times, chain.get(0));
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
    }

    /** Signs and verifies a few bytes: the key must belong to the certificate. */
    private static void requireFits(PrivateKey key, X509Certificate cert, Path certFile, Path keyFile) {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : key.getAlgorithm().equals("RSA")
                ? "SHA256withRSA" : null;
        if (alg == null) {
            return;
        }
        try {
            byte[] probe = "firegrid".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in " + certFile
                    + ": " + e.getMessage(), e);
        }
    }

    private static List<FileTime> times(Path... files) throws IOException {
        List<FileTime> out = new ArrayList<>();
        for (Path f : files) {
            out.add(f == null ? FileTime.fromMillis(0) : Files.getLastModifiedTime(f));
        }
        return out;
    }
}
