package io.firegrid.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** HTTP calls against a gateway on a given port, with the test admin token. */
public final class HttpCalls {

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    public HttpCalls(int port) {
        this.port = port;
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public void registerDevice(String tenant, String device) throws IOException, InterruptedException {
        register(tenant, device, null);
    }

    /** Like {@link #registerDevice}, with {@link TestGateway#PSK} as its DTLS pre-shared key. */
    public void registerDeviceWithPsk(String tenant, String device) throws IOException, InterruptedException {
        register(tenant, device, TestGateway.PSK);
    }

    private void register(String tenant, String device, String psk) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v1/devices", new JsonObject().put("tenant", tenant).put("id", device)
                .put("password", TestGateway.PASSWORD).put("psk", psk)
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "A")))
                .encode());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + r.statusCode() + " " + r.body());
        }
    }

    public List<JsonObject> alarms(String state) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/alarms?limit=1000&state=" + state);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("listing alarms failed: " + r.statusCode() + " " + r.body());
        }
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    }
}
