package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server's bounds over real sockets: slow request headers, open connections, request
 * bodies, idle connections, and a quiet live alarm stream that must stay open.
 */
class HttpServerLimitsTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void connectionsThatNeverFinishTheirHeadersAreClosedAfterTheTimeoutWhileOthersAreServed() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withHttp(HttpLimits.DEFAULTS.withHeaderTimeoutSeconds(2)));
        for (int i = 0; i < 200; i++) {
            Socket s = open();
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }

        // meanwhile a whole request is answered at once
        assertThat(gw.get("/health").statusCode()).isEqualTo(200);

        for (Socket s : sockets) {
            assertThat(closedByServer(s, Duration.ofSeconds(20))).as("slow socket closed").isTrue();
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "header-timeout")).isEqualTo(200.0);
        assertThat(gw.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionThatSentItsHeadersIsNotCutByTheHeaderTimeout() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withHttp(HttpLimits.DEFAULTS.withHeaderTimeoutSeconds(1)));
        Socket slow = open();
        slow.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.US_ASCII));
        Socket kept = open();
        String first = exchange(kept, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(first).startsWith("HTTP/1.1 200");

        // once the slow one has been closed by its deadline, the kept-alive one (past the same deadline) still serves
        assertThat(closedByServer(slow, Duration.ofSeconds(20))).isTrue();
        assertThat(exchange(kept, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void connectionsBeyondTheBoundAreClosedUnreadAndCounted() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withHttp(HttpLimits.DEFAULTS.withMaxConnections(5)));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket s = open();
            held.add(s);
            assertThat(exchange(s, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
        }

        Socket sixth = open();
        sixth.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(closedByServer(sixth, Duration.ofSeconds(10))).as("refused socket closed without an answer").isTrue();

        for (Socket s : held) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.send(HttpRequest.newBuilder(gw.uri("/health")).build())
                .statusCode() == 200);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "too-many-connections")).isGreaterThanOrEqualTo(1.0);
        assertThat(gw.metric("firegrid_http_connections")).isLessThanOrEqualTo(5.0);
    }

    @Test
    void aBodyLargerThanTheLimitIsRefused413WithAReasonAndCounted() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withHttp(HttpLimits.DEFAULTS.withMaxBodyBytes(4096)));
        String big = "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"" + "x".repeat(5000) + "\"}";

        HttpResponse<String> declared = gw.post("/api/v1/devices", big);
        Socket chunked = open();
        String answer = exchange(chunked, "POST /api/v1/devices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestGateway.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(declared.body()).getString("error")).isEqualTo("too-large");
        assertThat(new JsonObject(declared.body()).getString("detail")).contains("FIREGRID_HTTP_MAX_BODY_BYTES");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("too-large");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "too-large")).isEqualTo(2.0);
        // a body within the limit still goes through
        assertThat(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"s3cret-pass\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void aQuietLiveStreamOutlivesTheIdleTimeoutThatClosesAnIdleConnection() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withHttp(HttpLimits.DEFAULTS.withIdleTimeoutSeconds(1)));
        long opened = System.nanoTime();
        Socket stream = open();
        stream.getOutputStream().write(("GET /api/v1/alarms/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestGateway.ADMIN_TOKEN + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Socket idle = open();
        assertThat(exchange(idle, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");

        assertThat(closedByServer(idle, Duration.ofSeconds(10))).as("idle keep-alive connection closed").isTrue();

        // the stream, with no alarm to send, keeps writing comments: after several idle timeouts it is still open
        stream.setSoTimeout(10_000);
        InputStream in = stream.getInputStream();
        StringBuilder got = new StringBuilder();
        while (count(got, ": keepalive") < 12) {
            int b = in.read();
            assertThat(b).as("stream still open after %s", got).isNotEqualTo(-1);
            got.append((char) b);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("open for three idle timeouts")
                .isGreaterThan(Duration.ofSeconds(3));
        assertThat(got.toString()).contains("event: snapshot");
    }

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.gateway().httpPort());
        sockets.add(s);
        return s;
    }

    /** Sends {@code request} and reads one response (headers and a Content-Length body). */
    private static String exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                return head.toString();
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the server closes {@code s} (end of stream or reset) within {@code limit}; false if it is still open then. */
    private static boolean closedByServer(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (in.read() != -1) {
                // drain anything the server answered before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static int count(CharSequence text, String word) {
        int n = 0;
        for (int i = text.toString().indexOf(word); i >= 0; i = text.toString().indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }
}
