package io.firegrid.gateway.app;

import io.firegrid.gateway.endpoint.EventLoopOptions;
import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.device.SecretKeyFile;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.http.HttpLimits;
import io.firegrid.gateway.ingest.IngestOptions;
import io.firegrid.gateway.place.RosterOptions;
import io.firegrid.gateway.report.pdf.PdfOptions;
import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.sms.CloudSmsOptions;
import io.firegrid.gateway.sms.SmsOptions;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.gateway.voice.VoiceOptions;
import io.firegrid.gateway.webhook.WebhookTargets;
import io.firegrid.protocol.settings.Catalogue;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Every {@code FIREGRID_*} setting the gateway reads, grouped as {@code ./firegrid gateway --help}
 * and the README list them. Each setting is declared once, in the record that reads it; this class
 * only lists them. A setting added to a record but not here is caught by {@code GatewaySettingsTest}.
 *
 * <p>{@link #main} rewrites the README's generated settings table: {@code ./firegrid settings-readme}.
 */
public final class GatewaySettings {

    public static final Catalogue CATALOGUE = Catalogue.of("gateway")
            .group("Data, ports and TLS (docs/tls.md)",
                    GatewayConfig.DATA_DIR, GatewayConfig.BIND_HOST, TlsOptions.PROFILE, GatewayConfig.HTTP_PORT,
                    TlsOptions.HTTPS_PORT, GatewayConfig.MQTT_PORT, TlsOptions.MQTTS_PORT, TlsOptions.CERT, TlsOptions.KEY,
                    TlsOptions.CA, TlsOptions.HOSTNAMES, TlsOptions.RELOAD_SECONDS, TlsOptions.ENGINE,
                    EventLoopOptions.NATIVE_TRANSPORT)
            .group("MQTT bounds (docs/overload.md)",
                    MqttLimits.MAX_CONNECTIONS, MqttLimits.MAX_CONNECTIONS_PER_ADDRESS, MqttLimits.CONNECT_RATE,
                    MqttLimits.CONNECT_BURST, MqttLimits.CONNECT_TIMEOUT_SECONDS, MqttLimits.MAX_CONNECT_BYTES,
                    MqttLimits.RECEIVE_MAXIMUM, MqttLimits.HOLD_SECONDS)
            .group("HTTP bounds (docs/overload.md)",
                    HttpLimits.HEADER_TIMEOUT_SECONDS, HttpLimits.IDLE_TIMEOUT_SECONDS, HttpLimits.MAX_BODY_BYTES,
                    HttpLimits.MAX_CONNECTIONS)
            .group("CoAP",
                    CoapOptions.PORT, CoapOptions.SECURE_PORT, CoapOptions.ALLOW_UNAUTHENTICATED, CoapOptions.MAX_IN_FLIGHT)
            .group("Secrets and device logins (docs/overload.md)",
                    SecretKeyFile.KEY, GatewayConfig.ADMIN_TOKEN, GatewayConfig.PASSWORD_ITERATIONS, LoginLimits.DELAY_AFTER,
                    LoginLimits.BLOCK_AFTER, LoginLimits.ADDRESS_DELAY_AFTER, LoginLimits.ADDRESS_BLOCK_AFTER,
                    LoginLimits.DELAY_MS, LoginLimits.MAX_DELAY_MS, LoginLimits.BLOCK_SECONDS, LoginLimits.MAX_KEYS)
            .group("Alarm rules (docs/alarms.md)",
                    GatewayConfig.DOOR_HELD_OPEN_SECONDS, GatewayConfig.EXIT_BLOCKED_SECONDS, GatewayConfig.OFFLINE_SECONDS,
                    GatewayConfig.SILENT_SECONDS)
            .group("Dispatch and webhooks (docs/dispatch.md)",
                    GatewayConfig.ESCALATION_SECONDS, GatewayConfig.REMINDER_SECONDS, WebhookTargets.ALLOW_CIDRS,
                    RosterOptions.ZONE)
            .group("SMS and voice calls (docs/sms.md); SMS off unless FIREGRID_SMS_URL or FIREGRID_SMS_PROVIDER is set, calls unless FIREGRID_VOICE_ACCESS_KEY_ID is",
                    SmsOptions.URL, SmsOptions.USER, SmsOptions.PASSWORD, SmsOptions.SENDER, SmsOptions.CALLBACK_URL,
                    SmsOptions.INBOUND_SECRET, SmsOptions.SUMMARY_SECONDS, CloudSmsOptions.PROVIDER, CloudSmsOptions.URL,
                    CloudSmsOptions.ACCESS_KEY_ID, CloudSmsOptions.ACCESS_KEY_SECRET, CloudSmsOptions.SIGN_NAME, CloudSmsOptions.TEMPLATE,
                    CloudSmsOptions.APP_ID, VoiceOptions.PROVIDER, VoiceOptions.URL,
                    VoiceOptions.ACCESS_KEY_ID, VoiceOptions.ACCESS_KEY_SECRET, VoiceOptions.SHOW_NUMBER, VoiceOptions.TTS_CODE,
                    VoiceOptions.PLAY_TIMES, VoiceOptions.APP_ID, VoiceOptions.STATUS_SECRET)
            .group("Store and overload (docs/overload.md)",
                    StoreOptions.ALARM_QUEUE, StoreOptions.TELEMETRY_QUEUE, StoreOptions.DISK_RESERVE_MB,
                    StoreOptions.CACHE_MB, StoreOptions.TELEMETRY_RETENTION_DAYS, StoreOptions.AUDIT_RETENTION_DAYS, StoreOptions.AUDIT_MAX_ENTRIES,
                    IngestOptions.MAX_UNREGISTERED_SENSORS)
            .group("Telemetry (docs/telemetry.md); without FIREGRID_INFLUX_URL an embedded history is kept",
                    TelemetryConfig.INFLUX_URL, TelemetryConfig.INFLUX_API, TelemetryConfig.INFLUX_DB,
                    TelemetryConfig.INFLUX_RP, TelemetryConfig.INFLUX_USER, TelemetryConfig.INFLUX_PASSWORD,
                    TelemetryConfig.INFLUX_TOKEN, TelemetryConfig.INFLUX_ORG, TelemetryConfig.INFLUX_BUCKET,
                    TelemetryConfig.INFLUX_BATCH, TelemetryConfig.INFLUX_FLUSH_MS, TelemetryConfig.INFLUX_TIMEOUT_MS,
                    TelemetryConfig.INFLUX_BUFFER_MB, TelemetryConfig.HISTORY_DAYS, TelemetryConfig.HISTORY_BUCKET_SECONDS)
            .group("Northbound to Eclipse Hono's AMQP adapter (docs/hono.md); off unless FIREGRID_HONO_URI or _HOST is set",
                    HonoConfig.AMQP_URI, HonoConfig.HOST, HonoConfig.PORT, HonoConfig.USERNAME, HonoConfig.PASSWORD,
                    HonoConfig.BUFFER, HonoConfig.WINDOW, HonoConfig.RECONNECT_MIN_MS, HonoConfig.RECONNECT_MAX_MS,
                    HonoConfig.COMMAND_TIMEOUT_SECONDS)
            .group("GB/T 26875.3 listener for fire alarm panels' UITDs (docs/gb26875.md); off unless FIREGRID_GB26875_PORT is set",
                    Gb26875Options.PORT, Gb26875Options.MAX_CONNECTIONS, Gb26875Options.FRAMES_PER_SECOND,
                    Gb26875Options.MAX_PENDING, Gb26875Options.IDLE_SECONDS, Gb26875Options.TIME_ZONE,
                    Gb26875Options.CENTRE, Gb26875Options.ADDRESS, Gb26875Options.CONFIRM_SECONDS)
            .group("Monthly PDF report (docs/reports.md)", PdfOptions.FONT, PdfOptions.MAX_ROWS)
            .build();

    private GatewaySettings() {
    }

    /**
     * Rewrites the generated settings table of the README named by the first argument (default
     * {@code README.md}) from {@link #CATALOGUE}, and says whether it changed.
     */
    public static void main(String[] args) throws IOException {
        System.out.println(CATALOGUE.rewrite(Path.of(args.length > 0 ? args[0] : "README.md")));
    }
}
