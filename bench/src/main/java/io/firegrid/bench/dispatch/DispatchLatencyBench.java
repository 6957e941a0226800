package io.firegrid.bench.dispatch;

import io.firegrid.bench.latency.Subscriber;
import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.latency.MosquittoBroker;
import io.firegrid.bench.latency.SseReader;
import io.firegrid.bench.latency.Stats;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Time from a smoke alarm event handed to an MQTT client (Paho, MQTT 5, QoS 1) to the first
 * notifications of it: the alarm frame on the gateway's live stream, and the first and the last
 * of its webhook POSTs at a receiver. The gateway runs in process on loopback with a community
 * created through its API (station, grid cell, building, grid worker, captain, duty officer, one
 * webhook). Each alarm comes from its own detector ({@code smoke-N}, one open alarm each) with a
 * rising {@code seq}.
 *
 * <p>Alarms go one at a time by default: the next is published once the previous one's frame and
 * webhook POSTs have arrived and the gateway has recorded the deliveries, so the figures are
 * latency, not queueing. {@code --concurrent K} adds a case with K alarms in flight.
 *
 * <p>Baseline in the same run: the same client publishing the same bodies through a Mosquitto
 * broker (persistence off) to a subscriber.
 */
public final class DispatchLatencyBench {

    private static final String TOKEN = "bench-admin-token";
    private static final long TIMEOUT_MS = 10_000;
    /** Longer than any run, so no escalation or reminder POSTs join the raised ones. */
    private static final int ESCALATION_SECONDS = 3_600;
    private static final String USAGE = "usage: dispatch [--alarms N] [--warmup N] [--concurrent K] [--samples FILE]";

    private DispatchLatencyBench() {
    }

    public static int run(String[] args) throws Exception {
        int alarms = 1_000;
        int warmup = 100;
        int concurrent = 0;
        Path samples = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--alarms" -> alarms = positive(args[i], args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--concurrent" -> concurrent = positive(args[i], args[++i]);
                    case "--samples" -> samples = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup must be 0 or more");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println((e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage())
                    + "; " + USAGE);
            return 2;
        }
        System.out.println("machine: " + Machine.describe());
        System.out.printf(Locale.ROOT, "alarms: %d measured after %d warm-up, per case; each from its own detector;"
                + " %d webhook POSTs per alarm (station crew, grid worker, building captain)%n%n", alarms, warmup,
                Community.RECIPIENTS_PER_ALARM);
        boolean baseline = MosquittoBroker.installed();
        if (!baseline) {
            System.out.println("mosquitto not installed (apt-get install mosquitto): baseline skipped");
        }
        List<Integer> windows = concurrent > 0 ? List.of(1, concurrent) : List.of(1);
        InFlight.Stages oneAtATime = null;
        if (samples != null) {
            Files.writeString(samples, "window,alarm,stream_ms,first_webhook_ms,last_webhook_ms,to_gateway_ms,"
                    + "received_to_frame_ms,received_to_post_ms,received_to_routed_ms,routed_to_post_ms\n");
        }
        System.out.printf(Locale.ROOT, "%-50s %6s %8s %8s %8s %8s%n", "case (PUBLISH handed to Paho -> arrival)", "alarms",
                "median", "p90", "worst", "best");
        for (int window : windows) {
            String how = window == 1 ? "one at a time" : window + " in flight";
            FireGridResult fg = fireGrid(window, warmup, alarms, samples);
            print("FireGrid, " + how + ": alarm frame on the stream", fg.stream());
            print("FireGrid, " + how + ": first webhook POST", fg.firstWebhook());
            print("FireGrid, " + how + ": last of " + Community.RECIPIENTS_PER_ALARM + " webhook POSTs", fg.lastWebhook());
            if (baseline) {
                Stats mq = Stats.of(mosquitto(window, warmup, alarms));
                print("Mosquitto, " + how + ": event at a subscriber", mq);
                ratio("ratio stream / Mosquitto", fg.stream(), mq);
                ratio("ratio first webhook / Mosquitto", fg.firstWebhook(), mq);
            }
            System.out.println();
            if (window == 1) {
                oneAtATime = fg.stages();
            }
        }
        System.out.println("from the gateway's receipt of the event (the alarm's raisedAt) and the start of routing (the");
        System.out.println("notification's at), the gateway's own clock stamps; one at a time");
        print("  PUBLISH -> event received by the gateway", Stats.of(oneAtATime.toGateway()));
        print("  received -> alarm frame on the stream", Stats.of(oneAtATime.receivedToFrame()));
        print("  received -> first webhook POST", Stats.of(oneAtATime.receivedToPost()));
        print("    received -> routing began", Stats.of(oneAtATime.receivedToRouted()));
        print("    routing began -> first webhook POST", Stats.of(oneAtATime.routedToPost()));
        if (samples != null) {
            System.out.println();
            System.out.println("samples: " + samples);
        }
        return 0;
    }

    private record FireGridResult(Stats stream, Stats firstWebhook, Stats lastWebhook, InFlight.Stages stages) {
    }

    private static void print(String label, Stats s) {
        System.out.printf(Locale.ROOT, "%-50s %6d %6.1fms %6.1fms %6.1fms %6.1fms%n", label, s.runs(), s.median(), s.p90(),
                s.worst(), s.best());
    }

    private static void ratio(String label, Stats fg, Stats mq) {
        System.out.printf(Locale.ROOT, "%-50s %6s %7.2fx %7.2fx %7.2fx%n", label, "", fg.median() / mq.median(),
                fg.p90() / mq.p90(), fg.worst() / mq.worst());
    }

    @SuppressWarnings("try") // the stream follower works in the background while the body runs
    private static FireGridResult fireGrid(int window, int warmup, int alarms, Path samples) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-dispatch-");
        int total = warmup + alarms;
        InFlight m = new InFlight(total, Community.RECIPIENTS_PER_ALARM, window);
        long started = progress("FireGrid", window, total);
        try (Gateway gw = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir.resolve("gateway")).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0)
                .withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(0, 0)).withAdminToken(TOKEN).withPasswordIterations(1_000)
                .withEscalationSeconds(ESCALATION_SECONDS)
                // the receiver listens on loopback, which webhooks may reach only when allowed
                .withWebhookTargets(io.firegrid.gateway.webhook.WebhookTargets.allowing("127.0.0.0/8")));
             WebhookReceiver receiver = new WebhookReceiver(Community.WEBHOOK_SECRET, (notification, nanos) -> {
                 JsonObject alarm = notification.getJsonObject("alarm");
                 if ("raised".equals(notification.getString("reason"))) {
                     m.webhook(index(alarm.getString("sensor")), nanos, Instant.parse(alarm.getString("raisedAt")),
                             Instant.parse(notification.getString("at")));
                 }
             })) {
            String base = "http://127.0.0.1:" + gw.httpPort();
            Community community = new Community(base, TOKEN);
            community.create(receiver.url());
            try (SseReader stream = new SseReader(URI.create(base + "/api/v1/alarms/stream?access_token=" + TOKEN));
                 StreamFollower follower = new StreamFollower(stream, m)) {
                MqttAsyncClient client = publisher("tcp://127.0.0.1:" + gw.mqttPort(), Community.DEVICE + "@" + Community.TENANT,
                        Community.PASSWORD);
                try {
                    Settle settle = window == 1
                            ? i -> community.awaitDelivered(m.alarmId(i), Community.RECIPIENTS_PER_ALARM, TIMEOUT_MS)
                            : i -> { };
                    publish(client, m, 0, warmup, window, settle);
                    publish(client, m, warmup, total, window, settle);
                } finally {
                    close(client);
                }
            }
            if (receiver.badSignatures() + receiver.repeats() + m.unexpected() > 0) {
                System.out.printf("  note: %d bad signatures, %d repeated deliveries, %d unexpected arrivals%n",
                        receiver.badSignatures(), receiver.repeats(), m.unexpected());
            }
        } finally {
            delete(dir);
        }
        done(started);
        if (samples != null) {
            writeSamples(samples, window, m, warmup, total);
        }
        return new FireGridResult(Stats.of(m.toStream(warmup, total)), Stats.of(m.toFirstWebhook(warmup, total)),
                Stats.of(m.toLastWebhook(warmup, total)), m.stages(warmup, total));
    }

    private static double[] mosquitto(int window, int warmup, int alarms) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-dispatch-mosquitto-");
        int total = warmup + alarms;
        InFlight m = new InFlight(total, 0, window);
        long started = progress("Mosquitto", window, total);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            MqttAsyncClient subscriber = subscriber(broker.uri(), m);
            MqttAsyncClient client = publisher(broker.uri(), "bench-publisher", null);
            try {
                publish(client, m, 0, warmup, window, i -> { });
                publish(client, m, warmup, total, window, i -> { });
            } finally {
                close(client);
                close(subscriber);
            }
        } finally {
            delete(dir);
        }
        done(started);
        return m.toStream(warmup, total);
    }

    /** Appends one CSV line per measured alarm of this case, in milliseconds. */
    private static void writeSamples(Path file, int window, InFlight m, int from, int to) throws IOException {
        double[][] columns = {m.toStream(from, to), m.toFirstWebhook(from, to), m.toLastWebhook(from, to)};
        InFlight.Stages st = m.stages(from, to);
        double[][] stages = {st.toGateway(), st.receivedToFrame(), st.receivedToPost(), st.receivedToRouted(),
            st.routedToPost()};
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < to - from; k++) {
            out.append(window).append(',').append(from + k);
            for (double[] c : columns) {
                out.append(String.format(Locale.ROOT, ",%.3f", c[k]));
            }
            for (double[] c : stages) {
                out.append(String.format(Locale.ROOT, ",%.3f", c[k]));
            }
            out.append('\n');
        }
        Files.writeString(file, out, java.nio.file.StandardOpenOption.APPEND);
    }

    /** What to wait for after alarm {@code i} has arrived, before the next is sent. */
    @FunctionalInterface
    private interface Settle {
        void after(int i) throws Exception;
    }

    /**
     * Publishes alarms {@code from} to {@code to} - 1, at most {@code window} in flight; one at a
     * time, also waits for {@code settle} before the next.
     */
    private static void publish(MqttAsyncClient client, InFlight m, int from, int to, int window, Settle settle)
            throws Exception {
        for (int i = from; i < to; i++) {
            MqttMessage message = new MqttMessage(event(i), 1, false, null);
            m.acquire(TIMEOUT_MS);
            m.sending(i);
            int n = i;
            client.publish("event", message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    m.acked(n);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable t) {
                    System.err.println("  publish of alarm " + n + " failed: " + t);
                }
            });
            if (window == 1) {
                m.drain(TIMEOUT_MS);
                settle.after(i);
            }
        }
        m.drain(TIMEOUT_MS);
    }

    /** Alarm {@code i}'s event: detector {@code smoke-(i+1)} in alarm, {@code seq} i+1. */
    private static byte[] event(int i) {
        return new JsonObject().put("ts", Instant.now().toString()).put("seq", i + 1).put("sensor", "smoke-" + (i + 1))
                .put("kind", "smoke").put("state", "alarm").encode().getBytes(StandardCharsets.UTF_8);
    }

    static int index(String sensor) {
        return sensor != null && sensor.startsWith("smoke-") ? Integer.parseInt(sensor.substring(6)) - 1 : -1;
    }

    private static MqttAsyncClient publisher(String uri, String clientId, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        if (password != null) {
            o.setUserName(clientId);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        c.connect(o).waitForCompletion(TIMEOUT_MS);
        return c;
    }

    private static MqttAsyncClient subscriber(String uri, InFlight m) throws MqttException {
        return Subscriber.connect(uri, "event", TIMEOUT_MS, (body, nanos) ->
                m.streamed(index(new JsonObject(body).getString("sensor")), 0, nanos));
    }

    private static void close(MqttAsyncClient c) throws MqttException {
        if (c.isConnected()) {
            c.disconnect().waitForCompletion(TIMEOUT_MS);
        }
        c.close();
    }

    private static long progress(String what, int window, int total) {
        System.err.printf(Locale.ROOT, "  %s, %s: %d alarms ...%n", what, window == 1 ? "one at a time" : window + " in flight",
                total);
        return System.nanoTime();
    }

    private static void done(long started) {
        System.err.printf(Locale.ROOT, "  ... done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Hands each raised alarm's frame on the stream to {@link InFlight}, on a thread of its own. */
    private static final class StreamFollower implements AutoCloseable {

        private final Thread thread;
        private volatile boolean running = true;

        StreamFollower(SseReader stream, InFlight m) throws InterruptedException {
            SseReader.Frame snapshot = stream.next(TIMEOUT_MS);
            if (!"snapshot".equals(snapshot.event())) {
                throw new IllegalStateException("the alarm stream did not start with a snapshot: " + snapshot);
            }
            thread = new Thread(() -> follow(stream, m), "bench-stream-follower");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(SseReader stream, InFlight m) {
            while (running) {
                SseReader.Frame f;
                try {
                    f = stream.next(200);
                } catch (IllegalStateException quiet) {
                    continue;
                } catch (InterruptedException e) {
                    return;
                }
                JsonObject alarm = new JsonObject(f.data());
                if ("alarm".equals(f.event()) && "raised".equals(alarm.getString("state"))) {
                    m.streamed(index(alarm.getString("sensor")), alarm.getLong("id"), f.arrivedNanos());
                }
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
