package io.firegrid.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook secrets are sealed in the store like device PSKs: the SQLite files never hold them in
 * plain text, a secret written in plain text by an older gateway is sealed on start, and
 * deliveries are still signed with the secret as given.
 */
class WebhookSecretAtRestTest {

    static final String SECRET = "plain-secret-that-must-not-be-on-disk";
    static final String OLD_SECRET = "an-older-gateway-wrote-me-in-plain";

    @TempDir
    Path dataDir;

    @Test
    void theSecretIsNotInTheStoreFilesAndDeliveriesAreStillSigned() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            try (DispatchScenario scenario = DispatchScenario.start(dataDir)) {
                scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
                scenario.given().webhook(receiver.url(), SECRET);
                scenario.when();
                scenario.restart();
                scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
                assertThat(WebhookReceiver.signedWith(receiver.accepted().get(0), SECRET)).isTrue();
            }
            assertThat(storeFilesContain(SECRET)).as("the secret in plain text in firegrid.db*").isFalse();
            assertThat(column("SELECT secret FROM webhooks")).startsWith("sealed:");
        }
    }

    @Test
    void aSecretStoredInPlainTextIsSealedOnStartAndStillWorks() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            try (DispatchScenario scenario = DispatchScenario.start(dataDir)) {
                scenario.given().site("bldg-7").inCell("cell-3").coveredBy("station-S");
                scenario.when();
            }
            // GIVEN a row as an older gateway wrote it
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("firegrid.db"));
                 Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO webhooks(tenant, url, secret) VALUES ('t1', '" + receiver.url() + "', '"
                        + OLD_SECRET + "')");
            }
            assertThat(column("SELECT secret FROM webhooks")).isEqualTo(OLD_SECRET);

            try (DispatchScenario scenario = DispatchScenario.restartOn(dataDir)) {
                assertThat(column("SELECT secret FROM webhooks")).startsWith("sealed:").doesNotContain(OLD_SECRET);
                scenario.when().detector("pi-bldg-7", "smoke-1").alarms();
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
                assertThat(WebhookReceiver.signedWith(receiver.accepted().get(0), OLD_SECRET)).isTrue();
            }
            assertThat(storeFilesContain(OLD_SECRET)).isFalse();
        }
    }

    private String column(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("firegrid.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** Whether any of the store's files (the database, its WAL) holds {@code text}. */
    private boolean storeFilesContain(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("firegrid.db")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                outer:
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (bytes[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
