package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands for devices that sleep between reports: the command rides on the answer to the
 * device's next request (or on the answer it waits for with {@code ?hono-ttd=N}), and the result
 * comes back with {@code POST /command_response/{req-id}?hono-cmd-status=N}.
 */
class CoapCommandTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    CoapDevice device;
    final AtomicLong seq = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir);
        gw.registerDeviceWithPsk("t1", "pi-1");
        device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK);
        assertThat(device.post("/telemetry", Bodies.pressure(seq.incrementAndGet(), 0.3)).getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @AfterEach
    void stop() {
        device.close();
        gw.close();
    }

    @Test
    void commandRidesOnTheAnswerToTheNextReportAndItsResultReachesTheCaller() throws Exception {
        CompletableFuture<HttpResponse<String>> call = sendCommand(20);

        AtomicReference<CoapResponse> withCommand = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            CoapResponse r = device.post("/telemetry", Bodies.pressure(seq.incrementAndGet(), 0.3));
            assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
            withCommand.set(r);
            return r.getOptions().getLocationPathCount() > 0;
        });
        CoapResponse r = withCommand.get();
        assertThat(r.getOptions().getLocationQueryString()).isEqualTo("hono-command=sound-alarm");
        assertThat(new JsonObject(r.getResponseText()).getInteger("seconds")).isEqualTo(60);
        String responsePath = r.getOptions().getLocationPathString();
        assertThat(responsePath).startsWith("command_response/");

        CoapResponse answer = device.post("/" + responsePath + "?hono-cmd-status=200",
                "{\"sounding\":true}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        HttpResponse<String> result = call.get(10, TimeUnit.SECONDS);
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(new JsonObject(result.body()).getInteger("status")).isEqualTo(200);
        assertThat(new JsonObject(result.body()).getJsonObject("body").getBoolean("sounding")).isTrue();

        CoapResponse again = device.post("/" + responsePath + "?hono-cmd-status=200", new byte[0]);
        assertThat(again.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "unknown-command")).isEqualTo(1.0);
    }

    @Test
    void deviceWaitingWithHonoTtdGetsACommandSentWhileItWaits() throws Exception {
        CompletableFuture<CoapResponse> waiting = device.postAsync("/telemetry?hono-ttd=10", Bodies.pressure(seq.incrementAndGet(), 0.3));
        CompletableFuture<HttpResponse<String>> call = sendCommand(20);

        CoapResponse r = waiting.get(15, TimeUnit.SECONDS);

        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(r.getOptions().getLocationQueryString()).isEqualTo("hono-command=sound-alarm");
        String responsePath = r.getOptions().getLocationPathString();
        assertThat(device.post("/" + responsePath + "?hono-cmd-status=202", new byte[0]).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(new JsonObject(call.get(10, TimeUnit.SECONDS).body()).getInteger("status")).isEqualTo(202);
    }

    @Test
    void emptyNotificationWaitsForACommandAndStoresNothing() throws Exception {
        CompletableFuture<CoapResponse> waiting = device.postAsync("/event?empty&hono-ttd=10", new byte[0]);
        CompletableFuture<HttpResponse<String>> call = sendCommand(20);

        CoapResponse r = waiting.get(15, TimeUnit.SECONDS);

        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(r.getOptions().getLocationQueryString()).isEqualTo("hono-command=sound-alarm");
        assertThat(device.post("/" + r.getOptions().getLocationPathString() + "?hono-cmd-status=200", new byte[0]).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(call.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap")).isEqualTo(1.0); // only the one from start()
        assertThat(device.post("/event", new byte[0]).getCode()).isEqualTo(ResponseCode.BAD_REQUEST); // empty without ?empty
    }

    @Test
    void waitWithoutACommandEndsWithAPlainAnswerAfterTheTtd() throws Exception {
        CoapResponse r = device.post("/telemetry?hono-ttd=1", Bodies.pressure(seq.incrementAndGet(), 0.3));

        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(r.getOptions().getLocationPathCount()).isZero();
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(2.0);
    }

    @Test
    void commandResponseWithoutStatusIsABadRequest() throws Exception {
        CoapResponse r = device.post("/command_response/abc123", new byte[0]);

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getResponseText()).contains("hono-cmd-status");
    }

    @Test
    void commandForADeviceNeverHeardFromIsRefusedAtOnce() {
        gw.registerDeviceWithPsk("t1", "pi-2");

        HttpResponse<String> r = gw.post("/api/v1/devices/t1/pi-2/commands", "{\"name\":\"sound-alarm\"}");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("device-offline");
    }

    private CompletableFuture<HttpResponse<String>> sendCommand(int timeoutSeconds) {
        HttpRequest request = HttpRequest.newBuilder(gw.uri("/api/v1/devices/t1/pi-1/commands"))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sound-alarm\",\"body\":{\"seconds\":60},\"timeoutSeconds\":"
                        + timeoutSeconds + "}")).build();
        return java.net.http.HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
