package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.tls.ServerTls;
import io.firegrid.gateway.tls.SiteCa;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA devices trust, and device certificates (docs/tls.md):
 * <ul>
 * <li>{@code GET /ca.pem}, without a token: the site CA (or the chain of a configured certificate)
 *     as {@code application/x-pem-file}, for installers to put on devices; 404 when TLS is off or
 *     the configured certificate file holds no chain.</li>
 * <li>{@code POST /api/v1/devices/{tenant}/{device}/certificate} (admin): a new client certificate
 *     {@code CN={device}@{tenant}} and its key, signed by the site CA, returned once and kept nowhere:
 *     {@code {"device","certificate","key","ca","notAfter"}}. 404 for an unregistered device, 409
 *     when the gateway uses a configured certificate (it holds no CA key then).</li>
 * </ul>
 */
public final class CertificateRoutes implements ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRoutes.class);

    private final ServerTls tls;
    private final DeviceRegistry registry;

    /** @param tls the servers' TLS, null when every TLS endpoint is off */
    public CertificateRoutes(ServerTls tls, DeviceRegistry registry) {
        this.tls = tls;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        // outside /api/v1, so no bearer token: the CA certificate is public, and a device has no token
        router.get("/ca.pem").handler(ctx -> {
            String pem = tls == null ? null : tls.caPem().orElse(null);
            if (pem == null) {
                throw FireGridException.notFound("no-ca", tls == null
                        ? "TLS is off on this gateway (FIREGRID_MQTTS_PORT and FIREGRID_HTTPS_PORT are -1)"
                        : "the certificate in FIREGRID_TLS_CERT comes without its CA chain: get the CA from its issuer");
            }
            ctx.response().putHeader("Content-Type", "application/x-pem-file")
                    .putHeader("Content-Disposition", "attachment; filename=\"ca.pem\"").end(pem);
        });
        needs(router.post("/api/v1/devices/:tenant/:device/certificate"), Action.ISSUE_CERTIFICATES).handler(ctx -> {
            DeviceId id = new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
            if (registry.find(id).isEmpty()) {
                throw FireGridException.notFound("unknown-device", "device " + id + " is not registered: register it "
                        + "first (POST /api/v1/devices)");
            }
            SiteCa ca = tls == null ? null : tls.siteCa().orElse(null);
            if (ca == null) {
                throw new FireGridException(FireGridException.Status.CONFLICT, "no-site-ca", tls == null
                        ? "TLS is off on this gateway: switch on FIREGRID_MQTTS_PORT to use client certificates"
                        : "this gateway uses FIREGRID_TLS_CERT and holds no CA key: issue device certificates with the "
                        + "CA in FIREGRID_TLS_CA");
            }
            String[] issued = ca.issueClient(id.toString());
            LOG.info("device certificate issued [device: {}]", id);
            JsonIo.send(ctx, 201, new JsonObject().put("device", id.toString()).put("certificate", issued[0])
                    .put("key", issued[1]).put("ca", tls.caPem().orElseThrow())
                    .put("notAfter", ca.notAfter(issued[0]).toString()));
        });
    }
}
