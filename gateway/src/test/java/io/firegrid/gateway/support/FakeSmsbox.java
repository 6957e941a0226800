package io.firegrid.gateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a Kannel smsbox's {@code sendsms} interface, for fast in-process tests: a real
 * HTTP server on a loopback port chosen by the OS that keeps every message and answers as smsbox
 * does (202 {@code 0: Accepted for delivery}), or 503 while {@link #down(boolean)}. The
 * {@code *IT} tests run a real Kannel instead.
 */
public final class FakeSmsbox implements AutoCloseable {

    /** One sendsms request as received, with whether it was accepted. */
    public record Message(MultiMap params, boolean accepted) {
        public String to() {
            return params.get("to");
        }

        public String text() {
            return params.get("text");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    public FakeSmsbox() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            boolean accepted = !down;
            messages.add(new Message(MultiMap.caseInsensitiveMultiMap().addAll(req.params()), accepted));
            if (accepted) {
                req.response().setStatusCode(202).end("0: Accepted for delivery");
            } else {
                req.response().setStatusCode(503).end("Sorry, no bearerbox");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/cgi-bin/sendsms";
    }

    /** While down, every request is answered 503 (kept as not accepted). */
    public void down(boolean value) {
        down = value;
    }

    /** Messages accepted for {@code phone}, oldest first. */
    public List<Message> acceptedFor(String phone) {
        return messages.stream().filter(m -> m.accepted() && phone.equals(m.to())).toList();
    }

    public List<Message> accepted() {
        return messages.stream().filter(Message::accepted).toList();
    }

    public List<Message> all() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
