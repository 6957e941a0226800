package io.firegrid.bench.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's HTTP API as the load harness uses it: registering devices, resolving alarms, reading /metrics. */
final class GatewayApi {

    /** Registrations in flight at once: enough to keep the gateway's hashing busy, few enough to bound the harness. */
    private static final int REGISTER_CONCURRENCY = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private volatile URI base;

    GatewayApi(int httpPort, String token) {
        this.token = token;
        at(httpPort);
    }

    void at(int httpPort) {
        base = URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    URI stream() {
        return base.resolve("api/v1/alarms/stream?access_token=" + token);
    }

    /** Registers every device ({@code POST /api/v1/devices}), a bounded number at once, with progress on stderr. */
    void register(List<JsonObject> devices) throws InterruptedException {
        Semaphore slots = new Semaphore(REGISTER_CONCURRENCY);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        StringBuilder firstError = new StringBuilder();
        long start = System.nanoTime();
        long lastProgress = start;
        for (JsonObject d : devices) {
            while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                lastProgress = progress(done.get(), devices.size(), start, lastProgress);
            }
            http.sendAsync(request("api/v1/devices").POST(HttpRequest.BodyPublishers.ofString(d.encode())).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 201) {
                            failed.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError.length() == 0) {
                                    firstError.append(e != null ? e.toString() : r.statusCode() + " " + r.body());
                                }
                            }
                        }
                        done.incrementAndGet();
                        slots.release();
                    });
            lastProgress = progress(done.get(), devices.size(), start, lastProgress);
        }
        if (!slots.tryAcquire(REGISTER_CONCURRENCY, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("registrations still unanswered after 120 s");
        }
        System.err.printf(Locale.ROOT, "registered %d devices in %.1f s%n", devices.size(), (System.nanoTime() - start) / 1e9);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " registrations failed, the first: " + firstError);
        }
    }

    private static long progress(int done, int total, long start, long last) {
        long now = System.nanoTime();
        if (now - last < 3_000_000_000L) {
            return last;
        }
        System.err.printf(Locale.ROOT, "  registered %d of %d, %.0f s%n", done, total, (now - start) / 1e9);
        return now;
    }

    void addPerson(JsonObject person) {
        if (send(request("api/v1/people").POST(HttpRequest.BodyPublishers.ofString(person.encode())).build()) == null) {
            throw new IllegalStateException("cannot add " + person.encode() + " (POST /api/v1/people)");
        }
    }

    /** Resolves an alarm as a test ({@code POST /api/v1/alarms/{id}/resolve}); false if not answered 2xx. */
    boolean resolve(long alarmId) {
        return send(request("api/v1/alarms/" + alarmId + "/resolve").timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"cause\":\"test\"}")).build()) != null;
    }

    /** Ids of the open alarms of one device's sensor. */
    List<Long> openAlarms(String device, String sensor) {
        String body = send(request("api/v1/alarms?state=open").timeout(Duration.ofSeconds(5)).GET().build());
        if (body == null) {
            return List.of();
        }
        return new JsonArray(body).stream().map(JsonObject.class::cast)
                .filter(a -> device.equals(a.getString("device")) && sensor.equals(a.getString("sensor")))
                .map(a -> a.getLong("id")).toList();
    }

    /** {@code firegrid_refused_total} by code, from {@code /metrics}; null if the gateway does not answer. */
    Map<String, Long> refusedByCode() {
        Map<String, Long> byCode = new TreeMap<>();
        String body = send(HttpRequest.newBuilder(base.resolve("metrics")).timeout(Duration.ofSeconds(10)).GET().build());
        if (body == null) {
            return null;
        }
        for (String line : body.split("\n")) {
            if (line.startsWith("firegrid_refused_total{")) {
                int at = line.indexOf("code=\"") + 6;
                String code = line.substring(at, line.indexOf('"', at));
                byCode.merge(code, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
            }
        }
        return byCode;
    }

    /**
     * The sum over all series of each named counter or gauge in {@code /metrics} (0 when absent), in
     * the order asked; null if the gateway does not answer.
     */
    double[] metrics(String... names) {
        String body = send(HttpRequest.newBuilder(base.resolve("metrics")).timeout(Duration.ofSeconds(10)).GET().build());
        if (body == null) {
            return null;
        }
        double[] sums = new double[names.length];
        for (String line : body.split("\n")) {
            for (int i = 0; i < names.length; i++) {
                if (line.startsWith(names[i] + "{") || line.startsWith(names[i] + " ")) {
                    sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sums;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    private String send(HttpRequest r) {
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
