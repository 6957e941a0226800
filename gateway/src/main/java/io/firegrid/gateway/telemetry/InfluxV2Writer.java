package io.firegrid.gateway.telemetry;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.BadRequestException;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.exceptions.UnprocessableEntityException;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Writes through the InfluxDB v2 write API ({@code /api/v2/write?org=...&bucket=...&precision=ms},
 * token authentication) with {@code com.influxdb:influxdb-client-java}'s blocking write API, so the
 * sink learns of every failure and keeps the batch.
 */
final class InfluxV2Writer implements PointWriter {

    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final TelemetryConfig.Influx config;

    InfluxV2Writer(TelemetryConfig.Influx config) {
        this.config = config;
        OkHttpClient.Builder http = PointWriter.http(config.timeout());
        InfluxDBClientOptions options = InfluxDBClientOptions.builder()
                .url(config.url())
                .authenticateToken(config.token().toCharArray())
                .org(config.org())
                .bucket(config.bucket())
                .okHttpClient(http)
                .build();
        this.client = InfluxDBClientFactory.create(options);
        this.writes = client.getWriteApiBlocking();
    }

    @Override
    public void write(List<String> lines) throws IOException {
        try {
            writes.writeRecords(config.bucket(), config.org(), WritePrecision.MS, lines);
        } catch (BadRequestException | UnprocessableEntityException e) {
            throw new PointsRejected("InfluxDB refused the points: " + e.getMessage(), e);
        } catch (InfluxException e) {
            throw new IOException("InfluxDB write failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("InfluxDB write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "influx-v2 " + config.url() + " org=" + config.org() + " bucket=" + config.bucket();
    }

    @Override
    public void close() {
        client.close();
    }
}
