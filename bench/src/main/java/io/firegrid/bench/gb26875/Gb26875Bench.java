package io.firegrid.bench.gb26875;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.protocol.gb26875.Address;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.Command;
import io.firegrid.protocol.gb26875.Frame;
import io.firegrid.protocol.gb26875.TimeLabel;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@code ./firegrid bench gb26875}: a fire alarm panel's UITD against the gateway's GB/T 26875.3
 * listener. Latency: a {@code send data} frame reporting a smoke detector in fire (a new one each
 * time, so each raises a fire alarm) to its {@code confirm}, which the gateway sends after the
 * event and its alarm are fsync'd; baseline in the same run, on the same gateway: a smoke alarm
 * event published with QoS 1 over MQTT (Paho) to its PUBACK, the same durable path. Throughput: U
 * UITDs, each sending frames of 4 component states (no alarm) one after the other (stop-and-wait,
 * as the standard has it), frames and component states per second.
 */
public final class Gb26875Bench {

    private static final String TOKEN = "bench-admin-token";
    private static final String PASSWORD = "bench-password";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Gb26875Bench() {
    }

    public static int run(String[] args) throws Exception {
        int runs = 200;
        int warmup = 50;
        int uitds = 8;
        int frames = 500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--uitds" -> uitds = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + ": use --runs N --warmup N --uitds U --frames F");
                    return 2;
                }
            }
        }
        System.out.println("machine: " + Machine.describe());
        Path dir = Files.createTempDirectory("firegrid-bench-gb26875-");
        try (Gateway gw = Gateway.start(GatewayConfig.defaults()
                .withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0)
                .withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(-1, -1))
                .withIngest(new io.firegrid.gateway.ingest.IngestOptions(runs + warmup + 10))
                .withGb26875(new Gb26875Options(0, 64, 100_000, 16, 600, ZONE, null, Address.parse("000000000001"), 5))
                .withAdminToken(TOKEN).withPasswordIterations(1_000))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int u = 0; u <= uitds; u++) {
                register(http, gw.httpPort(), "{\"tenant\":\"bench\",\"id\":\"uitd-" + u + "\",\"password\":\"" + PASSWORD
                        + "\",\"gb26875Address\":\"" + new Address(1000 + u).hex() + "\",\"gb26875Allow\":\"127.0.0.1\"}");
            }
            register(http, gw.httpPort(), "{\"tenant\":\"bench\",\"id\":\"pi-0\",\"password\":\"" + PASSWORD + "\"}");

            System.out.printf(Locale.ROOT, "%nlatency: %d fire alarms, one at a time, after %d warm-up%n", runs, warmup);
            System.out.printf(Locale.ROOT, "%-52s %6s %8s %8s %8s %8s%n", "case", "runs", "median", "p90", "p99", "worst");
            List<Long> gb = new ArrayList<>();
            long commits0 = commits(http, gw.httpPort());
            try (Uitd uitd = new Uitd(gw.gb26875Port(), 1000)) {
                for (int i = 0; i < warmup + runs; i++) {
                    long t = uitd.send(2, 1, 1, 42, i + 1, 0x0003);
                    if (i >= warmup) {
                        gb.add(t);
                    }
                }
            }
            long commits1 = commits(http, gw.httpPort());
            List<Long> mqtt = new ArrayList<>();
            MqttClient pi = new MqttClient("tcp://127.0.0.1:" + gw.mqttPort(), "pi-0@bench", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("pi-0@bench");
            o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
            pi.connect(o);
            for (int i = 0; i < warmup + runs; i++) {
                byte[] body = ("{\"seq\":" + (i + 1) + ",\"sensor\":\"smoke-" + (i + 1) + "\",\"kind\":\"smoke\",\"state\":\"alarm\"}")
                        .getBytes(StandardCharsets.UTF_8);
                MqttMessage m = new MqttMessage(body);
                m.setQos(1);
                long t0 = System.nanoTime();
                pi.publish("event", m);
                long t = System.nanoTime() - t0;
                if (i >= warmup) {
                    mqtt.add(t);
                }
            }
            long commits2 = commits(http, gw.httpPort());
            pi.disconnect();
            pi.close();
            print("GB/T 26875.3: fire frame -> confirm (alarm stored)", gb);
            print("MQTT QoS 1: smoke event -> PUBACK (alarm stored)", mqtt);
            // the store's commits (fsyncs) per fire alarm, the dispatch of each alarm included
            System.out.printf(Locale.ROOT, "store commits per fire alarm: GB/T 26875.3 %.2f, MQTT %.2f%n",
                    (commits1 - commits0) / (double) (warmup + runs), (commits2 - commits1) / (double) (warmup + runs));

            System.out.printf(Locale.ROOT, "%nthroughput: %d UITDs, %d frames each of 4 component states (normal), stop-and-wait%n",
                    uitds, frames);
            AtomicLong done = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            List<Long> all = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            int perUitd = frames;
            for (int u = 1; u <= uitds; u++) {
                int n = u;
                Thread t = new Thread(() -> {
                    try (Uitd uitd = new Uitd(gw.gb26875Port(), 1000 + n)) {
                        for (int i = 0; i < perUitd; i++) {
                            all.add(uitd.send(2, 1, 1, 42, i % 20 + 1, 0x0001, 4));
                            done.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "uitd-" + n);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-30s %8s %10s %14s%n", "case", "frames", "frames/s", "components/s");
            System.out.printf(Locale.ROOT, "%-30s %8d %10.0f %14.0f%n", "GB/T 26875.3 listener", done.get(),
                    done.get() / seconds, 4 * done.get() / seconds);
            print("per frame: frame -> confirm", all);
        }
        return 0;
    }

    private static void register(HttpClient http, int port, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/devices"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering failed: " + r.body());
        }
    }

    private static long commits(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"storeCommits\":(\\d+)").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no storeCommits in /health: " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    private static void print(String name, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        System.out.printf(Locale.ROOT, "%-52s %6d %8s %8s %8s %8s%n", name, s.size(), ms(s, 0.5), ms(s, 0.9), ms(s, 0.99),
                String.format(Locale.ROOT, "%.1fms", s.get(s.size() - 1) / 1e6));
    }

    private static String ms(List<Long> sorted, double q) {
        return String.format(Locale.ROOT, "%.1fms", sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6);
    }

    /** A UITD on a plain socket, waiting for each answer. */
    private static final class Uitd implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        private final Address address;
        private int serial;

        Uitd(int port, long address) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
            this.address = new Address(address);
        }

        long send(int type, int system, int systemAddress, int componentType, long component, int state) throws IOException {
            return send(type, system, systemAddress, componentType, component, state, 1);
        }

        /** Sends one frame of {@code count} component states and waits for its confirm; the nanoseconds it took. */
        long send(int type, int system, int systemAddress, int componentType, long component, int state, int count)
                throws IOException {
            List<AppData.DataObject> objects = new ArrayList<>();
            TimeLabel now = TimeLabel.of(Instant.now(), ZONE);
            for (int k = 0; k < count; k++) {
                objects.add(new AppData.ComponentState(system, systemAddress, componentType, component * 8 + k, state,
                        "探测器" + component, now));
            }
            Frame f = new Frame(serial++ & 0xFFFF, Frame.VERSION_1_0, now, address, new Address(0), Command.SEND_DATA,
                    new AppData(type, objects).encode());
            byte[] bytes = f.encode();
            long t0 = System.nanoTime();
            out.write(bytes);
            out.flush();
            byte[] head = new byte[27];
            in.readFully(head);
            int len = (head[24] & 0xFF) | (head[25] & 0xFF) << 8;
            in.readFully(new byte[len + 3]);
            long t = System.nanoTime() - t0;
            if (head[26] != 3) {
                throw new IOException("frame not confirmed: command " + head[26]);
            }
            return t;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
