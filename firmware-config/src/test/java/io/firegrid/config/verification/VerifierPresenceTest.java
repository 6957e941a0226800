package io.firegrid.config.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Online or not, from the gateway's device status, by the rule of the gateway's {@code offline} alarm. */
class VerifierPresenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void aCoapDeviceHeardWithinTheGatewaysDefaultSilenceLimitIsOnline() throws Exception {
        Presence p = Presence.of(status(false, null, NOW.minusSeconds(60), null), NOW);

        assertThat(p.online()).isTrue();
        assertThat(p.lastSeen()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void aCoapDeviceSilentLongerThanTheDefaultLimitIsOfflineSinceItWasLastHeard() throws Exception {
        Presence p = Presence.of(status(false, "coap", NOW.minusSeconds(Presence.DEFAULT_COAP_SILENCE_SECONDS + 1), null), NOW);

        assertThat(p.online()).isFalse();
        assertThat(p.neverSeen()).isFalse();
        assertThat(p.lastSeen()).isEqualTo(NOW.minusSeconds(201));
    }

    @Test
    void aDeviceWithItsOwnSilenceLimitIsOnlineWithinIt() throws Exception {
        assertThat(Presence.of(status(false, null, NOW.minusSeconds(3600), 7500), NOW).online()).isTrue();
        assertThat(Presence.of(status(false, null, NOW.minusSeconds(7501), 7500), NOW).online()).isFalse();
    }

    @Test
    void anMqttDeviceIsOnlineWhileConnectedAndOfflineOnceDisconnected() throws Exception {
        assertThat(Presence.of(status(true, "mqtt", NOW.minusSeconds(86_400), null), NOW).online()).isTrue();
        assertThat(Presence.of(status(false, "mqtt", NOW.minusSeconds(5), null), NOW).online()).isFalse();
    }

    @Test
    void aDeviceNeverHeardIsNeverSeen() throws Exception {
        Presence p = Presence.of(status(false, null, null, null), NOW);

        assertThat(p.online()).isFalse();
        assertThat(p.neverSeen()).isTrue();
    }

    @Test
    void drillsCoverTheCheckWithAMinuteToSpareWithinTheGatewaysBounds() {
        assertThat(SiteDrills.minutesFor(java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(SiteDrills.minutesFor(java.time.Duration.ofSeconds(300))).isEqualTo(6);
        assertThat(SiteDrills.minutesFor(java.time.Duration.ofSeconds(301))).isEqualTo(7);
        assertThat(SiteDrills.minutesFor(java.time.Duration.ofDays(3))).isEqualTo(1440);
    }

    /** The fields of {@code GET /api/v1/devices/{t}/{d}} that presence reads. */
    private static JsonNode status(boolean connected, String protocol, Instant lastSeen, Integer maxSilenceSeconds)
            throws Exception {
        return JSON.readTree("{\"connected\":" + connected + ",\"protocol\":" + quoted(protocol) + ",\"lastSeen\":"
                + quoted(lastSeen == null ? null : lastSeen.toString()) + ",\"maxSilenceSeconds\":" + maxSilenceSeconds + "}");
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
