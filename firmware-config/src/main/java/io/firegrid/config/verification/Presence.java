package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether the gateway sees a device, read from its device status
 * ({@code GET /api/v1/devices/{tenant}/{device}}): online when it holds a connection
 * ({@code connected}, MQTT) or sent a message or heartbeat ({@code lastSeen}) within its silence
 * limit, the same rule by which the gateway raises trouble {@code offline}. The limit is the
 * device's own {@code maxSilenceSeconds}, else {@value #DEFAULT_COAP_SILENCE_SECONDS} s (the gateway's
 * default {@code silentAfter}) for a device that never held an MQTT connection (CoAP devices hold
 * none: their {@code protocol} stays null); an MQTT device without a limit of its own is online only
 * while connected.
 *
 * @param online    seen now
 * @param lastSeen  the last connection or message, or {@code null}: never seen
 */
public record Presence(boolean online, Instant lastSeen) {

    /** The gateway's default silence limit for a CoAP device without one of its own. */
    public static final long DEFAULT_COAP_SILENCE_SECONDS = 200;

    public boolean neverSeen() {
        return lastSeen == null;
    }

    /** The presence {@code body} (the gateway's device JSON) shows at {@code now}. */
    public static Presence of(JsonNode body, Instant now) {
        Instant lastSeen = instant(body.path("lastSeen"));
        if (body.path("connected").asBoolean(false)) {
            return new Presence(true, lastSeen != null ? lastSeen : now);
        }
        if (lastSeen == null) {
            return new Presence(false, null);
        }
        JsonNode own = body.path("maxSilenceSeconds");
        Long limit = own.canConvertToLong() && !own.isNull() ? Long.valueOf(own.asLong())
                : "mqtt".equalsIgnoreCase(body.path("protocol").asText("")) ? null : Long.valueOf(DEFAULT_COAP_SILENCE_SECONDS);
        boolean recent = limit != null && Duration.between(lastSeen, now).compareTo(Duration.ofSeconds(limit)) <= 0;
        return new Presence(recent, lastSeen);
    }

    private static Instant instant(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
