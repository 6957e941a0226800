package io.firegrid.gateway.coap;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Californium's protocol stage run on the adapter's Vert.x context instead of a thread pool of its
 * own. A request then goes from the UDP (or DTLS) receiver thread to the context, where it is
 * parsed, deduplicated, decoded and handed to the store in one task, and its answer, completed on
 * the same context, enters Californium's stack without another thread hop; with a pool, each
 * request woke a pool thread on the way in and again on the way out, on top of the Vert.x hops.
 * Californium's stack does not block (its sockets are read by threads of their own), so this is an
 * event loop's kind of work. Scandium's DTLS connector runs its per-peer work here too (records
 * decrypted and encrypted, PSK handshakes), in the order of its own per-connection serial executors.
 *
 * <p>Tasks run one at a time, in submission order. Delayed and periodic tasks (retransmissions of
 * separate responses) run on Vert.x timers, then on the context. {@link #shutdown} refuses new
 * work; nothing waits for tasks already queued, which Californium finds stopped when they run.
 */
final class ContextExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(ContextExecutor.class);

    private final Vertx vertx;
    private final Context context;
    private volatile boolean shutdown;

    ContextExecutor(Vertx vertx, Context context) {
        this.vertx = vertx;
        this.context = context;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the CoAP endpoint is stopped");
        }
        context.runOnContext(v -> run(task));
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // as a pool thread would: the task fails alone, the context goes on
            LOG.error("CoAP protocol task failed", e);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return later(new Timed<>(Executors.callable(command, null), unit.toNanos(delay), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return later(new Timed<>(callable, unit.toNanos(delay), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return later(new Timed<>(Executors.callable(command, null), unit.toNanos(initialDelay), unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    private <V> ScheduledFuture<V> later(Timed<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("the CoAP endpoint is stopped");
        }
        task.arm(task.delayNanos);
        return task;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** A delayed task on a Vert.x timer; a periodic one re-arms itself after each run. */
    private final class Timed<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long delayNanos;
        private final long periodNanos;
        private volatile long dueNanos;
        private volatile long timer = -1;

        Timed(Callable<V> callable, long delayNanos, long periodNanos) {
            super(callable);
            this.delayNanos = delayNanos;
            this.periodNanos = periodNanos;
        }

        void arm(long nanos) {
            dueNanos = System.nanoTime() + nanos;
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
            timer = vertx.setTimer(millis, id -> context.runOnContext(v -> fire()));
        }

        private void fire() {
            if (periodNanos == 0) {
                run();
            } else if (runAndReset() && !shutdown) {
                arm(periodNanos);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                vertx.cancelTimer(timer);
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
