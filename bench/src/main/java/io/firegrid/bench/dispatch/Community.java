package io.firegrid.bench.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The community the dispatch harness routes to, created through the gateway's HTTP API as an
 * operator would: station S (crew: Li) covering grid cell 1 (grid worker: Wang), building 1 in
 * that cell (captain: Zhao), a duty officer (Chen), one webhook, and the detector device at the
 * building. A fire alarm raised there is routed to {@value #RECIPIENTS_PER_ALARM} recipients
 * (S's crew, Wang, Zhao), so the webhook gets that many POSTs per alarm.
 */
final class Community {

    static final String TENANT = "bench";
    static final String DEVICE = "pi-bench";
    static final String PASSWORD = "bench-password";
    static final String WEBHOOK_SECRET = "bench-webhook-secret";
    static final int RECIPIENTS_PER_ALARM = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    Community(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Creates it all; {@code webhookUrl} gets every notification of the tenant. */
    void create(String webhookUrl) throws IOException, InterruptedException {
        created("/api/v1/people", person("li", "Li Wei", "crew"));
        created("/api/v1/people", person("wang", "Wang Fang", "grid-worker"));
        created("/api/v1/people", person("zhao", "Zhao Min", "building-captain"));
        created("/api/v1/people", person("chen", "Chen Jie", "duty-officer"));
        created("/api/v1/stations", new JsonObject().put("tenant", TENANT).put("id", "S").put("name", "Station S")
                .put("location", new JsonObject().put("lat", 31.23).put("lon", 121.47)).put("crew", new JsonArray().add("li")));
        created("/api/v1/cells", new JsonObject().put("tenant", TENANT).put("id", "cell-1").put("station", "S")
                .put("gridWorkers", new JsonArray().add("wang")));
        created("/api/v1/sites", new JsonObject().put("tenant", TENANT).put("id", "bldg-1").put("name", "Building 1")
                .put("cell", "cell-1").put("building", "1").put("floors", 18).put("captains", new JsonArray().add("zhao")));
        created("/api/v1/webhooks", new JsonObject().put("tenant", TENANT).put("url", webhookUrl)
                .put("secret", WEBHOOK_SECRET));
        // No sensor list: the gateway accepts events from sensors a device did not list (zone
        // unknown), so each smoke-N raises its own unconfirmed alarm, and the request stays small
        // whatever the number of alarms.
        created("/api/v1/devices", new JsonObject().put("tenant", TENANT).put("id", DEVICE).put("password", PASSWORD)
                .put("site", "bldg-1"));
    }

    /** Waits until every webhook delivery of alarm {@code id} is recorded as delivered. */
    void awaitDelivered(long alarmId, int deliveries, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alarms/" + alarmId
                    + "/deliveries")).GET());
            JsonArray all = new JsonArray(r.body());
            if (all.size() == deliveries && all.stream().allMatch(d -> "delivered".equals(((JsonObject) d).getString("state")))) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("the deliveries of alarm " + alarmId + " were not all recorded as delivered within "
                + timeoutMs + " ms");
    }

    private static JsonObject person(String id, String name, String role) {
        return new JsonObject().put("tenant", TENANT).put("id", id).put("name", name).put("role", role);
    }

    private void created(String path, JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
