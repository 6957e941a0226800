package io.firegrid.agent.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a pin to stay quiet for a whole period before letting anyone look at it.
 *
 * <p>Every edge restarts the period; when a period passes without an edge, {@code settled} runs on
 * the executor with the time of the last edge, and the caller reads the pin's level then. A bounce
 * shorter than the period therefore ends where it started and is never reported. Pi4J's own
 * {@code debounce} setting is not used: the mock provider ignores it and the gpiod provider uses it
 * only as a poll timeout, so the same code debounces on every platform here.
 *
 * <p>Thread-safe: {@link #edge} may be called from any thread (Pi4J's listener threads);
 * {@code settled} always runs on the executor.
 */
final class Debouncer {

    private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);

    private volatile long periodNanos;
    private final ScheduledExecutorService executor;
    private final Consumer<Instant> settled;
    private long generation;

    Debouncer(Duration period, ScheduledExecutorService executor, Consumer<Instant> settled) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("debounce period must not be negative, was " + period);
        }
        this.periodNanos = period.toNanos();
        this.executor = executor;
        this.settled = settled;
    }

    /** Changes the quiet period from the next edge on; a period already running keeps its length. */
    void period(Duration period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("debounce period must not be negative, was " + period);
        }
        this.periodNanos = period.toNanos();
    }

    /** Records an edge seen at {@code at} and restarts the quiet period. */
    void edge(Instant at) {
        long mine;
        synchronized (this) {
            mine = ++generation;
        }
        executor.schedule(() -> settleIfQuiet(mine, at), periodNanos, TimeUnit.NANOSECONDS);
    }

    private void settleIfQuiet(long mine, Instant at) {
        synchronized (this) {
            if (mine != generation) {
                return;
            }
        }
        try {
            settled.accept(at);
        } catch (RuntimeException e) {
            // the executor would keep this in a Future nobody reads
            LOG.error("handling a settled pin failed", e);
        }
    }
}
