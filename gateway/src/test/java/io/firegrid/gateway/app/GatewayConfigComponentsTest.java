package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Telemetry, Hono and the clock are parts of one GatewayConfig, read from the same environment. */
class GatewayConfigComponentsTest {

    @Test
    void telemetryAndHonoAreReadFromTheSameEnvironment() {
        GatewayConfig c = GatewayConfig.fromEnv(Map.of("FIREGRID_INFLUX_URL", "http://influx:8086",
                "FIREGRID_HONO_URI", "amqps://hono.example:5671", "FIREGRID_HONO_USERNAME", "community-7@city",
                "FIREGRID_HONO_PASSWORD", "hono-pw-7", "FIREGRID_HONO_PORT", "15671"));
        assertThat(c.telemetry().describe()).isEqualTo("influx-v1 http://influx:8086");
        assertThat(c.hono().enabled()).isTrue();
        assertThat(c.hono().tls()).isTrue();
        assertThat(c.hono().port()).isEqualTo(15671);
        assertThat(c.toString()).doesNotContain("hono-pw-7");
    }

    @Test
    void withMethodsChangeOnlyTheirComponent() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
        HonoConfig hono = HonoConfig.to("localhost", 5672, "gw@t1", "pw");
        TelemetryConfig telemetry = TelemetryConfig.defaults().withHistory(3, java.time.Duration.ofMinutes(5));
        GatewayConfig base = GatewayConfig.defaults().withHttpPort(0);
        GatewayConfig c = base.withClock(fixed).withHono(hono).withTelemetry(telemetry);
        assertThat(c.clock()).isSameAs(fixed);
        assertThat(c.hono()).isSameAs(hono);
        assertThat(c.telemetry()).isSameAs(telemetry);
        assertThat(c.httpPort()).isZero();
        assertThat(c.withClock(base.clock()).withHono(base.hono()).withTelemetry(base.telemetry())).isEqualTo(base);
    }

    @Test
    void productionSwitchesClearTextOffUnlessItsPortIsSet() {
        GatewayConfig c = GatewayConfig.fromEnv(Map.of("FIREGRID_PROFILE", "production", "FIREGRID_MQTT_PORT", "1884"));
        assertThat(c.httpPort()).isEqualTo(-1);
        assertThat(c.mqttPort()).isEqualTo(1884);
    }

    @Test
    void aBadValueNamesTheVariableTheRangeAndTheDefault() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_ESCALATION_SECONDS", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FIREGRID_ESCALATION_SECONDS must be at least 1, not 0 (default 60)");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_DOOR_HELD_OPEN_SECONDS", "two minutes")))
                .hasMessage("FIREGRID_DOOR_HELD_OPEN_SECONDS must be a number, not 'two minutes'");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("FIREGRID_HONO_PORT", "0")))
                .hasMessageStartingWith("FIREGRID_HONO_PORT must be between 1 and 65535, not 0 (default the URI's port");
    }
}
