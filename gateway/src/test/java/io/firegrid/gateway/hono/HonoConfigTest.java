package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code FIREGRID_HONO_*}: off unless set, defaults stated, and every bad value refused with what to do. */
class HonoConfigTest {

    @Test
    void switchedOffUnlessAnAddressIsSet() {
        assertThat(HonoConfig.fromEnv(Map.of()).enabled()).isFalse();
        assertThat(HonoConfig.fromEnv(Map.of("FIREGRID_HONO_USERNAME", "gw@t1")).enabled()).isFalse();
    }

    @Test
    void readsTheAdapterAddressAndTheGatewaysIdentity() {
        HonoConfig c = HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "amqps://hono.city.example",
                "FIREGRID_HONO_USERNAME", "community-7@city", "FIREGRID_HONO_PASSWORD", "s3cret",
                "FIREGRID_HONO_BUFFER", "500"));
        assertThat(c.enabled()).isTrue();
        assertThat(c.host()).isEqualTo("hono.city.example");
        assertThat(c.port()).isEqualTo(HonoConfig.DEFAULT_TLS_PORT);
        assertThat(c.tls()).isTrue();
        assertThat(c.tenant()).isEqualTo("city");
        assertThat(c.gatewayId()).isEqualTo("community-7");
        assertThat(c.telemetryBuffer()).isEqualTo(500);
        assertThat(c.window()).isEqualTo(HonoConfig.DEFAULT_WINDOW);
        assertThat(c.toString()).doesNotContain("s3cret");

        HonoConfig plain = HonoConfig.fromEnv(Map.of("FIREGRID_HONO_HOST", "10.0.0.5", "FIREGRID_HONO_PORT", "15672",
                "FIREGRID_HONO_USERNAME", "gw@t1", "FIREGRID_HONO_PASSWORD", "x"));
        assertThat(plain.port()).isEqualTo(15672);
        assertThat(plain.tls()).isFalse();
    }

    @Test
    void refusesBadValuesWithTheReason() {
        assertThatThrownBy(() -> HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "http://hono:8080",
                "FIREGRID_HONO_USERNAME", "gw@t1", "FIREGRID_HONO_PASSWORD", "x")))
                .hasMessageContaining("amqp://host:5672");
        assertThatThrownBy(() -> HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "amqp://hono",
                "FIREGRID_HONO_USERNAME", "gw", "FIREGRID_HONO_PASSWORD", "x")))
                .hasMessageContaining("auth-id@tenant");
        assertThatThrownBy(() -> HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "amqp://hono",
                "FIREGRID_HONO_USERNAME", "gw@t1")))
                .hasMessageContaining("FIREGRID_HONO_PASSWORD is required");
        assertThatThrownBy(() -> HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "amqp://hono",
                "FIREGRID_HONO_USERNAME", "gw@t1", "FIREGRID_HONO_PASSWORD", "x", "FIREGRID_HONO_BUFFER", "0")))
                .hasMessageContaining("FIREGRID_HONO_BUFFER must be at least 1");
        assertThatThrownBy(() -> HonoConfig.fromEnv(Map.of("FIREGRID_HONO_URI", "amqp://hono",
                "FIREGRID_HONO_USERNAME", "gw@t1", "FIREGRID_HONO_PASSWORD", "x", "FIREGRID_HONO_WINDOW", "many")))
                .hasMessageContaining("FIREGRID_HONO_WINDOW must be a number");
    }
}
