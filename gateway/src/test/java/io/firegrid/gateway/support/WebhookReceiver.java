package io.firegrid.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint for tests: a real Vert.x HTTP server on a loopback port chosen by the OS,
 * answering from a script ({@code failNext(2)}: two 500s, then 200s) and keeping every request.
 * It checks signatures itself, independently of the gateway's code.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST as received, with the status it was answered with. */
    public record Request(String body, Map<String, String> headers, int answered) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String reason() {
            return json().getString("reason");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public WebhookReceiver() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
            int status;
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.poll();
            }
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
            requests.add(new Request(buf.toString(StandardCharsets.UTF_8), headers, status));
            req.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The next {@code n} requests are answered 500. */
    public WebhookReceiver failNext(int n) {
        synchronized (script) {
            for (int i = 0; i < n; i++) {
                script.add(500);
            }
        }
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests this endpoint accepted (answered 2xx): what its owner would act on. */
    public List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    /** Whether the request carries {@code sha256=<hex HMAC-SHA256(secret, body)>}. */
    public static boolean signedWith(Request r, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder("sha256=");
        for (byte b : mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        String got = r.headers().getOrDefault("X-FireGrid-Signature", "");
        return MessageDigest.isEqual(hex.toString().getBytes(StandardCharsets.US_ASCII),
                got.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
