package io.firegrid.gateway.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key manager and trust manager a TLS server asks at every handshake, delegating to the
 * current key and client CA: {@link #replace} switches both at once for the next handshake, and a
 * handshake already under way finishes with what it started with.
 *
 * <p>Thread-safe: the delegates are replaced as a pair through one volatile field.
 */
final class ReloadableKeys {

    private static final char[] NO_PASSWORD = "firegrid".toCharArray();
    private static final String ALIAS = "server";

    private record Current(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {
    }

    private volatile Current current;
    private final X509ExtendedKeyManager keyManager = new KeyManager();
    private final X509ExtendedTrustManager trustManager;

    /** @param clientCa CAs client certificates must chain to; null for servers that ask for none */
    ReloadableKeys(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> clientCa) {
        this.current = build(key, chain, clientCa);
        this.trustManager = clientCa == null ? null : new TrustManager();
    }

    /** From the next handshake on: this key and chain, and client certificates chaining to {@code clientCa}. */
    void replace(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> clientCa) {
        current = build(key, chain, clientCa);
    }

    X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** Null when there was no client CA at start: the servers then ask for no client certificate. */
    X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    private static Current build(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> clientCa) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, NO_PASSWORD);
            // SunX509: aliases are the key store's own, the same in every delegate, so a handshake that
            // chose an alias just before a swap still finds a chain under it
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            X509ExtendedTrustManager trust = null;
            if (clientCa != null) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                for (int i = 0; i < clientCa.size(); i++) {
                    ts.setCertificateEntry("ca-" + i, clientCa.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(ts);
                trust = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            }
            return new Current(keys, trust);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot use this key and certificate: " + e.getMessage(), e);
        }
    }

    private final class KeyManager extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return current.keys().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return current.keys().getPrivateKey(alias);
        }
    }

    private final class TrustManager extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager trust() throws CertificateException {
            X509ExtendedTrustManager t = current.trust();
            if (t == null) {
                throw new CertificateException("no client CA is configured any more");
            }
            return t;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                trust().checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw engine instanceof ReferenceCountedOpenSslEngine ? BoringSslAlerts.refusal(e) : e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a server's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a server's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server's trust manager checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509ExtendedTrustManager t = current.trust();
            return t == null ? new X509Certificate[0] : t.getAcceptedIssuers();
        }
    }
}
