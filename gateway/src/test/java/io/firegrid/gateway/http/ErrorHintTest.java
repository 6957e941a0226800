package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain errors speak of the domain; the HTTP API appends the API call that helps (the error's hint),
 * which device protocols never show.
 */
class ErrorHintTest {

    @TempDir
    Path dataDir;

    @Test
    void theHintIsKeptApartFromTheReason() {
        FireGridException e = FireGridException.badRequest("unknown-reference", "'station' names S, which tenant t1"
                + " does not have: create it first").withHint("POST /api/v1/stations");

        assertThat(e.reason()).doesNotContain("/api/");
        assertThat(e.hint()).isEqualTo("POST /api/v1/stations");
        assertThat(e.status()).isEqualTo(FireGridException.Status.BAD_REQUEST);
        assertThat(e.code()).isEqualTo("unknown-reference");
        assertThat(FireGridException.notFound("x", "y").hint()).isNull();
    }

    @Test
    void apiCallersGetTheDomainReasonFollowedByTheApiCallThatHelps() {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            // WHEN a cell names a station that does not exist, and an unknown webhook is removed
            HttpResponse<String> cell = gw.post("/api/v1/cells", "{\"tenant\":\"t1\",\"id\":\"c1\",\"station\":\"nowhere\"}");
            HttpResponse<String> webhook = gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/webhooks/wh-9", null);

            // THEN each detail is the reason, then the call in parentheses
            assertError(cell, 400, "unknown-reference",
                    "'station' names nowhere, which tenant t1 does not have: create it first (POST /api/v1/stations)");
            assertError(webhook, 404, "unknown-webhook", "there is no webhook wh-9 (GET /api/v1/webhooks lists them)");
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo(code);
        assertThat(body.getString("detail")).isEqualTo(detail);
    }
}
