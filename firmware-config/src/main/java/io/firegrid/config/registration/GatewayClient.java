package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firegrid.config.siteca.SiteCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * POSTs JSON to a gateway's HTTP API with a bearer token, over {@code http://} or {@code https://}.
 * Over HTTPS it trusts the site CA it is given and nothing else (TLS 1.2 and 1.3, host name
 * checked), or this computer's CAs without one; a certificate it cannot trust is a
 * {@link TlsRefused} that says what to do. Blocking; one request at a time.
 */
public final class GatewayClient {

    /** The gateway's TLS certificate could not be trusted, or TLS failed; the message says what to do. */
    public static final class TlsRefused extends IOException {

        TlsRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Something answers at the address, but not in HTTP (most often the gateway's MQTT port given
     * instead of its HTTP port); the message says where the HTTP port is found.
     */
    public static final class NotHttp extends IOException {

        NotHttp(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How long one request may take before it counts as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    /** The gateway's answer: status, and its {@code error} and {@code detail} when it refused. */
    public record Answer(int status, String error, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final SiteCa siteCa;
    private final HttpClient http;

    public GatewayClient(URI base, String token) {
        this(base, token, null);
    }

    /** A client that trusts only {@code siteCa} over HTTPS; null trusts this computer's CAs. */
    public GatewayClient(URI base, String token, SiteCa siteCa) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.siteCa = siteCa;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT);
        if (siteCa != null) {
            b.sslContext(siteCa.sslContext()).sslParameters(SiteCa.parameters());
        }
        this.http = b.build();
    }

    public URI base() {
        return base;
    }

    /** A GET's status and JSON body (null when the body is not JSON). */
    public record Fetched(int status, JsonNode body) {
    }

    public Fetched get(String path) throws IOException, InterruptedException {
        return fetched(exchange(request(path).GET().build()));
    }

    /** A POST whose answer carries data (e.g. an issued certificate): its status and JSON body, null when not JSON. */
    public Fetched postForBody(String path, Object body) throws IOException, InterruptedException {
        return fetched(exchange(withBody(request(path), "POST", body)));
    }

    public Answer post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public Answer put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    /** A PUT of raw bytes of {@code contentType} (a floor plan's image). */
    public Answer putBytes(String path, byte[] body, String contentType) throws IOException, InterruptedException {
        return answer(exchange(request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
    }

    /** A DELETE with a JSON body (e.g. a device's decommissioning with its reason). */
    public Answer delete(String path, Object body) throws IOException, InterruptedException {
        return send("DELETE", path, body);
    }

    /** A request to {@code path} with the token and the timeout every call carries. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(DEFAULT_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private static HttpRequest withBody(HttpRequest.Builder request, String method, Object body) throws IOException {
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private static Fetched fetched(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        return new Fetched(r.statusCode(), body);
    }

    private Answer send(String method, String path, Object body) throws IOException, InterruptedException {
        return answer(exchange(withBody(request(path), method, body)));
    }

    private static Answer answer(HttpResponse<String> r) {
        String error = null;
        String detail = null;
        if (r.statusCode() >= 300) {
            try {
                JsonNode n = JSON.readTree(r.body());
                error = n.path("error").asText(null);
                detail = n.path("detail").asText(null);
            } catch (IOException e) {
                detail = r.body().length() > 200 ? r.body().substring(0, 200) + "..." : r.body();
            }
        }
        return new Answer(r.statusCode(), error, detail);
    }

    private HttpResponse<String> exchange(HttpRequest req) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            SSLException ssl = sslCause(e);
            if (ssl != null) {
                throw new TlsRefused(explain(ssl), e);
            }
            if (notHttp(e)) {
                throw new NotHttp(base.getAuthority() + " does not speak HTTP (" + e.getMessage()
                        + "; is it the MQTT port?): give --gateway the gateway's HTTP port, which it prints in its start "
                        + "line and writes to $FIREGRID_DATA_DIR/ports.json as \"http\" (8080 by default; HTTPS 8443)", e);
            }
            throw e;
        }
    }

    /** The JDK client's words for an answer that is not HTTP/1.1: nothing at all, or a status line it cannot read. */
    private static boolean notHttp(IOException e) {
        String m = String.valueOf(e.getMessage());
        return !(e instanceof java.net.ConnectException) && !(e instanceof java.net.http.HttpTimeoutException)
                && (m.contains("header parser received no bytes") || m.contains("Invalid status line")
                        || m.contains("Invalid HTTP status line"));
    }

    private static SSLException sslCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException s) {
                return s;
            }
        }
        return null;
    }

    /** What went wrong with the gateway's certificate, in words, with what to do. */
    private String explain(SSLException e) {
        String detail = String.valueOf(e.getMessage());
        String fetch = "fetch it again with 'firegrid config bundle site.yaml --gateway " + base
                + "' and compare its fingerprint with the one the gateway logs at start-up";
        if (detail.contains("No subject alternative") || detail.contains("No name matching")) {
            return "the gateway's certificate does not name " + base.getHost() + " (" + detail + "): use the name or "
                    + "address its certificate was made for (the gateway logs them at start-up) in --gateway";
        }
        if (detail.contains("PKIX") || detail.contains("certification path") || detail.contains("signature check")) {
            return siteCa != null
                    ? "the gateway's certificate at " + base + " is not signed by the CA you gave (" + siteCa.source()
                            + ", SHA-256 " + siteCa.fingerprint() + "): " + fetch
                    : "the gateway's certificate at " + base + " is not signed by a CA this computer trusts: give the "
                            + "site CA with --ca FILE (the gateway's ca.pem; " + fetch + ")";
        }
        if (detail.contains("plaintext") || detail.contains("Unsupported or unrecognized SSL message")) {
            return base + " does not answer TLS (" + detail + "): use http:// for the gateway's HTTP port, or its "
                    + "HTTPS port (8443 by default) with https://";
        }
        return "TLS with the gateway at " + base + " failed (" + detail + "): check that --gateway names its HTTPS port "
                + "(8443 by default) and that it speaks TLS 1.2 or 1.3";
    }
}
