package io.firegrid.gateway.tls;

import io.firegrid.gateway.support.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** TLS clients of a gateway for tests: Paho, the JDK's HTTP client and raw sockets, trusting a PEM CA. */
final class TlsClients {

    private TlsClients() {
    }

    /** A context trusting the CA in {@code caPem}, presenting {@code certPem}/{@code keyPem} when not null. */
    static SSLContext context(String caPem, String certPem, String keyPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = Pem.certificates(caPem);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (certPem != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", Pem.privateKey(keyPem), "x".toCharArray(),
                    Pem.certificates(certPem).toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : new javax.net.ssl.KeyManager[] {alwaysPresent(
                (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0])}, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * Presents the certificate whatever CAs the server names, as mosquitto_pub and OpenSSL clients
     * do (the JDK's own key manager would send none to a server asking for another CA).
     */
    private static javax.net.ssl.X509ExtendedKeyManager alwaysPresent(javax.net.ssl.X509ExtendedKeyManager km) {
        return new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"device"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "device";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                                                  javax.net.ssl.SSLEngine engine) {
                return "device";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return km.getCertificateChain(alias);
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return km.getPrivateKey(alias);
            }
        };
    }

    static SSLContext trusting(Path caFile) throws Exception {
        return context(Files.readString(caFile, StandardCharsets.UTF_8), null, null);
    }

    /** A Paho MQTT 5 client connected over TLS; with {@code authId} null it sends no username or password. */
    static MqttClient connect(int port, SSLContext ctx, String authId, String password) throws Exception {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + port, "tls-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (authId != null) {
            o.setUserName(authId);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setSocketFactory(ctx.getSocketFactory());
        o.setConnectionTimeout(5);
        o.setAutomaticReconnect(false);
        client.connect(o);
        return client;
    }

    static HttpResponse<String> get(int httpsPort, SSLContext ctx, String path, boolean withToken) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + httpsPort + path));
        if (withToken) {
            b.header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The certificate the server presents to a new handshake. */
    static X509Certificate serverCertificate(int port, SSLContext ctx) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }
}
