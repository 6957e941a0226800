package io.firegrid.gateway.app;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting gateway has opened, closed in the reverse order: each resource is pushed right
 * after it opened, so a start that fails halfway closes exactly what had started, and a running
 * gateway closes in one call. A step that fails is logged at WARN and the steps under it still
 * run. Closing twice closes nothing more. Not thread-safe: one thread starts, one thread closes.
 */
final class Closer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    /** How long {@link #close()} waits for a resource that stops asynchronously. */
    static final long DEFAULT_STOP_TIMEOUT_MS = 10_000;

    /** How a resource is closed. */
    @FunctionalInterface
    interface Closing<T> {
        void close(T resource) throws Exception;
    }

    /** A close step that needs no resource handed to it. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();
    private final long stopTimeoutMs;

    Closer() {
        this(DEFAULT_STOP_TIMEOUT_MS);
    }

    /** A closer that waits {@code stopTimeoutMs} for each asynchronous stop. */
    Closer(long stopTimeoutMs) {
        this.stopTimeoutMs = stopTimeoutMs;
    }

    /** Returns {@code resource}, which {@link #close()} closes with {@code closing} before everything pushed earlier. */
    <T> T open(String what, T resource, Closing<? super T> closing) {
        onClose(what, () -> closing.close(resource));
        return resource;
    }

    /** Pushes a close step. */
    void onClose(String what, Step step) {
        steps.push(new Named(what, step));
    }

    /** Pushes a step that stops asynchronously; {@link #close()} waits for it up to the stop timeout. */
    void onStop(String what, Supplier<Future<?>> stop) {
        onClose(what, () -> stop.get().toCompletionStage().toCompletableFuture().get(stopTimeoutMs, TimeUnit.MILLISECONDS));
    }

    /** Runs every step pushed, the last one first. */
    @Override
    public void close() {
        while (!steps.isEmpty()) {
            Named next = steps.pop();
            try {
                next.step().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while closing [resource: {}]", next.what(), e);
            } catch (Exception e) {
                LOG.warn("did not close cleanly [resource: {}]", next.what(), e);
            }
        }
    }
}
