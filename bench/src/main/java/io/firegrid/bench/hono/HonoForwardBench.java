package io.firegrid.bench.hono;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.hono.HonoConnector;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@code ./firegrid bench hono}: how fast a gateway forwards to an AMQP 1.0 peer standing in for
 * Hono's AMQP adapter (Apache ActiveMQ Artemis on loopback), against a plain AMQP client sending
 * the same bodies to the same peer in the same run, and what the durable buffer does while the
 * peer is away. See bench/README.md.
 */
public final class HonoForwardBench {

    static final String USER = "gw-1@t1";
    static final String SECRET = "bench-secret";
    static final String TOKEN = "bench-admin-token";
    static final String DEVICE_PASSWORD = "bench-device-password";

    private HonoForwardBench() {
    }

    public static int run(String[] args) throws Exception {
        int messages = 20_000;
        int window = HonoConfig.DEFAULT_WINDOW;
        int buffer = 10_000;
        int outageMessages = 20_000;
        int events = 200;
        int drain = 20_000;
        boolean drainOnly = false;
        boolean coldPeer = false;
        int rounds = 3;
        Path jfr = null;
        Path home = defaultArtemisHome();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--buffer" -> buffer = Integer.parseInt(args[++i]);
                case "--outage-messages" -> outageMessages = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--drain" -> drain = Integer.parseInt(args[++i]);
                case "--drain-only" -> drainOnly = true;
                case "--cold-peer" -> coldPeer = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--jfr" -> jfr = Path.of(args[++i]);
                case "--artemis-home" -> home = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --messages N --window W --buffer B "
                            + "--outage-messages M --events E --drain D --drain-only --cold-peer --rounds R --jfr DIR --artemis-home DIR");
                    return 2;
                }
            }
        }
        System.out.println("machine: " + Machine.describe());
        System.out.println("peer: Apache ActiveMQ Artemis 2.40.0 on loopback, AMQP 1.0, SASL PLAIN, messages unsettled "
                + "until accepted; " + window + " in flight");
        Path dir = Files.createTempDirectory("firegrid-bench-hono");
        try (ArtemisProcess artemis = ArtemisProcess.create(home, dir, USER, SECRET)) {
            artemis.start();
            baseline(artemis.port(), messages, window); // warms the JIT up for the AMQP path, as the gateway's cases are
            System.out.println("load average before the cases: " + Machine.loadAverage());
            drain(artemis, dir.resolve("gateway-drain-warm-up"), drain, window, coldPeer, null); // the same for the gateway's code
            // rounds: the baseline and the drain alternate, so that the machine's other load falls on both
            double[] baselineRates = new double[rounds];
            double[] baselineCpus = new double[rounds];
            double[] drainRates = new double[rounds];
            double[] drainCpus = new double[rounds];
            double[] ratios = new double[rounds];
            System.out.println();
            System.out.println("forwarding alone: " + drain + " readings buffered while the peer could not be reached, drained by a"
                    + " gateway started on that buffer, to " + (coldPeer ? "Artemis just restarted (and the baseline too)"
                    : "the running Artemis the baseline uses") + "; " + rounds + " rounds, baseline then drain");
            System.out.println("round   baseline msg/s (CPU us/msg)   drained msg/s (CPU us/msg)   ratio   load average");
            for (int r = 0; r < rounds; r++) {
                if (coldPeer) {
                    artemis.kill();
                    artemis.start();
                }
                Cpu baselineCpu = new Cpu();
                baselineRates[r] = baseline(artemis.port(), messages, window);
                baselineCpus[r] = baselineCpu.microsPer(messages);
                double[] drained = drain(artemis, dir.resolve("gateway-drain-" + r), drain, window, coldPeer,
                        jfr == null ? null : jfr.resolve("drain-" + (r + 1) + ".jfr"));
                drainRates[r] = drained[0];
                drainCpus[r] = drained[1];
                ratios[r] = drainRates[r] / baselineRates[r];
                System.out.printf("%5d   %14.0f (%6.1f)          %13.0f (%6.1f)          %5.2fx   %s%n", r + 1, baselineRates[r],
                        baselineCpus[r], drainRates[r], drainCpus[r], ratios[r], Machine.loadAverage());
            }
            System.out.println("case                                                 min msg/s  median msg/s   median CPU us/msg");
            System.out.printf("%-52s %10.0f %13.0f %19.1f%n", "plain AMQP client -> Artemis (baseline), " + messages,
                    min(baselineRates), median(baselineRates), median(baselineCpus));
            System.out.printf("%-52s %10.0f %13.0f %19.1f%n", "FireGrid: buffer drained to Artemis, " + drain,
                    min(drainRates), median(drainRates), median(drainCpus));
            System.out.printf("ratio drained / baseline: median of rounds %.2fx, min %.2fx; of the medians %.2fx; "
                            + "CPU per message %.2fx   load average %s%n", median(ratios), min(ratios),
                    median(drainRates) / median(baselineRates), median(drainCpus) / median(baselineCpus), Machine.loadAverage());
            double baseline = median(baselineRates);
            if (drainOnly) {
                return 0;
            }
            double off = ingestWithHonoOff(dir.resolve("gateway-off"), messages);
            HonoConfig hono = HonoConfig.to("127.0.0.1", artemis.port(), USER, SECRET).withWindow(window)
                    .withTelemetryBuffer(buffer).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2));
            GatewayConfig config = GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir.resolve("gateway")).withBindHost("127.0.0.1")
                    .withHttpPort(0).withMqttPort(0).withAdminToken(TOKEN).withPasswordIterations(1_000)
                    .withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(IN_FLIGHT));
            try (Gateway gw = Gateway.start(config.withHono(hono))) {
                HonoConnector connector = gw.hono().orElseThrow();
                register(gw);
                waitUntil(connector::connected, 60_000, "the gateway did not connect to Artemis");
                try (Device pi = Device.connect(gw.mqttPort())) {
                    // live: device -> gateway (fsync'd) -> buffer (fsync'd) -> Artemis
                    Cpu liveCpu = new Cpu();
                    long t0 = System.nanoTime();
                    pi.publish(1, messages, "telemetry");
                    double ingest = rate(messages, System.nanoTime() - t0);
                    long total = messages;
                    waitUntil(() -> connector.forwarded() >= total, 600_000, "not all forwarded");
                    double live = rate(messages, System.nanoTime() - t0);
                    System.out.println("end to end: CPU us/msg by thread: " + liveCpu.topThreads(messages, 8));
                    System.out.println();
                    System.out.println("case                                                    messages      msg/s");
                    row("plain AMQP client -> Artemis (baseline)", messages, baseline);
                    row("FireGrid, Hono switched off: device PUBACKs (ingest)", messages, off);
                    row("FireGrid: device PUBACKs (ingest, Artemis up)", messages, ingest);
                    row("FireGrid: device -> forwarded to Artemis (end to end)", messages, live);
                    System.out.printf("ratio forwarded / baseline                                         %8.2fx%n", live / baseline);

                    // outage: the peer is killed; devices go on; the buffer keeps events and the newest telemetry
                    long before = connector.forwarded();
                    artemis.kill();
                    waitUntil(() -> !connector.connected(), 30_000, "the gateway did not notice the outage");
                    long t1 = System.nanoTime();
                    pi.publish(messages + 1, outageMessages, "telemetry");
                    pi.publish(messages + outageMessages + 1, events, "event");
                    double awayIngest = rate(outageMessages + events, System.nanoTime() - t1);
                    JsonObject h = health(gw);
                    long waiting = connector.waiting();
                    long t2 = System.nanoTime();
                    artemis.start();
                    long started = System.nanoTime();
                    waitUntil(connector::connected, 120_000, "the gateway did not reconnect");
                    long t3 = System.nanoTime();
                    waitUntil(() -> connector.waiting() == 0, 600_000, "the buffer did not drain");
                    long drainNanos = System.nanoTime() - t3;
                    long sent = connector.forwarded() - before;
                    System.out.println();
                    System.out.println("outage (Artemis killed with SIGKILL, restarted once the devices were done)");
                    System.out.printf("  published while away: %d telemetry + %d events, device PUBACKs at %.0f msg/s%n",
                            outageMessages, events, awayIngest);
                    System.out.printf("  buffered when the peer came back: %d (telemetry %d of at most %d, events %d, alarms %d);"
                                    + " telemetry dropped oldest-first: %d%n", waiting,
                            h.getJsonObject("buffered").getLong("telemetry"), buffer, h.getJsonObject("buffered").getLong("event"),
                            h.getJsonObject("buffered").getLong("alarm"), h.getLong("droppedTelemetry"));
                    System.out.printf("  Artemis restart to port open: %.1f s; port open to reconnected: %.1f s%n",
                            (started - t2) / 1e9, (t3 - started) / 1e9);
                    System.out.printf("  drained from reconnection: %d messages in %.2f s (%.0f msg/s); buffer empty, nothing"
                            + " else lost: %s%n", sent, drainNanos / 1e9, rate(sent, drainNanos), sent == waiting);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /**
     * Forwarding on its own, without ingest setting the pace: a gateway whose Hono peer cannot be
     * reached (a loopback port nothing listens on) takes {@code n} readings into its buffer and
     * stops; a gateway started on the same data directory, pointed at the running Artemis the
     * baseline uses, drains it, and the rate is taken from its connection until the buffer is
     * empty. With {@code coldPeer}, Artemis is killed and started again just before that gateway,
     * as the baseline's peer is in that mode. The device is idle meanwhile and Artemis is its own
     * process, so the JVM's CPU time over that span is the gateway's.
     *
     * @return messages per second, and the process's CPU microseconds per message
     */
    private static double[] drain(ArtemisProcess artemis, Path dataDir, int n, int window, boolean coldPeer, Path jfr)
            throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1))
                .withDataDir(dataDir).withBindHost("127.0.0.1").withHttpPort(0).withMqttPort(0).withAdminToken(TOKEN)
                .withPasswordIterations(1_000).withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(IN_FLIGHT));
        int unreachable;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unreachable = s.getLocalPort();
        }
        try (Gateway gw = Gateway.start(config.withHono(hono(unreachable, window, n)))) {
            HonoConnector connector = gw.hono().orElseThrow();
            register(gw);
            try (Device pi = Device.connect(gw.mqttPort())) {
                pi.publish(1, n, "telemetry");
            }
            // (the device's disconnection may add an alarm change: a message more to send)
            waitUntil(() -> connector.waiting() >= n, 60_000, "not everything reached the buffer");
        }
        if (coldPeer) {
            artemis.kill();
            artemis.start();
        }
        try (Gateway gw = Gateway.start(config.withHono(hono(artemis.port(), window, n)))) {
            HonoConnector connector = gw.hono().orElseThrow();
            waitUntil(connector::connected, 120_000, "the gateway did not connect to Artemis");
            jdk.jfr.Recording recording = null;
            if (jfr != null) {
                // JFR's "profile" settings over the drain alone (execution samples every 10 ms per thread)
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            Cpu cpu = new Cpu();
            long t0 = System.nanoTime();
            long atConnection = connector.forwarded();
            waitUntil(() -> connector.waiting() == 0, 600_000, "the buffer did not drain");
            long nanos = System.nanoTime() - t0;
            if (recording != null) {
                recording.stop();
                Files.createDirectories(jfr.getParent());
                recording.dump(jfr);
                recording.close();
            }
            long sent = connector.forwarded() - atConnection;
            if (connector.forwarded() < n) {
                throw new IllegalStateException("drained " + connector.forwarded() + " messages, " + n + " were buffered");
            }
            System.out.println("drain: CPU us/msg by thread: " + cpu.topThreads(sent));
            return new double[] {rate(sent, nanos), cpu.microsPer(sent)};
        }
    }

    private static HonoConfig hono(int port, int window, int n) {
        return HonoConfig.to("127.0.0.1", port, USER, SECRET).withWindow(window)
                .withTelemetryBuffer(n + 1).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** The JVM's CPU time (all its threads) from construction on, and which threads took it. */
    private static final class Cpu {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final long start = os.getProcessCpuTime();
        private final java.util.Map<Long, Long> startByThread = new java.util.HashMap<>();

        Cpu() {
            for (long id : threads.getAllThreadIds()) {
                startByThread.put(id, threads.getThreadCpuTime(id));
            }
        }

        double microsPer(long n) {
            return (os.getProcessCpuTime() - start) / 1e3 / n;
        }

        /** The threads that took most CPU since construction, microseconds per message each, grouped by name. */
        String topThreads(long n) {
            return topThreads(n, 5);
        }

        String topThreads(long n, int most) {
            java.util.Map<String, Long> byName = new java.util.TreeMap<>();
            for (long id : threads.getAllThreadIds()) {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                long now = threads.getThreadCpuTime(id);
                if (info == null || now < 0) {
                    continue;
                }
                String name = info.getThreadName().replaceAll("\\d+$", "N");
                byName.merge(name, now - startByThread.getOrDefault(id, 0L), Long::sum);
            }
            return byName.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(most)
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e3 / n))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** The same device and bodies into a gateway without Hono: what ingest costs on its own. */
    private static double ingestWithHonoOff(Path dataDir, int messages) throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dataDir).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0).withAdminToken(TOKEN).withPasswordIterations(1_000)
                    .withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(IN_FLIGHT));
        try (Gateway gw = Gateway.start(config)) {
            register(gw);
            try (Device pi = Device.connect(gw.mqttPort())) {
                Cpu cpu = new Cpu();
                long t0 = System.nanoTime();
                pi.publish(1, messages, "telemetry");
                double r = rate(messages, System.nanoTime() - t0);
                System.out.println("Hono off, ingest: CPU us/msg by thread: " + cpu.topThreads(messages, 8));
                return r;
            }
        }
    }

    private static double min(double[] xs) {
        return java.util.Arrays.stream(xs).min().orElse(Double.NaN);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void row(String name, int n, double rate) {
        System.out.printf("%-55s %9d %10.0f%n", name, n, rate);
    }

    private static double rate(long n, long nanos) {
        return n / (nanos / 1e9);
    }

    /** The same bodies, each to telemetry/t1/pi-1 on an anonymous link as Hono's client sends them, {@code window} unsettled. */
    private static double baseline(int port, int messages, int window) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Long> done = new CompletableFuture<>();
            vertx.runOnContext(v -> ProtonClient.create(vertx).connect(new ProtonClientOptions().addEnabledSaslMechanism("PLAIN"),
                    "127.0.0.1", port, USER, SECRET, ar -> {
                        if (ar.failed()) {
                            done.completeExceptionally(ar.cause());
                            return;
                        }
                        ProtonConnection c = ar.result();
                        c.openHandler(o -> {
                            ProtonSender s = c.createSender(null);
                            s.openHandler(x -> {
                                long start = System.nanoTime();
                                AtomicInteger next = new AtomicInteger(1);
                                AtomicInteger accepted = new AtomicInteger();
                                AtomicInteger inFlight = new AtomicInteger();
                                Runnable[] pump = new Runnable[1];
                                pump[0] = () -> {
                                    while (inFlight.get() < window && !s.sendQueueFull() && next.get() <= messages) {
                                        Message m = ProtonHelper.message();
                                        m.setAddress("telemetry/t1/baseline");
                                        m.setContentType(HonoConnector.READINGS_TYPE);
                                        m.setCreationTime(System.currentTimeMillis());
                                        m.setBody(new Data(new Binary(body(next.getAndIncrement()))));
                                        inFlight.incrementAndGet();
                                        s.send(m, d -> {
                                            inFlight.decrementAndGet();
                                            if (!(d.getRemoteState() instanceof Accepted)) {
                                                done.completeExceptionally(new IllegalStateException("not accepted: " + d.getRemoteState()));
                                                return;
                                            }
                                            if (accepted.incrementAndGet() == messages) {
                                                done.complete(System.nanoTime() - start);
                                                c.close();
                                            } else {
                                                pump[0].run();
                                            }
                                        });
                                    }
                                };
                                s.sendQueueDrainHandler(q -> pump[0].run());
                                pump[0].run();
                            }).open();
                        }).open();
                    }));
            return rate(messages, done.get(10, TimeUnit.MINUTES));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static byte[] body(int seq) {
        return ("{\"ts\":\"2026-11-28T12:00:00.123Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                + "\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] event(int seq) {
        return ("{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":" + seq + ",\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\""
                + (seq % 2 == 0 ? "closed" : "open") + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void register(Gateway gw) throws Exception {
        String body = new JsonObject().put("tenant", "t1").put("id", "pi-1").put("password", DEVICE_PASSWORD)
                .put("sensors", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("id", "hydrant-1").put("kind", "pressure"))
                        .add(new JsonObject().put("id", "door-1").put("kind", "door"))).encode();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gw.httpPort() + "/api/v1/devices"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering the device failed: " + r.statusCode() + " " + r.body());
        }
    }

    private static JsonObject health(Gateway gw) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gw.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getJsonObject("hono");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long millis, String failure)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(5);
        }
    }

    private static Path defaultArtemisHome() {
        try {
            Path jar = Path.of(HonoForwardBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent(); // bench/target, beside firegrid-bench.jar
            return target.resolve("artemis/apache-artemis-2.40.0");
        } catch (Exception e) {
            return Path.of("bench/target/artemis/apache-artemis-2.40.0");
        }
    }

    /** PUBLISHes the bench device keeps awaiting PUBACK; the gateway is started with this Receive Maximum. */
    static final int IN_FLIGHT = 100;

    /** One device publishing QoS 1 through Paho with up to {@value #IN_FLIGHT} PUBLISHes awaiting PUBACK. */
    private static final class Device implements AutoCloseable {
        private final MqttAsyncClient client;

        private Device(MqttAsyncClient client) {
            this.client = client;
        }

        static Device connect(int port) throws Exception {
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, "pi-1-bench", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("pi-1@t1");
            o.setPassword(DEVICE_PASSWORD.getBytes(StandardCharsets.UTF_8));
            o.setReceiveMaximum(IN_FLIGHT);
            c.connect(o).waitForCompletion(10_000);
            return new Device(c);
        }

        /** Publishes seq {@code first} .. {@code first + n - 1} and returns once all are acknowledged. */
        void publish(int first, int n, String endpoint) throws Exception {
            Semaphore slots = new Semaphore(IN_FLIGHT);
            CompletableFuture<Void> failed = new CompletableFuture<>();
            for (int seq = first; seq < first + n; seq++) {
                slots.acquire();
                if (failed.isDone()) {
                    failed.get();
                }
                MqttMessage m = new MqttMessage(endpoint.equals("event") ? event(seq) : body(seq));
                m.setQos(1);
                client.publish(endpoint, m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] codes = token.getReasonCodes();
                        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                            failed.completeExceptionally(new IllegalStateException("refused: " + codes[0]));
                        }
                        slots.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable t) {
                        failed.completeExceptionally(t);
                        slots.release();
                    }
                });
            }
            slots.acquire(IN_FLIGHT);
            if (failed.isDone()) {
                failed.get();
            }
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
