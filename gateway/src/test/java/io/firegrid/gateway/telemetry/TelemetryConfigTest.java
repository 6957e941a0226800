package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

    @Test
    void withoutAnInfluxUrlTheEmbeddedHistoryIsUsedWithItsDefaults() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of());

        assertThat(c.influx()).isNull();
        assertThat(c.describe()).isEqualTo("embedded");
        assertThat(c.historyDays()).isEqualTo(30);
        assertThat(c.historyBucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.batchSize()).isEqualTo(TelemetryConfig.DEFAULT_BATCH_SIZE);
        assertThat(c.bufferBytes()).isEqualTo(100L * 1024 * 1024);
    }

    @Test
    void v1IsTheDefaultApiWithDatabaseFiregrid() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "http://influx:8086",
                "FIREGRID_INFLUX_BATCH", "2000", "FIREGRID_INFLUX_BUFFER_MB", "5"));

        assertThat(c.influx().api()).isEqualTo(TelemetryConfig.Api.V1);
        assertThat(c.influx().database()).isEqualTo("firegrid");
        assertThat(c.batchSize()).isEqualTo(2000);
        assertThat(c.bufferBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(c.describe()).isEqualTo("influx-v1 http://influx:8086");
    }

    @Test
    void v2NeedsTokenAndOrg() {
        TelemetryConfig c = TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "https://influx:8086",
                "FIREGRID_INFLUX_API", "v2", "FIREGRID_INFLUX_TOKEN", "tok", "FIREGRID_INFLUX_ORG", "community"));
        assertThat(c.influx().bucket()).isEqualTo("firegrid");

        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "http://influx:8086",
                "FIREGRID_INFLUX_API", "v2")))
                .hasMessage("FIREGRID_INFLUX_API=v2 needs FIREGRID_INFLUX_TOKEN, FIREGRID_INFLUX_ORG and FIREGRID_INFLUX_BUCKET");
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "influx:8086")))
                .hasMessageStartingWith("FIREGRID_INFLUX_URL must be an http(s) URL");
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "http://i:1", "FIREGRID_INFLUX_API", "v3")))
                .hasMessage("FIREGRID_INFLUX_API must be v1 or v2, not 'v3'");
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("FIREGRID_INFLUX_BATCH", "0")))
                .hasMessageStartingWith("FIREGRID_INFLUX_BATCH must be between 1 and 100000");
        assertThatThrownBy(() -> TelemetryConfig.fromEnv(Map.of("FIREGRID_HISTORY_DAYS", "a month")))
                .hasMessage("FIREGRID_HISTORY_DAYS must be a number, not 'a month'");
    }
}
