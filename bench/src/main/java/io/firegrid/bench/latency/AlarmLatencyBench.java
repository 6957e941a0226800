package io.firegrid.bench.latency;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Time from a smoke contact closing on an edge agent (Pi4J mock input) to the fire alarm on the
 * gateway's live stream, as a console receives it; and, as the baseline measured in the same run,
 * the same agent publishing the same event through a Mosquitto broker to a subscriber. FireGrid's
 * path adds authentication, validation, an fsync'd commit of event and alarm, the alarm engine and
 * the SSE push; Mosquitto's (persistence off) only relays.
 *
 * <p>Each case runs with the agent's default 50 ms contact debounce (what a real detector sees)
 * and with debounce off (the software path alone).
 */
public final class AlarmLatencyBench {

    private static final DeviceId DEVICE = new DeviceId("bench", "pi-bench");
    private static final String PASSWORD = "bench-password";
    private static final String TOKEN = "bench-admin-token";
    private static final long TIMEOUT_MS = 10_000;

    private AlarmLatencyBench() {
    }

    public static int run(String[] args) throws Exception {
        int runs = 100;
        int warmup = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: latency [--runs N] [--warmup N]");
                    return 2;
                }
            }
        }
        System.out.println("machine: " + Machine.describe());
        System.out.printf(Locale.ROOT, "runs: %d measured after %d warm-up, per case%n%n", runs, warmup);
        boolean baseline = MosquittoBroker.installed();
        if (!baseline) {
            System.out.println("mosquitto not installed (apt-get install mosquitto): baseline skipped");
        }
        System.out.printf(Locale.ROOT, "%-50s %6s %8s %8s %8s %8s%n", "case (GPIO change -> subscriber)", "runs",
                "median", "p90", "worst", "best");
        for (Duration debounce : List.of(Hardware.DEFAULT_DEBOUNCE, Duration.ZERO)) {
            String d = "debounce " + debounce.toMillis() + " ms";
            Stats fg = Stats.of(fireGrid(debounce, warmup, runs));
            print("FireGrid: alarm on the live stream, " + d, fg);
            if (baseline) {
                Stats mq = Stats.of(mosquitto(debounce, warmup, runs));
                print("Mosquitto: event to a subscriber, " + d, mq);
                System.out.printf(Locale.ROOT, "%-50s %6s %7.2fx %7.2fx %7.2fx%n", "ratio FireGrid / Mosquitto", "",
                        fg.median() / mq.median(), fg.p90() / mq.p90(), fg.worst() / mq.worst());
            }
            System.out.println();
        }
        return 0;
    }

    private static void print(String label, Stats s) {
        System.out.printf(Locale.ROOT, "%-50s %6d %6.1fms %6.1fms %6.1fms %6.1fms%n", label, s.runs(), s.median(), s.p90(),
                s.worst(), s.best());
    }

    private static double[] fireGrid(Duration debounce, int warmup, int runs) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-");
        Gateway gw = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir.resolve("gateway")).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0)
                .withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(0, 0)).withAdminToken(TOKEN).withPasswordIterations(1_000));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + gw.httpPort();
        try (gw) {
            HttpResponse<String> reg = post(http, base + "/api/v1/devices", new JsonObject().put("tenant", DEVICE.tenant())
                    .put("id", DEVICE.device()).put("password", PASSWORD).encode());
            if (reg.statusCode() != 201) {
                throw new IllegalStateException("registering the bench device failed: " + reg.body());
            }
            // a duty officer, so the device's alarms (it has no site) are routed as in a real community
            HttpResponse<String> officer = post(http, base + "/api/v1/people", new JsonObject().put("tenant", DEVICE.tenant())
                    .put("id", "duty").put("name", "Duty Officer").put("role", "duty-officer").encode());
            if (officer.statusCode() != 201) {
                throw new IllegalStateException("creating the duty officer failed: " + officer.body());
            }
            try (SseReader stream = new SseReader(URI.create(base + "/api/v1/alarms/stream?access_token=" + TOKEN));
                 Agent agent = agent(dir, debounce, URI.create("tcp://127.0.0.1:" + gw.mqttPort()))) {
                stream.next(TIMEOUT_MS); // snapshot
                double[] millis = new double[runs];
                for (int i = -warmup; i < runs; i++) {
                    long t0 = System.nanoTime();
                    agent.mockContact("smoke-1").set(true);
                    SseReader.Frame f;
                    JsonObject alarm;
                    do {
                        f = stream.next(TIMEOUT_MS);
                        alarm = new JsonObject(f.data());
                    } while (!"raised".equals(alarm.getString("state")));
                    if (i >= 0) {
                        millis[i] = (f.arrivedNanos() - t0) / 1e6;
                    }
                    post(http, base + "/api/v1/alarms/" + alarm.getLong("id") + "/resolve", "{\"cause\":\"test\"}");
                    agent.mockContact("smoke-1").set(false);
                    awaitNormal(http, base);
                }
                return millis;
            }
        }
    }

    private static double[] mosquitto(Duration debounce, int warmup, int runs) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-mosquitto-");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
            MqttAsyncClient subscriber = subscriber(broker.uri(), arrivals);
            try (Agent agent = agent(dir, debounce, URI.create(broker.uri()))) {
                double[] millis = new double[runs];
                for (int i = -warmup; i < runs; i++) {
                    long t0 = System.nanoTime();
                    agent.mockContact("smoke-1").set(true);
                    Arrival a;
                    do {
                        a = next(arrivals);
                    } while (!a.body().contains("\"alarm\""));
                    if (i >= 0) {
                        millis[i] = (a.nanos() - t0) / 1e6;
                    }
                    agent.mockContact("smoke-1").set(false);
                    do {
                        a = next(arrivals);
                    } while (!a.body().contains("\"normal\""));
                }
                return millis;
            } finally {
                subscriber.disconnect().waitForCompletion(5_000);
                subscriber.close();
            }
        }
    }

    private record Arrival(String body, long nanos) {
    }

    private static Arrival next(BlockingQueue<Arrival> q) throws InterruptedException {
        Arrival a = q.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new IllegalStateException("no message at the Mosquitto subscriber within " + TIMEOUT_MS + " ms");
        }
        return a;
    }

    private static Agent agent(Path dir, Duration debounce, URI mqtt) throws IOException, InterruptedException {
        Hardware hardware = new Hardware(GpioPlatform.MOCK, List.of(new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)),
                Hardware.DEFAULT_SIREN_PIN, debounce);
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(mqtt, DEVICE, PASSWORD, dir.resolve("agent-mqtt")));
        Agent agent = new Agent(DEVICE, hardware, SeqCounter.open(dir.resolve("agent-seq")), uplink);
        agent.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!uplink.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agent did not connect to " + mqtt);
            }
            Thread.sleep(10);
        }
        return agent;
    }

    private static MqttAsyncClient subscriber(String uri, BlockingQueue<Arrival> arrivals) throws MqttException {
        return Subscriber.connect(uri, "event", 10_000, (body, nanos) -> arrivals.add(new Arrival(body, nanos)));
    }

    private static void awaitNormal(HttpClient http, String base) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/"
                    + DEVICE.tenant() + "/" + DEVICE.device())).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            if ("normal".equals(new JsonObject(r.body()).getJsonObject("lastValues").getString("smoke-1"))) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("the detector's return to normal was not stored within " + TIMEOUT_MS + " ms");
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
