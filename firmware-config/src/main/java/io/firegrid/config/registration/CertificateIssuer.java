package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.bundle.ClientCertificate;
import io.firegrid.config.siteca.SiteCa;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Device client certificates from the gateway's site CA: {@code POST
 * /api/v1/devices/{tenant}/{device}/certificate} with an admin token (docs/tls.md, "Device client
 * certificates"). A device the gateway does not know (404) is refused alone, with the command that
 * registers it; a gateway that cannot issue any (409: it uses a configured certificate; a token
 * without the admin role; a CA other than the bundled one) stops the run with what to do, as does
 * one that cannot be reached. Blocking; one request at a time.
 */
public final class CertificateIssuer implements ClientCertificate.Source {

    /** No device can get a certificate from this gateway; the message says why and what to do. */
    public static final class Stopped extends IOException {

        private final int exit;

        Stopped(String message) {
            this(message, 1, null);
        }

        Stopped(String message, int exit, Throwable cause) {
            super(message, cause);
            this.exit = exit;
        }

        /** The command's exit code: 3 the gateway cannot be reached, 1 it refused. */
        public int exit() {
            return exit;
        }
    }

    private final GatewayClient gateway;
    private final SiteCa siteCa;
    private final String registerCommand;

    /**
     * @param siteCa          the CA the bundles hold: the one the certificates must chain to
     * @param registerCommand what registers the devices, for the message of an unknown device
     */
    public CertificateIssuer(GatewayClient gateway, SiteCa siteCa, String registerCommand) {
        this.gateway = gateway;
        this.siteCa = siteCa;
        this.registerCommand = registerCommand;
    }

    @Override
    public ClientCertificate issue(String tenant, String device)
            throws ClientCertificate.DeviceRefused, IOException, InterruptedException {
        String path = "/api/v1/devices/" + enc(tenant) + "/" + enc(device) + "/certificate";
        GatewayClient.Fetched f;
        try {
            f = gateway.postForBody(path, Map.of());
        } catch (IOException e) {
            throw new Stopped("cannot get the certificate of " + device + "@" + tenant + " from the gateway at "
                    + gateway.base() + ": " + e.getMessage(), 3, e);
        }
        JsonNode b = f.body();
        String detail = b == null ? "" : b.path("detail").asText("");
        switch (f.status()) {
            case 201 -> {
                return issued(tenant, device, b);
            }
            case 404 -> throw new ClientCertificate.DeviceRefused("the gateway at " + gateway.base() + " does not know "
                    + device + "@" + tenant + ", so it issues it no certificate; register first: " + registerCommand);
            case 409 -> throw new Stopped("the gateway at " + gateway.base() + " uses its own configured certificate "
                    + "(FIREGRID_TLS_CERT) and holds no CA key" + (detail.isEmpty() ? "" : " (" + detail + ")")
                    + ": client certificates must come from that PKI, the CA in FIREGRID_TLS_CA; bundle without "
                    + "--client-certs and the devices log in with their passwords");
            case 401, 403 -> throw new Stopped("the gateway at " + gateway.base() + " answered HTTP " + f.status()
                    + ": --token must be an admin token (the gateway's $FIREGRID_DATA_DIR/admin-token)");
            default -> throw new Stopped("the gateway at " + gateway.base() + " answered HTTP " + f.status() + " to "
                    + path + (detail.isEmpty() ? "" : ": " + detail));
        }
    }

    private ClientCertificate issued(String tenant, String device, JsonNode b) throws Stopped {
        String cert = b == null ? null : b.path("certificate").asText(null);
        String key = b == null ? null : b.path("key").asText(null);
        String ca = b == null ? null : b.path("ca").asText(null);
        String notAfter = b == null ? "" : b.path("notAfter").asText("");
        if (cert == null || key == null || ca == null || !cert.contains("BEGIN CERTIFICATE") || !key.contains("PRIVATE KEY")) {
            throw new Stopped("the gateway at " + gateway.base() + " answered the certificate of " + device + "@" + tenant
                    + " without a PEM certificate, key and ca: is it a FireGrid gateway?");
        }
        String fingerprint;
        try {
            fingerprint = SiteCa.parse(ca, gateway.base().toString()).fingerprint();
        } catch (IllegalArgumentException e) {
            throw new Stopped("the gateway at " + gateway.base() + " answered a ca that is not a PEM certificate: " + e.getMessage());
        }
        if (siteCa != null && !fingerprint.equals(siteCa.fingerprint())) {
            throw new Stopped("the gateway at " + gateway.base() + " issues certificates from the CA with SHA-256 "
                    + fingerprint + ", not from the site CA the bundles hold (SHA-256 " + siteCa.fingerprint()
                    + "); the agents would not get in. Fetch its CA again with --gateway and compare the fingerprint "
                    + "with the one it logs at start-up");
        }
        return new ClientCertificate(cert, key, notAfter);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
