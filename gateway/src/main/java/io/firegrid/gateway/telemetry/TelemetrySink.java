package io.firegrid.gateway.telemetry;

import io.vertx.core.json.JsonObject;

/**
 * Where telemetry points go: InfluxDB ({@link InfluxSink}) or the embedded history store
 * ({@link HistoryStore}). {@link #accept(Point)} never blocks and never throws for a well-formed
 * point: the caller is the ingest path, and telemetry must not slow down or fail the storing of
 * events. A point a sink cannot keep is counted, not raised.
 */
public interface TelemetrySink extends AutoCloseable {

    /** Takes {@code point} for writing later, on the sink's own thread; returns at once. */
    void accept(Point point);

    /** State for {@code /health}: kind, points written, buffered, dropped, last error. */
    JsonObject status();

    /** Writes what it can within a few seconds, keeps the rest on disk where it can, and stops. */
    @Override
    void close();
}
