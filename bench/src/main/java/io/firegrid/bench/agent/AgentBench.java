package io.firegrid.bench.agent;

import io.firegrid.bench.latency.Machine;
import io.firegrid.bench.latency.MosquittoBroker;
import io.firegrid.bench.latency.Subscriber;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

/**
 * {@code ./firegrid bench agent [--messages N] [--starts N]}: the edge agent under its Pi memory cap.
 * <ol>
 *   <li>heap and RSS of an agent's uplink in a {@code -Xmx64m} JVM (otherwise with its systemd unit's
 *       options) holding N messages queued with its gateway down;</li>
 *   <li>replay rate: that JVM's restart delivering the N messages to a gateway (in this JVM, real
 *       MQTT on loopback), and, as the baseline in the same run, a copy of the same outbox to a
 *       Mosquitto broker;</li>
 *   <li>start-up time to first publish: {@code firegrid-edge-agent run} (mock pins) from the
 *       process start to its first message stored by the gateway, and to its first message at a
 *       Mosquitto subscriber.</li>
 * </ol>
 */
public final class AgentBench {

    private static final String TOKEN = "bench-admin-token";
    private static final long MAX_BYTES = 32L * 1024 * 1024;
    private static final long TIMEOUT_MS = 60 * 60 * 1000L;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long POLL_MS = 20;

    private AgentBench() {
    }

    public static int run(String[] args) throws Exception {
        int messages = 100_000;
        int starts = 5;
        Path kept = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = positive(args, ++i);
                case "--starts" -> starts = Math.max(0, Integer.parseInt(args[++i]));
                case "--queued" -> kept = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --messages N, --starts N (0: none),"
                            + " --queued DIR (the queued outbox kept there and replayed again by later runs)");
                    return 2;
                }
            }
        }
        if (!MosquittoBroker.installed()) {
            System.err.println("the baseline needs Debian's mosquitto: apt-get install mosquitto");
            return 2;
        }
        Path dir = Files.createTempDirectory("firegrid-bench-agent-");
        try {
            measure(dir, messages, starts, kept);
        } finally {
            delete(dir);
        }
        return 0;
    }

    private static void measure(Path dir, int messages, int starts, Path kept) throws Exception {
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average at the start: " + Machine.loadAverage() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        System.out.printf("agent JVMs: -Xmx64m; outbox bound %d MiB; %d messages, every 10th a door event, the rest one pressure"
                + " reading, plus what the agent sends of itself (start-up states, heartbeats)%n%n", MAX_BYTES >> 20, messages);

        Path queued = dir.resolve("queued");
        if (kept != null && Files.exists(kept.resolve("outbox.log"))) {
            System.out.println("replaying the outbox queued by an earlier run, kept in " + kept);
            copyDir(kept, queued);
        } else {
            queue(dir, queued, messages);
            if (kept != null) {
                copyDir(queued, kept);
            }
        }
        replayAndStart(dir, queued, messages, starts);
    }

    private static void queue(Path dir, Path queued, int messages) throws Exception {
        System.out.printf("queueing %d messages on an agent whose gateway is down (fsync of seq and of the outbox for each)...%n",
                messages);
        try (JavaProcess q = JavaProcess.start(OutboxProcess.class.getName(),
                List.of("queue", "tcp://127.0.0.1:" + closedPort(), queued.toString(), String.valueOf(MAX_BYTES),
                        String.valueOf(messages)), Map.of(), dir.resolve("queue.log"))) {
            String done = q.await("queued ", TIMEOUT_MS);
            long[] rss = q.rss();
            q.send("heap");
            String[] heap = q.await("heap ", 60_000).split(" ");
            long outboxFile = Files.size(queued.resolve("outbox.log"));
            System.out.printf("%-52s %s%n", "queued in", seconds(done.split(" ")[1]));
            System.out.printf("%-52s %s%n", "outbox file", mib(outboxFile));
            System.out.printf("%-52s %s used, %s committed%n", "agent heap after a full GC, " + messages + " queued",
                    mib(Long.parseLong(heap[1])), mib(Long.parseLong(heap[2])));
            System.out.printf("%-52s %s now, %s peak%n", "agent RSS", mib(rss[0]), mib(rss[1]));
        }
    }

    private static void replayAndStart(Path dir, Path queued, int messages, int starts) throws Exception {
        Path copy = dir.resolve("queued-copy");
        copyDir(queued, copy);

        System.out.printf("%nreplaying %d messages (up to the server's Receive Maximum awaiting PUBACK: 128 to FireGrid by default, 20 to Mosquitto; one fsync per group of acknowledgements)...%n", messages);
        try (Gateway gw = gateway(dir)) {
            register(gw, OutboxProcess.DEVICE.device(), OutboxProcess.PASSWORD);
            System.out.println(" to FireGrid:");
            long commits0 = storeCommits(gw);
            long gatewayCpu0 = processCpuNanos();
            StoreSampler sampler = StoreSampler.start(gw);
            Replay fg = replay("tcp://127.0.0.1:" + gw.mqttPort(), queued, dir.resolve("replay-firegrid.log"));
            List<String> perSecond = sampler.finish();
            long gatewayCpu = processCpuNanos() - gatewayCpu0;
            long commits = storeCommits(gw) - commits0;
            double stored = metric(gw, "firegrid_messages_total", "outcome=\"stored\"");
            double duplicates = metric(gw, "firegrid_messages_total", "outcome=\"duplicate\"");
            double refused = metric(gw, "firegrid_refused_total", "");
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("mosquitto"))) {
                System.out.println(" to Mosquitto:");
                Replay mq = replay(broker.uri(), copy, dir.resolve("replay-mosquitto.log"));
                System.out.printf("%-40s %10s %12s %12s %12s %13s%n", "replay of " + messages + " queued messages", "messages",
                        "first ack", "all acked", "messages/s", "agent CPU/msg");
                fg.print("to FireGrid (stored, deduplicated)");
                mq.print("to Mosquitto (persistence false)");
                System.out.printf("%-40s %10s %12s %12s %11.2fx %12.2fx%n", "ratio FireGrid / Mosquitto", "", "", "",
                        fg.rate() / mq.rate(), fg.cpuPerMessageUs() / mq.cpuPerMessageUs());
                System.out.println("(agent CPU/msg: the agent JVM's CPU, all threads, from the uplink's start to an empty outbox, in us;"
                        + " load average now " + Machine.loadAverage() + ")");
                System.out.printf("%-40s %s now, %s peak (FireGrid replay JVM)%n", "RSS after the replay",
                        mib(fg.rss[0]), mib(fg.rss[1]));
                System.out.printf("%-40s %.0f stored, %.0f duplicates dropped, %.0f refused%n", "the gateway's count",
                        stored, duplicates, refused);
                System.out.printf("%-40s %d commits (one fsync each), %.1f per 1,000 messages; gateway CPU %.1f us/msg%n",
                        "the gateway's store during the replay", commits, commits * 1000.0 / fg.messages(),
                        gatewayCpu / 1000.0 / fg.messages());
                System.out.printf("%-40s to FireGrid %.1f, to Mosquitto %.1f per 1,000 messages%n",
                        "agent outbox removals (one fsync each)", fg.removals() * 1000.0 / fg.messages(),
                        mq.removals() * 1000.0 / mq.messages());
                System.out.println("the gateway's store, second by second (stored, commits, commits per 1,000):");
                perSecond.forEach(System.out::println);
            }

            if (starts == 0) {
                return;
            }
            System.out.printf("%nstart-up: 'firegrid-edge-agent run' on mock pins, %d starts each, from process start to first message%n", starts);
            List<Double> toGateway = new ArrayList<>();
            List<Double> toBroker = new ArrayList<>();
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("mosquitto-start"))) {
                for (int i = 1; i <= starts; i++) {
                    String device = "pi-start-" + i;
                    register(gw, device, OutboxProcess.PASSWORD);
                    // alternately first, so that neither gains from what the other left warm
                    if (i % 2 == 1) {
                        toGateway.add(startToFirstMessage(gw, device, "tcp://127.0.0.1:" + gw.mqttPort(), dir, null));
                        toBroker.add(startToFirstMessage(gw, device + "-mq", broker.uri(), dir, broker));
                    } else {
                        toBroker.add(startToFirstMessage(gw, device + "-mq", broker.uri(), dir, broker));
                        toGateway.add(startToFirstMessage(gw, device, "tcp://127.0.0.1:" + gw.mqttPort(), dir, null));
                    }
                }
            }
            printStarts("stored by FireGrid", toGateway);
            printStarts("at a Mosquitto subscriber", toBroker);
        }
        System.out.println("\nload average at the end: " + Machine.loadAverage() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
    }


    /**
     * The gateway's messages stored and store commits, read every second during the replay: whether
     * its first seconds (code not yet compiled) commit more often per message than the rest.
     */
    private static final class StoreSampler extends Thread {
        private final Gateway gw;
        private final List<String> lines = new ArrayList<>();
        private volatile boolean done;

        private StoreSampler(Gateway gw) {
            super("bench-store-sampler");
            this.gw = gw;
            setDaemon(true);
        }

        static StoreSampler start(Gateway gw) {
            StoreSampler s = new StoreSampler(gw);
            s.start();
            return s;
        }

        @Override
        public void run() {
            try {
                double stored0 = metric(gw, "firegrid_messages_total", "outcome=\"stored\"");
                long commits0 = storeCommits(gw);
                for (int second = 1; !done; second++) {
                    Thread.sleep(1000);
                    double stored = metric(gw, "firegrid_messages_total", "outcome=\"stored\"");
                    long commits = storeCommits(gw);
                    if (stored > stored0) {
                        lines.add(String.format("  %3d s %7.0f stored %5d commits %6.1f per 1,000", second, stored - stored0,
                                commits - commits0, (commits - commits0) * 1000.0 / (stored - stored0)));
                    }
                    stored0 = stored;
                    commits0 = commits;
                }
            } catch (IOException e) {
                lines.add("  (sampling stopped: " + e + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<String> finish() throws InterruptedException {
            done = true;
            join(5000);
            return lines;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record Replay(int messages, double firstMs, double drainedMs, double cpuMs, long removals, long[] rss) {
        double rate() {
            return messages / (drainedMs / 1000.0);
        }

        /** CPU of the agent's JVM per message, microseconds: stable under load, where wall time is not. */
        double cpuPerMessageUs() {
            return cpuMs * 1000.0 / messages;
        }

        void print(String label) {
            System.out.printf("%-40s %10d %10.0fms %11.1fs %12.0f %13.1f%n", label, messages, firstMs, drainedMs / 1000.0,
                    rate(), cpuPerMessageUs());
        }
    }

    private static Replay replay(String uri, Path outbox, Path log) throws Exception {
        try (JavaProcess p = JavaProcess.start(OutboxProcess.class.getName(),
                List.of("replay", uri, outbox.toString(), String.valueOf(MAX_BYTES)), Map.of(), log)) {
            String[] drained = p.await("drained ", TIMEOUT_MS).split(" ");
            String first = p.await("first ", 1000);
            return new Replay(Integer.parseInt(drained[2]), Double.parseDouble(first.split(" ")[1]),
                    Double.parseDouble(drained[1]), Double.parseDouble(drained[3]), Long.parseLong(drained[4]), p.rss());
        }
    }

    /** Milliseconds from starting {@code run} to its first message: stored by the gateway, or at {@code broker}'s subscriber. */
    private static double startToFirstMessage(Gateway gw, String device, String mqttUri, Path dir, MosquittoBroker broker)
            throws Exception {
        Path data = dir.resolve("start-" + device);
        Map<String, String> env = Map.of("FIREGRID_AGENT_TENANT", "bench", "FIREGRID_AGENT_DEVICE", device,
                "FIREGRID_AGENT_PASSWORD", OutboxProcess.PASSWORD, "FIREGRID_MQTT_URI", mqttUri,
                "FIREGRID_AGENT_DATA_DIR", data.toString(), "FIREGRID_AGENT_PLATFORM", "mock");
        long[] arrived = {0};
        MqttAsyncClient subscriber = broker == null ? null
                : Subscriber.connect(broker.uri(), "event", 10_000, (body, nanos) -> {
                    synchronized (arrived) {
                        if (arrived[0] == 0) {
                            arrived[0] = nanos;
                        }
                    }
                });
        Files.createDirectories(data);
        long start = System.nanoTime();
        try (JavaProcess p = JavaProcess.start("io.firegrid.agent.app.Main", List.of("run"), env, dir.resolve(device + ".log"))) {
            long deadline = start + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (broker == null) {
                    // polled every 20 ms: asking the gateway's API more often takes CPU from the starting agent
                    if (!device(gw, device).getJsonObject("lastValues").isEmpty()) {
                        return (System.nanoTime() - start) / 1e6;
                    }
                    Thread.sleep(POLL_MS);
                } else {
                    synchronized (arrived) {
                        if (arrived[0] != 0) {
                            return (arrived[0] - start) / 1e6;
                        }
                    }
                    Thread.sleep(2);
                }
            }
            throw new IllegalStateException("agent " + device + " published nothing within 120 s; see " + dir.resolve(device + ".log"));
        } finally {
            if (subscriber != null) {
                subscriber.disconnectForcibly(0, 1000, false);
                subscriber.close(true);
            }
        }
    }

    private static void printStarts(String label, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        System.out.printf("  %-38s median %7.0fms  best %7.0fms  worst %7.0fms  (%s)%n", label, sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1),
                String.join(", ", ms.stream().map(d -> String.format("%.0f", d)).toList()));
    }

    private static Gateway gateway(Path dir) {
        // FIREGRID_MQTT_* from the environment (the Receive Maximum, to compare windows)
        return Gateway.start(GatewayConfig.defaults().withMqttLimits(io.firegrid.gateway.mqtt.MqttLimits.fromEnv(System.getenv())).withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir.resolve("gateway")).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0).withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(-1, -1)).withAdminToken(TOKEN).withPasswordIterations(1_000));
    }

    private static void register(Gateway gw, String device, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject().put("tenant", "bench").put("id", device).put("password", password);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/api/v1/devices"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("cannot register " + device + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static JsonObject device(Gateway gw, String device) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort()
                + "/api/v1/devices/bench/" + device)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    /** Transactions the gateway's store committed since it opened ({@code /health}), each one fsync of its log. */
    private static long storeCommits(Gateway gw) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/health"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getJsonObject("store").getLong("commits");
    }

    /** CPU time of this process (the gateway, and the harness waiting for the replay), every thread. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The sum of {@code name}'s samples in the gateway's {@code /metrics} whose labels contain {@code label}. */
    private static double metric(Gateway gw, String name, String label) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number");
        }
        int v = Integer.parseInt(args[i]);
        if (v < 1) {
            throw new IllegalArgumentException(args[i - 1] + " should be 1 or more, was " + v);
        }
        return v;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String seconds(String ms) {
        return String.format("%.1f s", Double.parseDouble(ms) / 1000.0);
    }
}
