package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * A real gateway on loopback ports chosen by the OS, with a small language for tests:
 * {@code gw.registerDevice("t1", "pi-1")}, {@code gw.openAlarms()}, {@code gw.connect("pi-1@t1")}.
 */
public final class TestGateway implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String PASSWORD = "correct-horse-battery";
    /** DTLS pre-shared key of devices registered with {@link #registerDeviceWithPsk}. */
    public static final String PSK = "psk-of-sixteen-plus-bytes";
    /**
     * Webhook targets of tests whose receivers ({@link WebhookReceiver}) listen on loopback, which
     * a gateway refuses by default: {@code FIREGRID_WEBHOOK_ALLOW_CIDRS=127.0.0.0/8,::1}.
     */
    public static final String LOOPBACK_CIDRS = "127.0.0.0/8,::1";

    private final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    public static TestGateway start(Path dataDir) {
        return new TestGateway(Gateway.start(config(dataDir)));
    }

    /** A gateway whose rules and timers read {@code clock}; move it and call {@link #tick()}. */
    public static TestGateway start(Path dataDir, java.time.Clock clock) {
        return new TestGateway(Gateway.start(config(dataDir).withClock(clock)));
    }

    /** A gateway writing telemetry where {@code telemetry} says (InfluxDB, or the embedded history). */
    public static TestGateway start(Path dataDir, io.firegrid.gateway.telemetry.TelemetryConfig telemetry) {
        return new TestGateway(Gateway.start(config(dataDir).withTelemetry(telemetry).withClock(java.time.Clock.systemUTC())));
    }

    /** A gateway with the test settings changed by {@code settings}, e.g. {@code c -> c.withMqttLimits(...)}. */
    public static TestGateway start(Path dataDir, java.util.function.UnaryOperator<GatewayConfig> settings) {
        return new TestGateway(Gateway.start(settings.apply(config(dataDir))));
    }

    /** Runs the gateway's time-based work now and waits until its changes are stored. */
    public void tick() {
        try {
            gateway.tick().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("tick failed", e);
        }
    }

    /** Test helpers around a gateway started with a config of the caller's own. */
    public static TestGateway wrap(Gateway gateway) {
        return new TestGateway(gateway);
    }

    public static GatewayConfig config(Path dataDir) {
        return GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dataDir).withBindHost("127.0.0.1").withHttpPort(0).withMqttPort(0)
                .withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(0, 0))
                .withAdminToken(ADMIN_TOKEN).withPasswordIterations(1_000);
    }

    public Gateway gateway() {
        return gateway;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + gateway.mqttPort();
    }

    /** {@code coap://127.0.0.1:{port}} of plain CoAP. */
    public String coapUri() {
        return "coap://127.0.0.1:" + gateway.coapPort();
    }

    /** {@code coaps://127.0.0.1:{port}} of CoAP over DTLS. */
    public String coapsUri() {
        return "coaps://127.0.0.1:" + gateway.coapsPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    /** Registers {@code device} in {@code tenant} with {@link #PASSWORD}, a smoke detector and a door contact in zone A. */
    public void registerDevice(String tenant, String device) {
        register(tenant, device, null);
    }

    /** Like {@link #registerDevice}, with {@link #PSK} as its DTLS pre-shared key. */
    public void registerDeviceWithPsk(String tenant, String device) {
        register(tenant, device, PSK);
    }

    private void register(String tenant, String device, String psk) {
        JsonObject body = new JsonObject().put("tenant", tenant).put("id", device).put("password", PASSWORD)
                .put("psk", psk)
                .put("site", "site-1")
                .put("sensors", new JsonArray()
                        .add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "A"))
                        .add(new JsonObject().put("id", "smoke-2").put("kind", "smoke").put("zone", "A"))
                        .add(new JsonObject().put("id", "door-1").put("kind", "door").put("zone", "A")));
        HttpResponse<String> r = post("/api/v1/devices", body.encode());
        assertThat(r.statusCode()).as("register %s@%s: %s", device, tenant, r.body()).isEqualTo(201);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Issues a token through the API as the admin; {@code body} as {@code POST /api/v1/tokens} takes it. The 201 answer. */
    public JsonObject issueToken(JsonObject body) {
        HttpResponse<String> r = post("/api/v1/tokens", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body());
    }

    /** A request with {@code token} in the Authorization header; {@code body} null for none. */
    public HttpResponse<String> as(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<JsonObject> alarms(String state) {
        HttpResponse<String> r = get("/api/v1/alarms?state=" + state);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    }

    public List<JsonObject> openAlarms() {
        return alarms("open");
    }

    public Optional<JsonObject> openAlarmFor(String device, String sensor) {
        return openAlarms().stream().filter(a -> a.getString("device").equals(device) && a.getString("sensor").equals(sensor))
                .findFirst();
    }

    /** The value of a counter or gauge in {@code /metrics} (summed over series with these labels), 0 if absent. */
    public double metric(String name, String... labels) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/metrics")).GET().build());
        if (labels.length == 0) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(r.body());
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        }
        StringBuilder pattern = new StringBuilder("(?m)^" + Pattern.quote(name) + "\\{");
        for (int i = 0; i < labels.length; i += 2) {
            pattern.append("(?=[^}]*").append(Pattern.quote(labels[i] + "=\"" + labels[i + 1] + "\"")).append(")");
        }
        pattern.append("[^}]*\\} ([0-9.eE+-]+)$");
        Matcher m = Pattern.compile(pattern.toString()).matcher(r.body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** A connected Paho MQTT 5 client authenticated as {@code authId} ({@code device@tenant}) with {@code password}. */
    public MqttClient connect(String authId, String password) throws Exception {
        MqttClient client = new MqttClient(mqttUri(), authId + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(authId);
        o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        o.setConnectionTimeout(5);
        client.connect(o);
        return client;
    }

    public MqttClient connect(String authId) throws Exception {
        return connect(authId, PASSWORD);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
