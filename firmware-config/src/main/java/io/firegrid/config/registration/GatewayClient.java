package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs JSON to a gateway's HTTP API with a bearer token. Blocking; one request at a time.
 */
public final class GatewayClient {

    /** How long one request may take before it counts as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    /** The gateway's answer: status, and its {@code error} and {@code detail} when it refused. */
    public record Answer(int status, String error, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build();

    public GatewayClient(URI base, String token) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
    }

    public URI base() {
        return base;
    }

    /** A GET's status and JSON body (null when the body is not JSON). */
    public record Fetched(int status, JsonNode body) {
    }

    public Fetched get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(DEFAULT_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        return new Fetched(r.statusCode(), body);
    }

    public Answer post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public Answer put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    private Answer send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(DEFAULT_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
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
}
