package io.firegrid.bench.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook endpoint of the dispatch harness: the JDK's own HTTP server on a loopback port
 * chosen by the OS, so the receiving side shares no code with the gateway. A POST is answered
 * 200 once its {@code X-FireGrid-Signature} checks out (401 otherwise, counted); its arrival time
 * (body read) is handed to a listener with the parsed body. A repeated
 * delivery id is dropped, as a real receiver would.
 */
final class WebhookReceiver implements AutoCloseable {

    /** Told of every first POST of a delivery, on the server's thread. */
    @FunctionalInterface
    interface Listener {
        /** {@code notification} is the parsed body, {@code arrivedNanos} by {@link System#nanoTime()}. */
        void received(JsonObject notification, long arrivedNanos);
    }

    static {
        // Without it the JDK server leaves Nagle on, and the 200 can wait for the gateway's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final String secret;
    private final Listener listener;
    private final Set<String> deliveries = ConcurrentHashMap.newKeySet();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();

    WebhookReceiver(String secret, Listener listener) throws IOException {
        this.secret = secret;
        this.listener = listener;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** POSTs whose signature did not match the body: should stay 0. */
    long badSignatures() {
        return badSignatures.get();
    }

    /** POSTs that repeated a delivery id already received (a retry): should stay 0, every answer is 200. */
    long repeats() {
        return repeats.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long arrived = System.nanoTime();
        String signature = exchange.getRequestHeaders().getFirst("X-FireGrid-Signature");
        if (signature == null || !MessageDigest.isEqual(sign(body), signature.getBytes(StandardCharsets.US_ASCII))) {
            badSignatures.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        if (!deliveries.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-FireGrid-Delivery")))) {
            repeats.incrementAndGet();
            return;
        }
        listener.received(new JsonObject(new String(body, StandardCharsets.UTF_8)), arrived);
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
