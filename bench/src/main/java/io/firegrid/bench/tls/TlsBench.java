package io.firegrid.bench.tls;

import io.firegrid.bench.latency.Machine;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.tls.TlsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * {@code ./firegrid bench tls}: full TLS handshakes per second against the MQTTS port from one
 * client thread (sessions invalidated, so none is resumed), per protocol version, and the QoS 1
 * publish latency (PUBLISH to PUBACK, which follows the store's commit) over MQTTS against plain
 * MQTT in the same run, alternating blocks so both see the same machine.
 */
public final class TlsBench {

    private static final String TOKEN = "bench-admin-token";
    private static final String PASSWORD = "bench-password-123";

    private TlsBench() {
    }

    public static int run(String[] args) throws Exception {
        int seconds = 5;
        int messages = 2000;
        int warmup = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + ": use --seconds S --messages N --warmup N");
                    return 2;
                }
            }
        }
        System.out.println("machine: " + Machine.describe() + ", load average " + Machine.loadAverage());
        Path dir = Files.createTempDirectory("firegrid-bench-tls-");
        try (Gateway gw = Gateway.start(GatewayConfig.defaults().withDataDir(dir).withBindHost("127.0.0.1").withHttpPort(0)
                .withMqttPort(0).withTls(TlsOptions.DEFAULTS.withPorts(0, 0)).withCoap(CoapOptions.DEFAULTS.withPorts(-1, -1))
                .withAdminToken(TOKEN).withPasswordIterations(1_000))) {
            SSLContext ctx = trusting(dir.resolve("ca.pem"));
            System.out.println("gateway and client share this JVM; server key ECDSA P-256 (site CA)");
            System.out.println();
            System.out.println("full handshakes/s, one client thread, " + seconds + " s each:");
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                handshakes(ctx, gw.mqttsPort(), protocol, 1);
                double rate = handshakes(ctx, gw.mqttsPort(), protocol, seconds);
                System.out.printf(Locale.ROOT, "  %-8s %8.0f /s  (%.2f ms each)%n", protocol, rate, 1000 / rate);
            }
            register(gw, "plain-1");
            register(gw, "tls-1");
            MqttClient plain = connect("tcp://127.0.0.1:" + gw.mqttPort(), "plain-1@bench", null);
            MqttClient tls = connect("ssl://127.0.0.1:" + gw.mqttsPort(), "tls-1@bench", ctx);
            long[] seq = {0, 0};
            publish(plain, seq, 0, warmup);
            publish(tls, seq, 1, warmup);
            double[] plainMs = new double[messages];
            double[] tlsMs = new double[messages];
            int block = 100;
            for (int done = 0; done < messages; done += block) {
                int n = Math.min(block, messages - done);
                System.arraycopy(publish(plain, seq, 0, n), 0, plainMs, done, n);
                System.arraycopy(publish(tls, seq, 1, n), 0, tlsMs, done, n);
            }
            plain.disconnect();
            tls.disconnect();
            plain.close();
            tls.close();
            System.out.println();
            System.out.println("QoS 1 telemetry PUBLISH -> PUBACK (after the commit), " + messages + " each after " + warmup
                    + " warm-up, alternating blocks of " + block + ":");
            System.out.printf(Locale.ROOT, "  %-12s %8s %8s %8s %8s%n", "", "median", "p90", "p99", "mean");
            line("plain MQTT", plainMs);
            line("MQTT/TLS", tlsMs);
            System.out.printf(Locale.ROOT, "  TLS / plain: median %.2f, mean %.2f%n", pct(tlsMs, 50) / pct(plainMs, 50),
                    mean(tlsMs) / mean(plainMs));
            String openssl = sTime(gw.mqttsPort(), seconds);
            if (openssl != null) {
                System.out.println();
                System.out.println("openssl s_time -new (full handshakes, TLS 1.3, one process): " + openssl);
            }
        }
        return 0;
    }

    private static double handshakes(SSLContext ctx, int port, String protocol, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() < end) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setTcpNoDelay(true); // as the edge agent's sockets (uplink/NoDelaySockets)
                s.setEnabledProtocols(new String[] {protocol});
                s.startHandshake();
                s.getSession().invalidate();
            }
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double[] publish(MqttClient client, long[] seq, int which, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            byte[] body = new JsonObject().put("ts", Instant.now().toString()).put("seq", ++seq[which])
                    .put("readings", new JsonArray().add(new JsonObject().put("sensor", "hydrant-1").put("kind", "pressure")
                            .put("value", 0.32).put("unit", "MPa"))).encode().getBytes(StandardCharsets.UTF_8);
            while (true) {
                long t0 = System.nanoTime();
                try {
                    client.publish("telemetry", body, 1, false);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    break;
                } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                    // Paho 1.2.5 frees its in-flight slot a moment after the PUBACK completes the token:
                    // "too many publishes in progress" (32202) then only means "try again"; not timed
                    if (e.getReasonCode() != 32202) {
                        throw e;
                    }
                    Thread.sleep(1);
                }
            }
        }
        return ms;
    }

    private static void line(String label, double[] ms) {
        System.out.printf(Locale.ROOT, "  %-12s %6.2fms %6.2fms %6.2fms %6.2fms%n", label, pct(ms, 50), pct(ms, 90),
                pct(ms, 99), mean(ms));
    }

    private static double pct(double[] ms, double p) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100 * s.length) - 1)];
    }

    private static double mean(double[] ms) {
        return Arrays.stream(ms).average().orElse(0);
    }

    private static void register(Gateway gw, String device) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gw.httpPort() + "/api/v1/devices")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tenant", "bench").put("id", device)
                        .put("password", PASSWORD).put("sensors", new JsonArray().add(new JsonObject().put("id", "hydrant-1")
                                .put("kind", "pressure"))).encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering " + device + " failed: " + r.body());
        }
    }

    private static MqttClient connect(String uri, String user, SSLContext ctx) throws Exception {
        MqttClient c = new MqttClient(uri, user, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
        if (ctx != null) {
            o.setSocketFactory(ctx.getSocketFactory());
        }
        c.connect(o);
        return c;
    }

    /** A client context that trusts the CA in {@code caFile} (PEM), as a device given the site's {@code ca.pem}. */
    public static SSLContext trusting(Path caFile) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** {@code openssl s_time -new}'s summary line, null when openssl is not installed. */
    private static String sTime(int port, int seconds) {
        try {
            Process p = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port, "-new", "-time",
                    Integer.toString(seconds)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.contains("connections in") && l.contains("real")).findFirst()
                    .orElse(out.strip().lines().reduce((a, b) -> b).orElse(""));
        } catch (Exception e) {
            return null;
        }
    }
}
