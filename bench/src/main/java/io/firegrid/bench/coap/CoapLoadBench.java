package io.firegrid.bench.coap;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.coap.CoapOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * {@code ./firegrid bench coap}: requests per second, latency and CPU per request of confirmable
 * telemetry POSTs, plain and DTLS PSK, from Californium clients in the same JVM, first against a
 * bare Californium server that answers 2.04 at once (the baseline: what CoAP itself costs here),
 * then through the gateway's CoAP endpoints. Each of C clients is its own registered device with
 * its own endpoint (and DTLS session), sending one request after another (closed loop); every
 * gateway 2.04 comes only after the fsync'd commit of the message, so that figure is the whole
 * ingest path, and its ratio to the baseline is what storing costs on top of CoAP.
 */
public final class CoapLoadBench {

    private static final String TOKEN = "bench-admin-token";
    private static final String PASSWORD = "bench-password";
    private static final String PSK = "bench-psk-0123456789abcdef";
    /** Each gateway case sends the seqs above its own base, so no round's message is a duplicate of another's. */
    private static final long SEQS_PER_CASE = 1_000_000;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    /** One measured case: its throughput and the process CPU it took. */
    record Result(String label, int requests, double perSecond, double cpuMicrosPerRequest, double serverMicrosPerRequest,
                  double systemMicrosPerRequest, double switchesPerRequest, double[] sortedMillis) {
    }

    private CoapLoadBench() {
    }

    public static int run(String[] args) throws Exception {
        int clients = 16;
        int requests = 500;
        int warmup = 50;
        int rounds = 2;
        boolean baselineOnly = false;
        boolean gatewayOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = positive(args, ++i);
                case "--requests" -> requests = positive(args, ++i);
                case "--warmup" -> warmup = positive(args, ++i);
                case "--rounds" -> rounds = positive(args, ++i);
                case "--baseline-only" -> baselineOnly = true;
                case "--gateway-only" -> gatewayOnly = true;
                default -> {
                    System.err.println("unknown option " + args[i] + ": use --clients N --requests N --warmup N --rounds N"
                            + " [--baseline-only | --gateway-only]");
                    return 2;
                }
            }
        }
        if (requests + warmup >= SEQS_PER_CASE) {
            throw new IllegalArgumentException("--requests and --warmup together must stay below " + SEQS_PER_CASE);
        }
        System.out.println("machine: " + Machine.describe());
        System.out.printf(Locale.ROOT, "load: %d clients (one device each), %d confirmable telemetry POSTs each after %d warm-up,"
                + " %d rounds; servers and clients share this JVM (CPU/req is the whole process: clients and server)%n%n",
                clients, requests, warmup, rounds);
        System.out.printf(Locale.ROOT, "%-32s %8s %9s %8s %8s %8s %8s %9s %8s %8s %8s %7s %6s  %s%n", "case", "requests", "req/s",
                "median", "p90", "p99", "worst", "CPU/req", "srv/req", "sys/req", "wake/req", "ratio", "drops", "load average");
        Path dir = Files.createTempDirectory("firegrid-bench-coap-");
        try (BaselineServer bare = BaselineServer.start(PSK);
             Gateway gw = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir).withBindHost("127.0.0.1").withHttpPort(0)
                .withMqttPort(0).withCoap(CoapOptions.DEFAULTS.withPorts(0, 0).withAllowUnauthenticated(true))
                .withAdminToken(TOKEN).withPasswordIterations(1_000))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int c = 0; c < clients; c++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort()
                        + "/api/v1/devices")).header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tenant", "bench").put("id", "dev-" + c)
                                .put("password", PASSWORD).put("psk", PSK).encode())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("registering dev-" + c + " failed: " + r.body());
                }
            }
            // rounds alternate baseline and gateway, so that JIT warm-up and the machine's other load
            // fall on both; each ratio is against the baseline of its own round
            for (int round = 0; round < rounds; round++) {
                long seqs = round * 2L * SEQS_PER_CASE;
                for (boolean dtls : new boolean[] {false, true}) {
                    Result base = null;
                    if (!gatewayOnly) {
                        base = measure(dtls ? "baseline: Californium, DTLS" : "baseline: Californium, plain", dtls,
                                dtls ? c -> "coaps://127.0.0.1:" + bare.securePort() + "/telemetry"
                                        : c -> "coap://127.0.0.1:" + bare.port() + "/telemetry/bench/dev-" + c,
                                clients, requests, warmup, 0, null, null);
                    }
                    if (!baselineOnly) {
                        measure(dtls ? "gateway: CoAP over DTLS (PSK)" : "gateway: plain CoAP", dtls,
                                dtls ? c -> "coaps://127.0.0.1:" + gw.coapsPort() + "/telemetry"
                                        : c -> "coap://127.0.0.1:" + gw.coapPort() + "/telemetry/bench/dev-" + c,
                                clients, requests, warmup, seqs + (dtls ? SEQS_PER_CASE : 0), base, () -> storeCommits(http, gw));
                    }
                }
                System.out.println();
            }
        }
        return 0;
    }

    private static Result measure(String label, boolean dtls, IntFunction<String> uris, int clients, int requests, int warmup,
                                  long seqBase, Result baseline, java.util.function.LongSupplier commits) throws Exception {
        List<CoapEndpoint> endpoints = new ArrayList<>();
        double[][] latencies = new double[clients][requests];
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch warm = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        // the threads alive before the clients' endpoints exist are the servers' (and the JVM's)
        Set<Long> serverThreads = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            serverThreads.add(id);
        }
        LongAdder loopCpu = new LongAdder();
        for (int c = 0; c < clients; c++) {
            String device = "dev-" + c;
            CoapEndpoint endpoint = endpoint(dtls, device + "@bench");
            endpoints.add(endpoint);
            String uri = uris.apply(c);
            int client = c;
            Thread t = new Thread(() -> {
                CoapClient coap = new CoapClient(uri);
                coap.setEndpoint(endpoint);
                coap.setTimeout(30_000L);
                try {
                    long seq = seqBase;
                    for (int i = 0; i < warmup; i++) {
                        post(coap, ++seq);
                    }
                    warm.countDown();
                    go.await();
                    long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        post(coap, ++seq);
                        latencies[client][i] = (System.nanoTime() - t0) / 1e6;
                    }
                    loopCpu.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
                } catch (Exception e) {
                    failure.compareAndSet(null, device + ": " + e);
                    warm.countDown();
                }
            }, "bench-" + device);
            threads.add(t);
            t.start();
        }
        warm.await();
        // every client thread exists now (each endpoint started with its first warm-up request)
        Map<Long, Long> clientCpu0 = endpointThreadsCpu(serverThreads);
        long drops0 = udpReceiveBufferDrops();
        long switches0 = contextSwitches();
        long commits0 = commits == null ? 0 : commits.getAsLong();
        long cpu0 = processCpuNanos();
        long system0 = systemTicks();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        long clientCpu = loopCpu.sum();
        for (Map.Entry<Long, Long> t : endpointThreadsCpu(serverThreads).entrySet()) {
            clientCpu += t.getValue() - clientCpu0.getOrDefault(t.getKey(), 0L);
        }
        long system = systemTicks() - system0;
        long drops = udpReceiveBufferDrops() - drops0;
        long switches = contextSwitches() - switches0;
        endpoints.forEach(CoapEndpoint::destroy);
        if (failure.get() != null) {
            throw new IllegalStateException(label + " failed: " + failure.get());
        }
        double[] all = Arrays.stream(latencies).flatMapToDouble(Arrays::stream).sorted().toArray();
        Result r = new Result(label, all.length, all.length / seconds, cpu / 1e3 / all.length, (cpu - clientCpu) / 1e3 / all.length,
                system * 1e6 / TICKS / all.length,
                (double) switches / all.length, all);
        System.out.printf(Locale.ROOT, "%-32s %8d %9.0f %6.1fms %6.1fms %6.1fms %6.1fms %7.0fus %6.0fus %6.0fus %8.1f %7s %6d  %s%n", label,
                all.length, r.perSecond(), quantile(all, 0.5), quantile(all, 0.9), quantile(all, 0.99), all[all.length - 1],
                r.cpuMicrosPerRequest(), r.serverMicrosPerRequest(), r.systemMicrosPerRequest(), r.switchesPerRequest(), baseline == null ? (label.startsWith("baseline") ? "1.00x" : "-")
                        : String.format(Locale.ROOT, "%.2fx", r.perSecond() / baseline.perSecond()), drops, Machine.loadAverage());
        if (commits != null) {
            // the store's transactions over the case: how many requests each commit (and its fsync) carried
            long n = commits.getAsLong() - commits0;
            System.out.printf(Locale.ROOT, "  store: %d commits, %.1f requests per commit%n", n, n == 0 ? 0.0 : (double) all.length / n);
        }
        return r;
    }

    /** The gateway's store transactions committed since it started, from {@code /health}. */
    private static long storeCommits(HttpClient http, Gateway gw) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new JsonObject(r.body()).getLong("storeCommits");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Datagrams the kernel dropped because a UDP socket's receive buffer was full (RcvbufErrors in
     * /proc/net/snmp, the whole machine), or 0 where that is not readable.
     */
    private static long udpReceiveBufferDrops() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:")).toList();
            int column = Arrays.asList(udp.get(0).split(" ")).indexOf("RcvbufErrors");
            return Long.parseLong(udp.get(1).split(" ")[column]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Voluntary context switches of all the process's threads (a thread going to sleep to wait for
     * work, each one a wake-up later), from /proc/self/task; 0 where that is not readable. Unlike
     * times, it does not grow with the machine's load: a count of the thread hops per request.
     */
    private static long contextSwitches() {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (java.io.IOException e) {
                    // the thread ended while being read: its count is gone either way
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    /**
     * CPU time (user and kernel) of each thread of the clients' Californium and Scandium endpoints,
     * by thread id: the threads started since {@code serverThreads} was taken, other than the
     * bench's {@code bench-dev-N} loops (each counts its own). What is left of the process's CPU is
     * the servers' (srv/req), with the JVM's own threads (JIT, GC) that both share; a thread a
     * server started during the case would count as the clients'.
     */
    private static Map<Long, Long> endpointThreadsCpu(Set<Long> serverThreads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && !serverThreads.contains(info.getThreadId()) && !info.getThreadName().startsWith("bench-dev-")) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    /** Clock ticks per second of /proc/self/stat's times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100;

    /**
     * The process's CPU time in the kernel (stime in /proc/self/stat, in ticks): system calls,
     * thread wake-ups, the store's fsync; part of CPU/req. 0 where that is not readable.
     */
    private static long systemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[12]); // field 15 of the line: stime (the first two are before this substring)
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process's CPU time (every thread, clients and servers), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void post(CoapClient coap, long seq) throws Exception {
        byte[] body = ("{\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.35,"
                + "\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
        CoapResponse r = coap.post(body, MediaTypeRegistry.APPLICATION_JSON);
        if (r == null || r.getCode() != ResponseCode.CHANGED) {
            throw new IllegalStateException("seq " + seq + ": " + (r == null ? "no answer" : r.getCode() + " " + r.getResponseText()));
        }
    }

    private static CoapEndpoint endpoint(boolean dtls, String identity) {
        Configuration config = Configuration.createStandardWithoutFile();
        if (!dtls) {
            return new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        }
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, PSK.getBytes(StandardCharsets.UTF_8))).build());
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number");
        }
        int n = Integer.parseInt(args[i]);
        if (n < 1) {
            throw new IllegalArgumentException(args[i - 1] + " must be at least 1");
        }
        return n;
    }
}
