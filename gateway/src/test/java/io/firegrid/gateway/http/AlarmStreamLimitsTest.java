package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.SseClient;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live stream is bounded: past the most open streams a new one is refused 503 with a reason and
 * counted, the open ones keep receiving alarms, and a closed one frees its place.
 */
class AlarmStreamLimitsTest {

    @TempDir
    Path dataDir;

    @Test
    void aStreamBeyondTheLimitIsRefusedWhileTheOpenOnesKeepGettingAlarms() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir)) {
            URI uri = gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN);
            List<Socket> open = new ArrayList<>();
            try (SseClient watched = SseClient.open(uri)) {
                watched.next(Duration.ofSeconds(10)); // snapshot
                // GIVEN every other place taken
                for (int i = 1; i < AlarmStream.DEFAULT_MAX_CLIENTS; i++) {
                    Socket s = request(uri);
                    assertThat(statusLine(s)).as("stream %d", i).contains(" 200 ");
                    open.add(s);
                }

                // WHEN one more console asks
                Socket refused = request(uri);
                String status = statusLine(refused);
                String body = body(refused);
                refused.close();

                // THEN it is refused with a reason, counted, and the open streams still get alarms
                assertThat(status).contains(" 503 ");
                assertThat(body).contains("too-many-streams", "close a console");
                assertThat(gw.metric("firegrid_refused_total", "code", "too-many-streams")).isEqualTo(1.0);
                gw.registerDevice("t1", "pi-1");
                try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                    assertThat(device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
                }
                SseClient.Frame alarm = watched.next(Duration.ofSeconds(5));
                assertThat(alarm.event()).isEqualTo("alarm");
                assertThat(alarm.data()).contains("\"smoke-1\"");

                // and a place freed is taken again
                open.remove(0).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    Socket s = request(uri);
                    boolean ok = statusLine(s).contains(" 200 ");
                    if (ok) {
                        open.add(s);
                    } else {
                        s.close();
                    }
                    return ok;
                });
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    private static Socket request(URI uri) throws IOException {
        Socket s = new Socket(uri.getHost(), uri.getPort());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** The body of a response whose status line was read: headers up to the blank line, then Content-Length bytes. */
    private static String body(Socket s) throws IOException {
        int length = 0;
        String header;
        while (!(header = statusLine(s)).isBlank()) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        return new String(s.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String statusLine(Socket s) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
