package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alarm raised by a device's event reaches the live stream with where its time went (one comment
 * line before the frame, read here from the raw stream as a console's socket gets it), and each
 * stage is counted in {@code firegrid_alarm_path_seconds}; a change made in the API carries no such line.
 */
class AlarmPathTimingTest {

    private static final Pattern PATH = Pattern.compile(
            ": path received=(\\d+) queue=(\\d+) commit=(\\d+) publish=(\\d+) batch=(\\d+)/(\\d+) stream=(\\d+)");

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aSmokeAlarmCarriesItsStagesOnTheStreamAndInTheMetrics() throws Exception {
        URI uri = gw.uri("/api/v1/alarms/stream?access_token=" + TestGateway.ADMIN_TOKEN);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort());
             Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            linesUntil(in, "event: snapshot");

            long before = System.currentTimeMillis() * 1000;
            device.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            List<String> raised = linesUntil(in, "event: alarm");
            long after = System.currentTimeMillis() * 1000;

            String path = raised.get(raised.size() - 2);
            Matcher m = PATH.matcher(path);
            assertThat(m.matches()).as("the line before the alarm frame: %s", path).isTrue();
            assertThat(Long.parseLong(m.group(1))).as("received, epoch microseconds").isBetween(before - 1_000_000, after);
            assertThat(m.group(5) + "/" + m.group(6)).as("the event committed alone").isEqualTo("1/0");
            JsonObject alarm = new JsonObject(in.readLine().substring(5).trim());
            assertThat(alarm.getString("state")).isEqualTo("raised");

            for (String stage : List.of("queue", "commit", "publish", "stream")) {
                assertThat(gw.metric("firegrid_alarm_path_seconds_count", "stage", stage)).as(stage).isEqualTo(1.0);
            }

            // WHEN the alarm is acknowledged in the API: a change of no event, no timings
            gw.post("/api/v1/alarms/" + alarm.getLong("id") + "/ack", "{}");
            List<String> acked = linesUntil(in, "event: alarm");
            assertThat(acked).noneMatch(l -> l.startsWith(": path"));
        }
    }

    /** The stream's lines up to and including the first that is {@code last}. */
    private static List<String> linesUntil(BufferedReader in, String last) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.equals(last)) {
                return lines;
            }
        }
        throw new AssertionError("the stream ended before " + last + ": " + lines);
    }
}
