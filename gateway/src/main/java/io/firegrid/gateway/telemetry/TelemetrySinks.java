package io.firegrid.gateway.telemetry;

import io.firegrid.gateway.storage.DataDirectory;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/** Where readings go: InfluxDB when the configuration names a server, otherwise the embedded history store. */
public final class TelemetrySinks {

    private TelemetrySinks() {
    }

    /**
     * Opens the sink {@code config} asks for, its files in {@code dataDir} (the InfluxDB disk buffer,
     * or {@code telemetry.db}).
     *
     * @throws FireGridException when it cannot be opened; the reason says why
     */
    public static TelemetrySink open(TelemetryConfig config, Path dataDir, Clock clock, MeterRegistry meters) {
        try {
            return config.influx() != null ? InfluxSink.create(config, dataDir.resolve(DataDirectory.TELEMETRY_BUFFER), meters)
                    : HistoryStore.open(dataDir.resolve(DataDirectory.TELEMETRY), config, clock, meters);
        } catch (RuntimeException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "telemetry", e.getMessage(), e);
        }
    }
}
