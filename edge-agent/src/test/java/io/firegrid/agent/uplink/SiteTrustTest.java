package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTrustTest {

    @TempDir
    Path dir;

    @Test
    void socketsOfferTls12And13OnlyAndTheFingerprintIsOpensslsOne() throws Exception {
        Path ca = TestPki.create(dir, "FireGrid test site CA").caPem();
        Process p = new ProcessBuilder("openssl", "x509", "-in", ca.toString(), "-noout", "-fingerprint", "-sha256").start();
        String openssl = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();

        SiteTrust trust = SiteTrust.load(ca);

        try (SSLSocket s = (SSLSocket) trust.socketFactory().createSocket()) {
            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
        assertThat(openssl).endsWith("=" + trust.fingerprint());
        assertThat(trust.file()).isEqualTo(ca);
    }
}
