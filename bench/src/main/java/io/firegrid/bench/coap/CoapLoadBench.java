package io.firegrid.bench.coap;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.coap.CoapOptions;
import io.vertx.core.json.JsonObject;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
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
 * {@code ./firegrid bench coap}: requests per second and latency of confirmable telemetry POSTs
 * through the gateway's CoAP endpoints, plain and DTLS PSK, from Californium clients in the same
 * JVM. Each of C clients is its own registered device with its own endpoint (and DTLS session),
 * sending one request after another (closed loop); every request is answered 2.04 only after the
 * gateway's fsync'd commit, so this measures the whole ingest path, not the UDP stack.
 */
public final class CoapLoadBench {

    private static final String TOKEN = "bench-admin-token";
    private static final String PASSWORD = "bench-password";
    private static final String PSK = "bench-psk-0123456789abcdef";

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private CoapLoadBench() {
    }

    public static int run(String[] args) throws Exception {
        int clients = 16;
        int requests = 500;
        int warmup = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = positive(args, ++i);
                case "--requests" -> requests = positive(args, ++i);
                case "--warmup" -> warmup = positive(args, ++i);
                default -> {
                    System.err.println("unknown option " + args[i] + ": use --clients N --requests N --warmup N");
                    return 2;
                }
            }
        }
        System.out.println("machine: " + Machine.describe());
        System.out.printf(Locale.ROOT, "load: %d clients (one device each), %d confirmable telemetry POSTs each after %d warm-up;"
                + " gateway and clients share this JVM%n%n", clients, requests, warmup);
        System.out.printf(Locale.ROOT, "%-28s %8s %9s %8s %8s %8s %8s%n", "case", "requests", "req/s", "median", "p90", "p99", "worst");
        Path dir = Files.createTempDirectory("firegrid-bench-coap-");
        try (Gateway gw = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir).withBindHost("127.0.0.1").withHttpPort(0)
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
            measure("plain CoAP", false, gw, clients, requests, warmup);
            measure("CoAP over DTLS (PSK)", true, gw, clients, requests, warmup);
        }
        return 0;
    }

    private static void measure(String label, boolean dtls, Gateway gw, int clients, int requests, int warmup) throws Exception {
        List<CoapEndpoint> endpoints = new ArrayList<>();
        double[][] latencies = new double[clients][requests];
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch warm = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long seqBase = dtls ? 1_000_000 : 0;
        for (int c = 0; c < clients; c++) {
            String device = "dev-" + c;
            CoapEndpoint endpoint = endpoint(dtls, device + "@bench");
            endpoints.add(endpoint);
            String uri = dtls ? "coaps://127.0.0.1:" + gw.coapsPort() + "/telemetry"
                    : "coap://127.0.0.1:" + gw.coapPort() + "/telemetry/bench/" + device;
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
                    for (int i = 0; i < requests; i++) {
                        long t0 = System.nanoTime();
                        post(coap, ++seq);
                        latencies[client][i] = (System.nanoTime() - t0) / 1e6;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, device + ": " + e);
                    warm.countDown();
                }
            }, "bench-" + device);
            threads.add(t);
            t.start();
        }
        warm.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        endpoints.forEach(CoapEndpoint::destroy);
        if (failure.get() != null) {
            throw new IllegalStateException(label + " failed: " + failure.get());
        }
        double[] all = Arrays.stream(latencies).flatMapToDouble(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-28s %8d %9.0f %6.1fms %6.1fms %6.1fms %6.1fms%n", label, all.length,
                all.length / seconds, quantile(all, 0.5), quantile(all, 0.9), quantile(all, 0.99), all[all.length - 1]);
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
