package io.firegrid.gateway.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.message.Message;

/**
 * A plain AMQP 1.0 client (vertx-proton, no Hono code) playing the city platform's side against
 * the broker: reads what the gateway forwarded, puts commands on the command address.
 */
public final class AmqpPeerClient implements AutoCloseable {

    private final ProtonConnection connection;
    private final Vertx own;

    public static AmqpPeerClient connect(int port, String user, String password) throws Exception {
        Vertx v = Vertx.vertx();
        try {
            Promise<ProtonConnection> p = Promise.promise();
            v.runOnContext(x -> ProtonClient.create(v).connect(new ProtonClientOptions().addEnabledSaslMechanism("PLAIN"),
                    "127.0.0.1", port, user, password, ar -> {
                        if (ar.failed()) {
                            p.fail(ar.cause());
                            return;
                        }
                        ProtonConnection c = ar.result();
                        c.openHandler(o -> {
                            if (o.succeeded()) {
                                p.complete(c);
                            } else {
                                p.fail(o.cause());
                            }
                        }).open();
                    }));
            ProtonConnection c = get(p.future());
            return new AmqpPeerClient(c, v);
        } catch (Exception e) {
            v.close();
            throw e;
        }
    }

    private AmqpPeerClient(ProtonConnection connection, Vertx own) {
        this.connection = connection;
        this.own = own;
    }

    /** Takes {@code n} messages from queue {@code address}, waiting up to {@code timeout} in all; fails if fewer came. */
    public List<Message> receive(String address, int n, Duration timeout) throws Exception {
        LinkedBlockingQueue<Message> arrived = new LinkedBlockingQueue<>();
        Promise<ProtonReceiver> opened = Promise.promise();
        own.runOnContext(x -> {
            ProtonReceiver r = connection.createReceiver(address);
            r.setPrefetch(0).handler((delivery, m) -> arrived.add(m)).openHandler(ar -> {
                if (ar.succeeded()) {
                    r.flow(n);
                    opened.complete(r);
                } else {
                    opened.fail(ar.cause());
                }
            }).open();
        });
        ProtonReceiver receiver = get(opened.future());
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (out.size() < n) {
                Message m = arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("only " + out.size() + " of " + n + " messages arrived at " + address
                            + " within " + timeout.toSeconds() + " s");
                }
                out.add(m);
            }
        } finally {
            own.runOnContext(x -> receiver.close());
        }
        return out;
    }

    /**
     * Takes messages from queue {@code address} until {@code enough} holds for all taken so far,
     * waiting up to {@code timeout} in all; fails, naming how many came, if it never does.
     */
    public List<Message> receiveUntil(String address, Predicate<List<Message>> enough, Duration timeout) throws Exception {
        LinkedBlockingQueue<Message> arrived = new LinkedBlockingQueue<>();
        Promise<ProtonReceiver> opened = Promise.promise();
        own.runOnContext(x -> {
            ProtonReceiver r = connection.createReceiver(address);
            r.setPrefetch(500).handler((delivery, m) -> arrived.add(m)).openHandler(ar -> {
                if (ar.succeeded()) {
                    opened.complete(r);
                } else {
                    opened.fail(ar.cause());
                }
            }).open();
        });
        ProtonReceiver receiver = get(opened.future());
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!enough.test(out)) {
                Message m = arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("what arrived at " + address + " within " + timeout.toSeconds()
                            + " s (" + out.size() + " messages) is not enough");
                }
                out.add(m);
            }
        } finally {
            own.runOnContext(x -> receiver.close());
        }
        return out;
    }

    /** Sends {@code m} to {@code address} and waits until the broker accepted it. */
    public void send(String address, Message m) throws Exception {
        Promise<Void> done = Promise.promise();
        own.runOnContext(x -> {
            ProtonSender s = connection.createSender(address);
            s.openHandler(ar -> {
                if (ar.failed()) {
                    done.fail(ar.cause());
                    return;
                }
                s.send(m, delivery -> {
                    if (delivery.getRemoteState() instanceof Accepted) {
                        done.complete();
                    } else {
                        done.fail("not accepted: " + delivery.getRemoteState());
                    }
                    s.close();
                });
            }).open();
        });
        get(done.future());
    }

    @Override
    public void close() {
        own.runOnContext(x -> connection.close());
        try {
            get(own.close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the AMQP client did not close", e);
        }
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
