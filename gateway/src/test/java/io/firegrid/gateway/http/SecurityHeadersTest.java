package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.MultiMap;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every response carries the browser security headers; HSTS only over HTTPS. */
class SecurityHeadersTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void consoleApiErrorsAndHealthAllCarryTheHeaders() {
        HttpResponse<String> console = gw.send(HttpRequest.newBuilder(gw.uri("/")).build());
        HttpResponse<String> script = gw.send(HttpRequest.newBuilder(gw.uri("/console.js")).build());
        HttpResponse<String> health = gw.send(HttpRequest.newBuilder(gw.uri("/health")).build());
        HttpResponse<String> api = gw.get("/api/v1/devices");
        HttpResponse<String> unauthorized = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices")).build());
        HttpResponse<String> missing = gw.get("/api/v1/no-such-thing");
        HttpResponse<String> tooLarge = gw.post("/api/v1/devices", "x".repeat(HttpLimits.DEFAULT_MAX_BODY_BYTES + 1));

        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<title>FireGrid</title>");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        for (HttpResponse<String> r : java.util.List.of(console, script, health, api, unauthorized, missing, tooLarge)) {
            HttpHeaders h = r.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(r.uri().toString())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'").contains("script-src 'self'")
                            .contains("frame-ancestors 'none'"));
            assertThat(h.firstValue("X-Frame-Options")).as(r.uri().toString()).hasValue("DENY");
            assertThat(h.firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).as(r.uri().toString()).hasValue("no-referrer");
            assertThat(h.firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
        }
    }

    @Test
    void theHeaderPolicyIsTheConsolePagesOwnPlusFrameAncestors() throws Exception {
        String page = new String(getClass().getClassLoader().getResourceAsStream(HttpApi.CONSOLE_ROOT + "/index.html")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher meta = java.util.regex.Pattern.compile(
                "http-equiv=\"Content-Security-Policy\"\\s+content=\"([^\"]+)\"").matcher(page);

        assertThat(meta.find()).as("the console page keeps its meta policy").isTrue();
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).isEqualTo(meta.group(1) + "; frame-ancestors 'none'");
    }

    @Test
    void strictTransportSecurityIsSentOnlyOnHttpsRequests() {
        MultiMap overTls = MultiMap.caseInsensitiveMultiMap();
        MultiMap plain = MultiMap.caseInsensitiveMultiMap();

        SecurityHeaders.apply(overTls, true);
        SecurityHeaders.apply(plain, false);

        assertThat(overTls.get("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        assertThat(overTls.get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(plain.contains("Strict-Transport-Security")).isFalse();
    }
}
