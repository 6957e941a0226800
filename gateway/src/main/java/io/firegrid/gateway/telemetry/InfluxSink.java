package io.firegrid.gateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes telemetry to InfluxDB in batches of up to {@link TelemetryConfig#batchSize()} points, a
 * partial batch after {@link TelemetryConfig#flushInterval()}.
 *
 * <p>Thread model: {@link #accept} puts the point in a bounded memory queue and returns; one thread
 * ("firegrid-telemetry") forms batches and writes them. While InfluxDB cannot be reached, batches go
 * to a bounded {@link DiskBuffer} and every later batch queues behind them there, so InfluxDB
 * receives points in arrival order once it returns; the thread retries with a backoff from
 * {@code retryMin} doubling to {@code retryMax}. A batch the server refuses as bad data (HTTP 400)
 * is dropped rather than retried forever. Every point dropped is counted in
 * {@code firegrid_telemetry_dropped_total{reason=queue-full|buffer-full|rejected}} and in
 * {@link #status()}.
 *
 * <p>Every point accepted and not dropped is in exactly one of {@link #status()}'s {@code queued}
 * (in memory), {@code writing} (in the batch the thread is forming or writing) and {@code buffered}
 * (on disk) until InfluxDB has it, so their sum reaching 0 means InfluxDB has everything.
 */
public final class InfluxSink implements TelemetrySink {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

    /** Points waiting in memory for the sink's thread; beyond this {@link #accept} drops (queue-full). */
    public static final int DEFAULT_QUEUE_POINTS = 200_000;

    private final PointWriter writer;
    private final TelemetryConfig config;
    private final DiskBuffer buffer;
    private final BlockingQueue<Point> queue;
    private final Thread thread;
    private final Counter written;
    private final Counter droppedQueueFull;
    private final Counter droppedBufferFull;
    private final Counter droppedRejected;
    private final AtomicLong bufferedPoints = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong writing = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean reachable = true;
    private volatile String lastError;
    private Duration backoff;
    private long nextAttemptNanos;

    /** A sink writing through {@code writer}, buffering in {@code bufferDir}; starts its thread. */
    public InfluxSink(PointWriter writer, TelemetryConfig config, Path bufferDir, MeterRegistry meters) {
        this.writer = writer;
        this.config = config;
        this.buffer = new DiskBuffer(bufferDir, config.bufferBytes());
        this.queue = new ArrayBlockingQueue<>(DEFAULT_QUEUE_POINTS);
        this.backoff = config.retryMin();
        this.written = meters.counter("firegrid.telemetry.written", "sink", "influx");
        this.droppedQueueFull = meters.counter("firegrid.telemetry.dropped", "reason", "queue-full");
        this.droppedBufferFull = meters.counter("firegrid.telemetry.dropped", "reason", "buffer-full");
        this.droppedRejected = meters.counter("firegrid.telemetry.dropped", "reason", "rejected");
        Gauge.builder("firegrid.telemetry.buffered.points", bufferedPoints, AtomicLong::get)
                .description("points in the on-disk buffer, waiting for InfluxDB").register(meters);
        Gauge.builder("firegrid.telemetry.buffered.bytes", bufferedBytes, AtomicLong::get).register(meters);
        Gauge.builder("firegrid.telemetry.queued.points", queue, BlockingQueue::size).register(meters);
        Gauge.builder("firegrid.telemetry.writing.points", writing, AtomicLong::get)
                .description("points in the batch being formed or written to InfluxDB").register(meters);
        updateGauges();
        this.thread = new Thread(this::loop, "firegrid-telemetry");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.info("telemetry goes to InfluxDB [target: {}, batch: {}, buffer: {} bytes]", writer.describe(),
                config.batchSize(), config.bufferBytes());
    }

    /** A sink for the server {@code config.influx()} names. */
    public static InfluxSink create(TelemetryConfig config, Path bufferDir, MeterRegistry meters) {
        return new InfluxSink(config.influx().writer(), config, bufferDir, meters);
    }

    @Override
    public void accept(Point point) {
        if (!queue.offer(point)) {
            droppedQueueFull.increment();
        }
    }

    /** Points waiting in memory for the sink's thread. */
    public int queued() {
        return queue.size();
    }

    /** Points InfluxDB has taken since this sink started. */
    public long written() {
        return (long) written.count();
    }

    @Override
    public JsonObject status() {
        return new JsonObject().put("sink", writer.describe()).put("reachable", reachable)
                .put("written", (long) written.count()).put("queued", queue.size()).put("writing", writing.get())
                .put("buffered", bufferedPoints.get()).put("bufferedBytes", bufferedBytes.get())
                .put("bufferLimitBytes", config.bufferBytes())
                .put("dropped", (long) (droppedQueueFull.count() + droppedBufferFull.count() + droppedRejected.count()))
                .put("lastError", lastError);
    }

    private void loop() {
        List<Point> batch = new ArrayList<>(config.batchSize());
        long flushNanos = config.flushInterval().toNanos();
        while (running || !queue.isEmpty()) {
            try {
                Point first = queue.poll(Math.min(200, config.flushInterval().toMillis()), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, config.batchSize() - batch.size());
                    writing.set(batch.size());
                    long deadline = System.nanoTime() + flushNanos;
                    while (batch.size() < config.batchSize() && running) {
                        long left = deadline - System.nanoTime();
                        if (batch.size() >= config.batchSize() || left <= 0) {
                            break;
                        }
                        Point next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next != null) {
                            batch.add(next);
                            queue.drainTo(batch, config.batchSize() - batch.size());
                            writing.set(batch.size());
                        }
                    }
                    deliver(lines(batch));
                    batch.clear();
                    writing.set(0);
                }
                if (running) {
                    replay(); // when stopping, what is buffered stays on disk for the next start
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("telemetry sink failed; going on", e);
                batch.clear();
                writing.set(0);
            }
        }
    }

    private static List<String> lines(List<Point> batch) {
        List<String> lines = new ArrayList<>(batch.size());
        for (Point p : batch) {
            lines.add(p.toLineProtocol());
        }
        return lines;
    }

    private void deliver(List<String> lines) {
        // when stopping with InfluxDB away, straight to disk rather than waiting out another timeout
        if (buffer.isEmpty() && System.nanoTime() - nextAttemptNanos >= 0 && (running || reachable)) {
            if (tryWrite(lines)) {
                return;
            }
        }
        try {
            long dropped = buffer.append(lines);
            if (dropped > 0) {
                droppedBufferFull.increment(dropped);
                LOG.warn("telemetry buffer full: oldest points dropped [dropped: {}, limit: {} bytes]", dropped,
                        config.bufferBytes());
            }
        } catch (IOException e) {
            droppedBufferFull.increment(lines.size());
            lastError = "cannot write the on-disk buffer: " + e.getMessage();
            LOG.warn("telemetry points dropped: the on-disk buffer cannot be written [points: {}]", lines.size(), e);
        }
        updateGauges();
    }

    private void replay() {
        while (!buffer.isEmpty() && System.nanoTime() - nextAttemptNanos >= 0) {
            List<String> oldest;
            try {
                oldest = buffer.oldest();
            } catch (IOException e) {
                int lost = buffer.removeOldest();
                droppedBufferFull.increment(lost);
                LOG.warn("unreadable telemetry buffer file dropped [points: {}]", lost, e);
                continue;
            }
            if (!tryWrite(oldest)) {
                break;
            }
            buffer.removeOldest();
            updateGauges();
            if (!queue.isEmpty()) {
                break; // take new points into the buffer's tail before replaying more, so memory stays bounded
            }
        }
        updateGauges();
    }

    /** Writes; true if InfluxDB took the batch or refused it as bad data (dropped, counted). */
    private boolean tryWrite(List<String> lines) {
        try {
            writer.write(lines);
            written.increment(lines.size());
            if (!reachable) {
                LOG.info("InfluxDB reachable again [target: {}]", writer.describe());
            }
            reachable = true;
            backoff = config.retryMin();
            return true;
        } catch (PointWriter.PointsRejected e) {
            droppedRejected.increment(lines.size());
            lastError = e.getMessage();
            LOG.warn("InfluxDB refused a batch; dropped [points: {}, reason: {}]", lines.size(), e.getMessage());
            return true;
        } catch (IOException e) {
            lastError = e.getMessage();
            if (reachable) {
                LOG.warn("InfluxDB unreachable, buffering on disk [target: {}, reason: {}]", writer.describe(), e.getMessage());
            }
            reachable = false;
            nextAttemptNanos = System.nanoTime() + backoff.toNanos();
            backoff = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : backoff.multipliedBy(2);
            return false;
        }
    }

    private void updateGauges() {
        bufferedPoints.set(buffer.points());
        bufferedBytes.set(buffer.bytes());
    }

    /**
     * Stops taking new work, writes what is queued (to InfluxDB or the buffer), and closes the
     * writer; waits at most a few seconds plus one write timeout.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000 + 2 * (config.influx() == null ? 0 : config.influx().timeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("telemetry sink did not stop in time [queued: {}]", queue.size());
        }
        writer.close();
    }
}
