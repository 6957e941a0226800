package io.firegrid.bench.load;

import io.firegrid.bench.latency.SseReader;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The smoke detector whose alarms are timed while the load runs: one device (Paho, MQTT 5, QoS 1)
 * that every interval publishes a smoke {@code alarm} event and measures (a) PUBLISH to the raised
 * alarm (matched by its {@code seq}) on the live stream, read over a plain socket as a console
 * reads it, and (b) PUBLISH to PUBACK; then resolves the alarm through the API and publishes
 * {@code normal}, so that the next probe raises a new alarm. When the gateway is away the probe
 * counts the tick as unavailable and tries again at the next one: the MQTT connection and the
 * stream are opened afresh. A probe (or a connect attempt) that takes longer than the interval
 * delays the next tick; ticks are not made up for. Runs on its own thread between {@link #start} and {@link #stop}.
 */
final class Probe {

    static final String SENSOR = "smoke-1";
    private static final long FRAME_TIMEOUT_MS = 10_000;
    private static final long CONNECT_TIMEOUT_MS = 5_000;

    /** What one phase of probing measured. */
    record Result(String phase, List<Double> streamMs, List<Double> pubackMs, int lost, int unavailable, int ticks,
                  List<Long> measuredAtMs, List<Traced> traced, long startMs, long endMs) {

        /** Wall-clock ms of the first measured probe published at or after {@code wallMs}, or -1. */
        long firstMeasuredAfter(long wallMs) {
            return measuredAtMs.stream().filter(t -> t >= wallMs).findFirst().orElse(-1L);
        }
    }

    private final GatewayApi api;
    private final String mqttUri;
    private final SSLContext tls;
    private final String tenant;
    private final String device;
    private final String password;
    private long seq;
    private MqttAsyncClient client;
    private SseReader stream;
    private Thread thread;
    private volatile boolean stopping;
    private volatile long lastMeasuredAt = -1;
    private Result result;

    /**
     * One measured probe: published at {@code t0WallMicros} (epoch), its alarm on the stream
     * {@code totalMs} later, with the gateway's {@code : path} line (null if the frame had none).
     */
    record Traced(long t0WallMicros, double totalMs, String path) {
    }

    /** Over TLS trusting {@code tls} when it is not null ({@code mqttPort} then the MQTT over TLS port). */
    Probe(GatewayApi api, int mqttPort, SSLContext tls, String tenant, String device, String password) {
        this.api = api;
        this.tls = tls;
        this.mqttUri = (tls == null ? "tcp://127.0.0.1:" : "ssl://127.0.0.1:") + mqttPort;
        this.tenant = tenant;
        this.device = device;
        this.password = password;
    }

    /** Probes every {@code intervalMs} until {@link #stop}, or for {@code maxMillis} at most. */
    void start(String phase, long intervalMs, long maxMillis) {
        stopping = false;
        thread = new Thread(() -> result = loop(phase, intervalMs, maxMillis), "load-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once a probe published at or after {@code wallMs} had its alarm on the stream. */
    boolean measuredSince(long wallMs) {
        return lastMeasuredAt >= wallMs;
    }

    Result stop() throws InterruptedException {
        stopping = true;
        thread.join(2 * FRAME_TIMEOUT_MS + 20_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the probe did not stop");
        }
        return result;
    }

    void close() {
        closeClient();
        closeStream();
    }

    private Result loop(String phase, long intervalMs, long maxMillis) {
        List<Double> streamMs = new ArrayList<>();
        List<Double> pubackMs = new ArrayList<>();
        List<Long> measuredAt = new ArrayList<>();
        List<Traced> traced = new ArrayList<>();
        long startMs = System.currentTimeMillis();
        int lost = 0;
        int ticks = 0;
        int unavailable = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long next = start;
        while (!stopping && System.nanoTime() < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                continue;
            }
            next = Math.max(next + TimeUnit.MILLISECONDS.toNanos(intervalMs), System.nanoTime());
            ticks++;
            if (!connected()) {
                unavailable++;
                continue;
            }
            long wall = System.currentTimeMillis();
            switch (once(streamMs, pubackMs, traced)) {
                case LOST -> lost++;
                case UNAVAILABLE -> unavailable++;
                case MEASURED -> {
                    measuredAt.add(wall);
                    lastMeasuredAt = wall;
                }
                default -> {
                }
            }
        }
        return new Result(phase, streamMs, pubackMs, lost, unavailable, ticks, measuredAt, traced, startMs,
                System.currentTimeMillis());
    }

    private enum Outcome { MEASURED, LOST, UNAVAILABLE }

    private Outcome once(List<Double> streamMs, List<Double> pubackMs, List<Traced> traced) {
        long mySeq = ++seq;
        Instant wall = Instant.now();
        long t0 = System.nanoTime();
        long t0WallMicros = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000;
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(FRAME_TIMEOUT_MS);
        Ack ack = publish(event(mySeq, "alarm"));
        if (ack == null) {
            return Outcome.UNAVAILABLE;
        }
        Long alarmId = null;
        try {
            while (alarmId == null && System.nanoTime() < deadline && stream.isOpen()) {
                SseReader.Frame f = stream.poll(20); // short, so that a stream the gateway dropped is seen at once
                if (f != null && "alarm".equals(f.event())) {
                    JsonObject a = new JsonObject(f.data());
                    if (device.equals(a.getString("device")) && "raised".equals(a.getString("state"))
                            && a.getLong("seq", -1L) == mySeq) {
                        double total = (f.arrivedNanos() - t0) / 1e6;
                        streamMs.add(total);
                        traced.add(new Traced(t0WallMicros, total, f.path()));
                        alarmId = a.getLong("id");
                    }
                }
            }
            long ackedAt = ack.await(deadline);
            if (ackedAt != 0) {
                pubackMs.add((ackedAt - t0) / 1e6);
            }
            for (long id : alarmId != null ? List.of(alarmId) : api.openAlarms(device, SENSOR)) {
                api.resolve(id);
            }
            Ack normal = publish(event(++seq, "normal"));
            if (normal != null) {
                normal.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FRAME_TIMEOUT_MS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNAVAILABLE;
        }
        return alarmId != null ? Outcome.MEASURED : Outcome.LOST;
    }

    /** A PUBLISH's PUBACK: when it came, waited for only while the connection is up (Paho keeps the token open when it drops). */
    private final class Ack {
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicLong at = new AtomicLong();

        /** The nanoTime of the PUBACK, or 0 if none came before {@code deadline} or the connection went. */
        long await(long deadline) throws InterruptedException {
            while (!done.await(20, TimeUnit.MILLISECONDS)) {
                if (client == null || !client.isConnected() || System.nanoTime() > deadline) {
                    return 0;
                }
            }
            return at.get();
        }
    }

    /** Hands a QoS 1 PUBLISH to Paho; null (and the client closed) if it cannot take it. */
    private Ack publish(MqttMessage message) {
        Ack ack = new Ack();
        try {
            client.publish("event", message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    ack.at.set(System.nanoTime());
                    ack.done.countDown();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    ack.done.countDown();
                }
            });
            return ack;
        } catch (MqttException e) {
            closeClient();
            return null;
        }
    }

    /** Opens the MQTT connection and the stream if either is gone; false if the gateway does not answer. */
    private boolean connected() {
        try {
            if (client == null || !client.isConnected()) {
                closeClient();
                client = new MqttAsyncClient(mqttUri, device + "-probe", new MemoryPersistence());
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setUserName(device + "@" + tenant);
                o.setPassword(password.getBytes(StandardCharsets.UTF_8));
                o.setConnectionTimeout((int) (CONNECT_TIMEOUT_MS / 1000));
                o.setAutomaticReconnect(false);
                o.setKeepAliveInterval(30);
                if (tls != null) {
                    o.setSocketFactory(tls.getSocketFactory());
                }
                // as the edge agent says it while an alarm waits in its outbox: the gateway lets it past the storm's queue
                o.setUserProperties(java.util.List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty(
                        "firegrid-event-waiting", "1")));
                client.connect(o).waitForCompletion(CONNECT_TIMEOUT_MS + 1000);
            }
            if (stream == null || !stream.isOpen()) {
                closeStream();
                stream = new SseReader(api.stream());
                if (stream.poll(CONNECT_TIMEOUT_MS) == null) { // the snapshot of open alarms
                    closeStream();
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            closeClient();
            closeStream();
            sleep(100);
            return false;
        }
    }

    private MqttMessage event(long s, String state) {
        MqttMessage m = new MqttMessage(("{\"ts\":\"" + Instant.now() + "\",\"seq\":" + s + ",\"sensor\":\"" + SENSOR
                + "\",\"kind\":\"smoke\",\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                // already gone
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // already closed
            }
            client = null;
        }
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (java.io.IOException e) {
                // already closed
            }
            stream = null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.min(ms, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
