package io.firegrid.gateway.telemetry;

import java.io.IOException;
import java.util.List;

/**
 * Writes a batch of line-protocol points to a time-series server, blocking until the server
 * answered. Called from one thread at a time (the sink's).
 */
public interface PointWriter extends AutoCloseable {

    /**
     * Writes {@code lines} (millisecond precision).
     *
     * @throws PointsRejected when the server refused the points themselves (retrying cannot help)
     * @throws IOException    when the server could not be reached or failed (retrying may help)
     */
    void write(List<String> lines) throws IOException;

    /** What it writes to, for logs and {@code /health}: {@code influx-v1 http://host:8086 db=firegrid}. */
    String describe();

    @Override
    void close();

    /**
     * The HTTP client settings both InfluxDB clients use: {@code timeout} for connecting, reading
     * and writing, and no silent retries (the sink decides when to try again).
     */
    static okhttp3.OkHttpClient.Builder http(java.time.Duration timeout) {
        return new okhttp3.OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .retryOnConnectionFailure(false);
    }

    /** The server refused the batch as bad data (HTTP 400/422): it is dropped, not retried. */
    final class PointsRejected extends IOException {
        private static final long serialVersionUID = 1L;

        public PointsRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
