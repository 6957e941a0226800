package io.firegrid.gateway.telemetry;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;

/**
 * Writes through the InfluxDB v1 HTTP API ({@code /write?db=...&rp=...&precision=ms}) with
 * {@code org.influxdb:influxdb-java}. Also serves InfluxDB 2.x and 3.x through their v1
 * compatibility endpoints. The database is not created: an operator (or the test) creates it,
 * as the gateway should not need admin rights on the server.
 */
final class InfluxV1Writer implements PointWriter {

    private final InfluxDB influx;
    private final TelemetryConfig.Influx config;

    InfluxV1Writer(TelemetryConfig.Influx config) {
        this.config = config;
        OkHttpClient.Builder http = PointWriter.http(config.timeout());
        this.influx = config.user() == null
                ? InfluxDBFactory.connect(config.url(), http)
                : InfluxDBFactory.connect(config.url(), config.user(), config.password() == null ? "" : config.password(), http);
    }

    @Override
    public void write(List<String> lines) throws IOException {
        try {
            influx.write(config.database(), config.retentionPolicy() == null ? "" : config.retentionPolicy(),
                    InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
        } catch (InfluxDBException.UnableToParseException | InfluxDBException.FieldTypeConflictException
                 | InfluxDBException.PointsBeyondRetentionPolicyException e) {
            throw new PointsRejected("InfluxDB refused the points: " + e.getMessage(), e);
        } catch (InfluxDBException e) {
            if (e.getMessage() != null && e.getMessage().contains("partial write")) {
                throw new PointsRejected("InfluxDB refused the points: " + e.getMessage(), e);
            }
            // unreachable, overloaded, but also a missing database or refused credentials: the
            // operator can fix those, so the points wait in the buffer rather than being dropped
            throw new IOException("InfluxDB write failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("InfluxDB write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "influx-v1 " + config.url() + " db=" + config.database();
    }

    @Override
    public void close() {
        influx.close();
    }
}
