package io.firegrid.config.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.firegrid.config.bundle.ClientCertificate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link CertificateIssuer} makes of each answer of {@code POST .../certificate}, against a
 * stand-in HTTP server answering as the gateway does (the real gateway: ClientCertsInstallerIT).
 */
class CertificateIssuerTest {

    private HttpServer server;
    private final List<String> asked = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private CertificateIssuer answering(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            asked.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new CertificateIssuer(new GatewayClient(base, "admin-token"), null,
                "firegrid config register site.yaml --gateway " + base);
    }

    @Test
    void anUnregisteredDeviceIsRefusedAloneWithTheCommandThatRegistersIt() throws Exception {
        CertificateIssuer issuer = answering(404, "{\"error\":\"unknown-device\",\"detail\":\"device pi-0009@t1 is not registered\"}");

        assertThatThrownBy(() -> issuer.issue("t1", "pi-0009")).isInstanceOf(ClientCertificate.DeviceRefused.class)
                .hasMessageContaining("does not know pi-0009@t1")
                .hasMessageEndingWith("register first: firegrid config register site.yaml --gateway http://127.0.0.1:"
                        + server.getAddress().getPort());
        assertThat(asked).containsExactly("POST /api/v1/devices/t1/pi-0009/certificate Bearer admin-token");
    }

    @Test
    void aGatewayWithItsOwnConfiguredCertificateStopsTheRunPointingToThatPki() throws Exception {
        CertificateIssuer issuer = answering(409, "{\"error\":\"no-site-ca\",\"detail\":\"this gateway uses FIREGRID_TLS_CERT "
                + "and holds no CA key\"}");

        assertThatThrownBy(() -> issuer.issue("t1", "pi-0001")).isInstanceOfSatisfying(CertificateIssuer.Stopped.class,
                s -> assertThat(s.exit()).isEqualTo(1))
                .hasMessageContaining("uses its own configured certificate")
                .hasMessageContaining("client certificates must come from that PKI");
    }

    @Test
    void aTokenWithoutTheAdminRoleStopsTheRun() throws Exception {
        CertificateIssuer issuer = answering(403, "{\"error\":\"forbidden\"}");

        assertThatThrownBy(() -> issuer.issue("t1", "pi-0001")).isInstanceOf(CertificateIssuer.Stopped.class)
                .hasMessageContaining("HTTP 403: --token must be an admin token");
    }

    @Test
    void aGatewayThatCannotBeReachedStopsWithExitThree() throws Exception {
        answering(201, "{}");
        int port = server.getAddress().getPort();
        server.stop(0);
        server = null;
        CertificateIssuer issuer = new CertificateIssuer(new GatewayClient(URI.create("http://127.0.0.1:" + port), "t"), null, "x");

        assertThatThrownBy(() -> issuer.issue("t1", "pi-0001")).isInstanceOfSatisfying(CertificateIssuer.Stopped.class,
                s -> assertThat(s.exit()).isEqualTo(3)).hasMessageContaining("cannot get the certificate of pi-0001@t1");
    }

    @Test
    void anAnswerWithoutPemIsNotBundled() throws Exception {
        CertificateIssuer issuer = answering(201, "{\"device\":\"pi-0001@t1\",\"certificate\":\"x\",\"key\":\"y\",\"ca\":\"z\"}");

        assertThatThrownBy(() -> issuer.issue("t1", "pi-0001")).isInstanceOf(CertificateIssuer.Stopped.class)
                .hasMessageContaining("without a PEM certificate, key and ca");
    }
}
