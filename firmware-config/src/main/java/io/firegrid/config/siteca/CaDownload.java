package io.firegrid.config.siteca;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Fetches a gateway's site CA from {@code GET /ca.pem} (no token needed), over {@code http://} or
 * {@code https://}. Before the CA is known nothing can vouch for the gateway's HTTPS certificate,
 * so the download itself trusts whatever answers, and the CA is only as good as the fingerprint
 * check a person (or {@code --ca-fingerprint}) makes against the gateway's start-up log. Over
 * HTTPS it also checks that the certificate the gateway presented is signed by the CA it served,
 * so a gateway serving a CA it does not use is refused. Blocking.
 */
public final class CaDownload {

    /**
     * The CA, and whether it came over HTTPS from a gateway whose certificate it signed.
     *
     * @param server the certificate the gateway presented over HTTPS (the one its MQTT over TLS
     *               port presents too); null over HTTP
     */
    public record Result(SiteCa ca, boolean overHttps, X509Certificate server) {

        /**
         * Whether {@link #server()} is valid for {@code host} as a TLS client checks it (a DNS name,
         * a {@code *.} wildcard for one label, or an address); true when there is no certificate to check.
         */
        public boolean serverNames(String host) {
            return server == null || ServerNames.of(server).stream().anyMatch(n -> ServerNames.matches(n, host));
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private CaDownload() {
    }

    /**
     * {@code GET gateway/ca.pem}.
     *
     * @throws IOException with what to do when the gateway cannot be reached, has no CA, serves
     *         something else, or presents a certificate its CA did not sign
     */
    public static Result fetch(URI gateway) throws IOException, InterruptedException {
        String base = gateway.toString().endsWith("/") ? gateway.toString() : gateway + "/";
        URI uri = URI.create(base + SiteCa.FILE_NAME);
        AtomicReference<X509Certificate[]> presented = new AtomicReference<>();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        boolean https = "https".equals(gateway.getScheme());
        if (https) {
            b.sslContext(recordingContext(presented)).sslParameters(SiteCa.parameters());
        }
        HttpResponse<String> r;
        try {
            r = b.build().send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the gateway at " + gateway + ": is it running, and is the URL right?", e);
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException(gateway + " does not answer TLS (" + e.getMessage() + "): use http:// for the gateway's "
                    + "HTTP port, or https:// for its HTTPS port (8443 by default)", e);
        }
        if (r.statusCode() == 404) {
            throw new IOException(uri + " answered 404: this gateway has no site CA (an older gateway, or TLS is off); "
                    + "give the CA with --ca FILE, or --plain for unencrypted MQTT");
        }
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + r.statusCode() + ": is --gateway the gateway's HTTP(S) address?");
        }
        SiteCa ca;
        try {
            ca = SiteCa.parse(r.body(), uri.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + ": is --gateway a FireGrid gateway?", e);
        }
        if (https && !signedBy(presented.get(), ca)) {
            throw new IOException("the gateway at " + gateway + " presented a certificate that the CA it serves (SHA-256 "
                    + ca.fingerprint() + ") did not sign: something other than the gateway may be answering; fetch "
                    + "the CA over the site network again, or copy ca.pem from the gateway's data directory and give --ca");
        }
        return new Result(ca, https, https ? presented.get()[0] : null);
    }

    /** Whether {@code chain} (the server's, leaf first) is signed by one of {@code ca}'s certificates. */
    static boolean signedBy(X509Certificate[] chain, SiteCa ca) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            Set<TrustAnchor> anchors = ca.certificates().stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            // the path ends below the anchor: a chain that includes the CA itself is cut before it
            List<X509Certificate> path = java.util.Arrays.stream(chain)
                    .filter(c -> ca.certificates().stream().noneMatch(c::equals)).toList();
            if (path.isEmpty()) {
                return true;
            }
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A context that accepts any server certificate and keeps the one presented, for the check after the download. */
    private static SSLContext recordingContext(AtomicReference<X509Certificate[]> presented) {
        X509ExtendedTrustManager recording = new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                presented.set(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                presented.set(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.set(chain);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {recording}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot set up TLS", e);
        }
    }
}
