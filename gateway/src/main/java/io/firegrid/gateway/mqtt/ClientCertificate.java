package io.firegrid.gateway.mqtt;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The identity in a device's TLS client certificate: the CN of the certificate the handshake
 * verified against the client CA ({@code {device}@{tenant}}). The handshake has already refused
 * certificates that are expired or do not chain to that CA; a socket without TLS or without a
 * client certificate has none.
 */
final class ClientCertificate {

    private ClientCertificate() {
    }

    /** The CN of the client certificate {@code session}'s handshake verified, or null. */
    static String commonName(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return null;
        }
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
