package io.firegrid.gateway.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * The TLS alert a device gets when BoringSSL refuses its client certificate. BoringSSL takes the
 * alert from an X.509 verify code, and for a plain {@link CertificateException} (a certificate
 * that chains to none of the client CAs) Netty passes "unspecified", which BoringSSL sends as
 * {@code internal_error}: an installer reading that would look for a fault in the gateway. Such a
 * refusal is sent as {@code unknown_ca} instead ("the certificate's CA is not one I know", RFC 8446
 * 6.2), more precise than the JDK's {@code certificate_unknown} for the same certificate. Expiry and
 * validity errors already carry their own code ({@code certificate_expired}). Used only with
 * BoringSSL: the codes are read from its native library.
 */
final class BoringSslAlerts {

    private BoringSslAlerts() {
    }

    static CertificateException refusal(CertificateException e) {
        if (e instanceof OpenSslCertificateException || e instanceof CertificateExpiredException
                || e instanceof CertificateNotYetValidException || e.getCause() instanceof CertPathValidatorException) {
            return e;
        }
        return new OpenSslCertificateException(e.getMessage(), e, CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }
}
