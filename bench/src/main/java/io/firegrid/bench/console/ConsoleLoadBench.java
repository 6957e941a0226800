package io.firegrid.bench.console;

import io.firegrid.bench.latency.Machine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * What open consoles cost the gateway: a gateway process (as {@code ./firegrid gateway} runs it,
 * {@code -Xmx256m}) under the same device load throughout, measured from {@code /proc/<pid>} (CPU
 * time, RSS) for a phase with no console, a phase with N consoles (each: the live stream plus the
 * page's API calls), and a second phase with none. See bench/README.md.
 */
public final class ConsoleLoadBench {

    private static final String TOKEN = "bench-admin-token";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final int READING_EVERY_S = 5;
    private static final int ALARM_EVERY_S = 10;
    /** What console.js re-reads on the site page (PLACES_REFRESH_MS). */
    private static final int PLACES_REFRESH_S = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private URI base;

    private ConsoleLoadBench() {
    }

    public static int run(String[] args) throws Exception {
        int consoles = 20;
        int seconds = 60;
        int devices = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--consoles" -> consoles = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--devices" -> devices = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --consoles N --seconds S --devices D");
                    return 2;
                }
            }
        }
        return new ConsoleLoadBench().measure(consoles, seconds, devices);
    }

    private record Sample(String phase, int consoles, double cpuSeconds, double seconds, double rssMeanMb,
                          double rssMaxMb, long requests, long frames) {
    }

    private int measure(int consoles, int seconds, int devices) throws Exception {
        System.out.println("machine: " + Machine.describe());
        Path dir = Files.createTempDirectory("firegrid-console-bench");
        Process gateway = startGateway(dir);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        List<MqttClient> clients = new ArrayList<>();
        try {
            JsonObject ports = awaitPorts(dir.resolve("ports.json"), gateway);
            base = URI.create("http://127.0.0.1:" + ports.getInteger("http") + "/");
            System.out.printf("gateway: pid %d, -Xmx256m, http %d, mqtt %d; %d devices: a hydrant reading each every %d s, "
                            + "a smoke alarm raised and resolved every %d s, in every phase%n", gateway.pid(),
                    ports.getInteger("http"), ports.getInteger("mqtt"), devices, READING_EVERY_S, ALARM_EVERY_S);
            setUp(devices);
            for (int d = 0; d < devices; d++) {
                clients.add(device("pi-" + d, ports.getInteger("mqtt")));
            }
            AtomicLong seq = new AtomicLong();
            load.scheduleAtFixedRate(() -> readings(clients, seq), 0, READING_EVERY_S, TimeUnit.SECONDS);
            load.scheduleAtFixedRate(() -> alarm(clients, seq), 1, ALARM_EVERY_S, TimeUnit.SECONDS);
            System.out.printf("warm-up %d s (no consoles)%n", seconds / 2);
            Thread.sleep(seconds * 500L);

            List<Sample> samples = new ArrayList<>();
            samples.add(phase("no console", 0, seconds, gateway.pid()));
            List<Console> open = new ArrayList<>();
            for (int c = 0; c < consoles; c++) {
                open.add(new Console(c));
            }
            samples.add(phase(consoles + " consoles", consoles, seconds, gateway.pid()));
            for (Console c : open) {
                c.close();
            }
            samples.add(phase("no console again", 0, seconds, gateway.pid()));

            System.out.println();
            System.out.println("phase                 consoles   CPU s   CPU % of 1 core   RSS mean MB   RSS max MB   API calls   SSE frames");
            for (Sample s : samples) {
                System.out.printf(Locale.ROOT, "%-20s %9d %7.2f %17.1f %13.1f %12.1f %11d %12d%n", s.phase(), s.consoles(),
                        s.cpuSeconds(), 100 * s.cpuSeconds() / s.seconds(), s.rssMeanMb(), s.rssMaxMb(), s.requests(), s.frames());
            }
            Sample idle = samples.get(0);
            Sample busy = samples.get(1);
            System.out.printf(Locale.ROOT, "%n%d consoles cost %.1f %% of one core (%.2f CPU s per minute) and %+.1f MB RSS (mean) "
                            + "over no console%n", consoles, 100 * (busy.cpuSeconds() / busy.seconds() - idle.cpuSeconds() / idle.seconds()),
                    60 * (busy.cpuSeconds() / busy.seconds() - idle.cpuSeconds() / idle.seconds()), busy.rssMeanMb() - idle.rssMeanMb());
            if (failures.get() > 0) {
                System.out.println("FAILED: " + failures.get() + " API calls were not answered 2xx");
                return 1;
            }
            return 0;
        } finally {
            load.shutdownNow();
            for (MqttClient c : clients) {
                try {
                    c.disconnect();
                    c.close();
                } catch (Exception e) {
                    // the gateway goes away next anyway
                }
            }
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ the gateway process

    private static Process startGateway(Path dir) throws IOException {
        Path jar = Path.of(io.firegrid.gateway.app.Main.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String classpath = Files.isRegularFile(jar) ? jar.getParent().resolve("*").toString() : System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, "io.firegrid.gateway.app.Main");
        pb.environment().put("FIREGRID_DATA_DIR", dir.toString());
        pb.environment().put("FIREGRID_BIND_HOST", "127.0.0.1");
        pb.environment().put("FIREGRID_HTTP_PORT", "0");
        pb.environment().put("FIREGRID_MQTT_PORT", "0");
        pb.environment().put("FIREGRID_ADMIN_TOKEN", TOKEN);
        pb.environment().put("FIREGRID_PASSWORD_ITERATIONS", "1000");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        return pb.start();
    }

    private static JsonObject awaitPorts(Path file, Process gateway) throws Exception {
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited; see " + file.resolveSibling("gateway.log"));
            }
            if (Files.exists(file)) {
                return new JsonObject(Files.readString(file));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not write " + file + " within 60 s");
    }

    /** CPU time (user + system) and RSS of the gateway over {@code seconds}, RSS read once a second. */
    private Sample phase(String name, int consoles, int seconds, long pid) throws Exception {
        long requests0 = requests.get();
        long frames0 = frames.get();
        long cpu0 = cpuTicks(pid);
        long start = System.nanoTime();
        double rssSum = 0;
        double rssMax = 0;
        int n = 0;
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1000);
            double rss = rssMb(pid);
            rssSum += rss;
            rssMax = Math.max(rssMax, rss);
            n++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuTicks(pid) - cpu0) / (double) CLOCK_TICKS;
        System.out.printf(Locale.ROOT, "measured: %s (%.0f s)%n", name, elapsed);
        return new Sample(name, consoles, cpu, elapsed, rssSum / n, rssMax, requests.get() - requests0, frames.get() - frames0);
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    // ------------------------------------------------------------------ the community and its devices

    private void setUp(int devices) {
        call("POST", "api/v1/sites", new JsonObject().put("tenant", "t1").put("id", "tower-1").put("name", "Tower 1")
                .put("building", "1").put("floors", 18));
        for (int d = 0; d < devices; d++) {
            call("POST", "api/v1/devices", new JsonObject().put("tenant", "t1").put("id", "pi-" + d).put("password", "bench-pass")
                    .put("site", "tower-1").put("sensors", new JsonArray()
                            .add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "F" + (d % 18 + 1)))
                            .add(new JsonObject().put("id", "hydrant-1").put("kind", "pressure").put("zone", "F" + (d % 18 + 1)))
                            .add(new JsonObject().put("id", "door-1").put("kind", "door").put("zone", "F" + (d % 18 + 1)))));
        }
    }

    private static MqttClient device(String id, int port) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id + "-bench", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id + "@t1");
        o.setPassword("bench-pass".getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(false);
        c.connect(o);
        return c;
    }

    private static void readings(List<MqttClient> clients, AtomicLong seq) {
        for (MqttClient c : clients) {
            publish(c, "telemetry", "{\"seq\":" + seq.incrementAndGet() + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                    + "\"kind\":\"pressure\",\"value\":" + (0.40 + (seq.get() % 5) / 100.0) + ",\"unit\":\"MPa\"}]}");
        }
    }

    /** One device reports smoke; its alarm is acknowledged and resolved as a crew would. */
    private void alarm(List<MqttClient> clients, AtomicLong seq) {
        MqttClient c = clients.get((int) (seq.get() % clients.size()));
        publish(c, "event", "{\"seq\":" + seq.incrementAndGet() + ",\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}");
        JsonArray open = new JsonArray(call("GET", "api/v1/alarms?state=open", null));
        for (Object o : open) {
            long id = ((JsonObject) o).getLong("id");
            call("POST", "api/v1/alarms/" + id + "/ack", new JsonObject());
            call("POST", "api/v1/alarms/" + id + "/resolve", new JsonObject().put("cause", "test"));
        }
        publish(c, "event", "{\"seq\":" + seq.incrementAndGet() + ",\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"normal\"}");
    }

    private static void publish(MqttClient c, String topic, String body) {
        try {
            MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            c.publish(topic, m);
        } catch (Exception e) {
            throw new IllegalStateException("publish failed: " + e.getMessage(), e);
        }
    }

    private String call(String method, String path, JsonObject body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        requests.incrementAndGet();
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                failures.incrementAndGet();
                System.err.println(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            failures.incrementAndGet();
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ one console

    /**
     * One open console as console.js behaves: {@code me}, the live stream (read over a plain socket),
     * the site page re-read every {@value #PLACES_REFRESH_S} s, who was notified fetched for each
     * raised alarm frame, and once on opening a device page (24 h of two sensors) and the four reports.
     */
    private final class Console implements AutoCloseable {

        private final Socket socket;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Console(int n) throws IOException {
            call("GET", "api/v1/me", null);
            socket = new Socket(base.getHost(), base.getPort());
            socket.getOutputStream().write(("GET /api/v1/alarms/stream?access_token=" + TOKEN + " HTTP/1.1\r\nHost: "
                    + base.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> read(in), "console-" + n);
            reader.setDaemon(true);
            reader.start();
            String day = "from=" + Instant.now().minus(Duration.ofHours(24)) + "&to=" + Instant.now();
            String device = "api/v1/devices/t1/pi-" + n % 20;
            timer.execute(() -> {
                call("GET", device, null);
                call("GET", device + "/readings?sensor=hydrant-1&" + day, null);
                call("GET", device + "/readings?sensor=door-1&" + day, null);
                call("GET", "api/v1/reports/response-times?group=station", null);
                for (String report : List.of("doors-held-open", "pressure-excursions", "offline-devices")) {
                    call("GET", "api/v1/reports/" + report, null);
                }
            });
            timer.scheduleAtFixedRate(() -> {
                call("GET", "api/v1/sites", null);
                call("GET", "api/v1/devices", null);
            }, n % PLACES_REFRESH_S, PLACES_REFRESH_S, TimeUnit.SECONDS);
        }

        private void read(BufferedReader in) {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        frames.incrementAndGet();
                        if (line.contains("\"state\":\"raised\"")) {
                            String id = line.replaceAll(".*?\"id\":(\\d+).*", "$1");
                            timer.execute(() -> call("GET", "api/v1/alarms/" + id + "/notifications", null));
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            timer.shutdownNow();
            socket.close();
        }
    }
}
