package io.firegrid.agent.uplink;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.tls.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** The device's own TLS certificate and key from PEM files, for a gateway that asks for a client certificate. */
final class ClientKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final char[] NO_PASSWORD = new char[0];

    private ClientKeys() {
    }

    static KeyManager[] keyManagers(Path certFile, Path keyFile) {
        List<? extends Certificate> chain;
        try {
            chain = Certificates.parse(Files.readAllBytes(certFile));
        } catch (IOException | GeneralSecurityException e) {
            throw FireGridException.badRequest("bad-client-cert", "cannot read the client certificate " + certFile + " ("
                    + e.getMessage() + "): give the device's certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        if (chain.isEmpty()) {
            throw FireGridException.badRequest("bad-client-cert", certFile + " holds no certificate: give the device's "
                    + "certificate as PEM (-----BEGIN CERTIFICATE-----)");
        }
        PrivateKey key = key(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("device", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw FireGridException.badRequest("bad-client-cert", "the key " + keyFile + " does not go with the certificate "
                    + certFile + " (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey key(Path keyFile) {
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw FireGridException.badRequest("bad-client-cert", "cannot read the client key " + keyFile + " (" + e + ")");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw FireGridException.badRequest("bad-client-cert", keyFile + " is not an unencrypted PKCS#8 key (-----BEGIN "
                    + "PRIVATE KEY-----): convert it with 'openssl pkcs8 -topk8 -nocrypt -in OLD -out " + keyFile + "'");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw FireGridException.badRequest("bad-client-cert", keyFile + " is neither an EC, RSA nor Ed25519 key");
    }
}
