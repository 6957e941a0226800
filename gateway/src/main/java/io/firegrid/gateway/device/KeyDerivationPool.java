package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that derive password keys (PBKDF2), apart from everything else: a small fixed number
 * of threads and a bounded queue. Work offered while the queue is full is refused at once with
 * {@code UNAVAILABLE/server-busy}; the caller is never blocked, so an event loop can submit here.
 * Results are delivered on the Vert.x context that submitted the work.
 *
 * <p>Why its own pool: on Vert.x's shared worker pool a storm of CONNECTs with wrong passwords
 * took every worker thread and 80 % of a 2-core machine, and queued without bound; here hashing can
 * take at most {@link #DEFAULT_THREADS} cores and {@link #DEFAULT_QUEUE} waiting checks, and the
 * event loops, the store and the alarm rules keep the rest. A device registered with a generated
 * secret never comes here when its secret is right (see {@link PasswordHasher}): after a restart,
 * the pool serves only passwords people chose, wrong secrets and unknown devices.
 *
 * <p>Thread-safe.
 */
public final class KeyDerivationPool implements AutoCloseable {

    /**
     * Half the cores, at least one: on the 2-core reference machine one derivation at a time
     * (about 35 ms each at 100,000 iterations, so some 30 per second), and the other core stays
     * with the event loops and the store.
     */
    public static final int DEFAULT_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * Checks waiting for a thread. 32 checks of 35 ms each wait at most about a second on one
     * thread, well within a device's connect timeout; beyond that a device is told "server busy"
     * and retries later instead of waiting in a queue it cannot see.
     */
    public static final int DEFAULT_QUEUE = 32;

    private final Vertx vertx;
    private final ThreadPoolExecutor executor;

    public KeyDerivationPool(Vertx vertx) {
        this(vertx, DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    public KeyDerivationPool(Vertx vertx, int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("a key derivation pool needs at least one thread and one queue slot");
        }
        this.vertx = vertx;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "firegrid-password-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on a pool thread; fails with {@code UNAVAILABLE/server-busy} at once when
     * the pool's queue is full.
     */
    public <T> Future<T> submit(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                try {
                    T result = work.call();
                    context.runOnContext(v -> promise.complete(result));
                } catch (Exception | Error e) {
                    context.runOnContext(v -> promise.fail(e));
                }
            });
        } catch (RejectedExecutionException full) {
            return Future.failedFuture(new FireGridException(FireGridException.Status.UNAVAILABLE, "server-busy",
                    "the gateway is checking too many passwords at once: retry in a few seconds"));
        }
        return promise.future();
    }

    /** Derivations run to the end since the pool started. */
    public long completed() {
        return executor.getCompletedTaskCount();
    }

    /** Checks waiting for a thread now. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
