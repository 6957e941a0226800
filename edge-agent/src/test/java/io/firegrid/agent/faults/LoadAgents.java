package io.firegrid.agent.faults;

import io.firegrid.agent.dualpath.DualPathOptions;
import io.firegrid.agent.dualpath.DualPathUplink;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Many edge agents in one process for the fault harness: each a real dual-path uplink (two MQTT
 * connections, two outboxes) and message counter, without pins. Its sensors are scripted: every
 * event is a smoke alarm from a detector of its own ({@code smoke-SEQ}), so each raises one alarm
 * and the checker can count them through the API.
 *
 * <p>{@code LoadAgents TENANT PREFIX COUNT DATA_DIR PRIMARY_URI SECONDARY_URI REPORTING_S SUPERVISION_S HEARTBEAT_MS}.
 * Prints {@code started}, then answers lines on stdin:
 * <pre>
 * burst N MS   each device produces N events, one every MS ms; "produced DEVICE SEQ" once an event is
 *              durably in the outbox, then "burst-done"
 * readings N MS  meanwhile, on a thread of its own: each device sends N readings messages, one every MS
 *              ms, each one reading {@code agent.load} whose value is the message's seq; "reading DEVICE
 *              SEQ" once it is in the outbox, then "readings-done"
 * clock S      the agents' clock stepped by S seconds (negative: back) from now on, for the ts of every
 *              later message; their timers (reporting time, supervision) run on the monotonic clock,
 *              as on a Pi whose wall clock is stepped
 * status       "status UNDELIVERED CONNECTED FAILED_OVER DROPPED_TELEMETRY": messages in all outboxes,
 *              devices with both paths up, events copied to the secondary, telemetry dropped
 * </pre>
 * Killed with {@code kill -9} it is an agent power cut: what was not forced to disk is gone.
 */
public final class LoadAgents {

    private LoadAgents() {
    }

    public static void main(String[] args) throws Exception {
        String tenant = args[0];
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        Path dataDir = Path.of(args[3]);
        URI primaryUri = URI.create(args[4]);
        URI secondaryUri = URI.create(args[5]);
        Duration reporting = Duration.ofSeconds(Long.parseLong(args[6]));
        Duration supervision = Duration.ofSeconds(Long.parseLong(args[7]));
        long heartbeatMs = Long.parseLong(args[8]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AtomicLong clockStep = new AtomicLong();
        java.util.function.Supplier<Instant> now = () -> Instant.now().plusSeconds(clockStep.get());
        List<DeviceId> ids = new ArrayList<>();
        List<SeqCounter> seqs = new ArrayList<>();
        List<DualPathUplink> uplinks = new ArrayList<>();
        DualPathOptions options = DualPathOptions.of(secondaryUri, TestGateway.PASSWORD).withTimes(reporting, supervision);
        for (int i = 1; i <= count; i++) {
            DeviceId id = new DeviceId(tenant, prefix + i);
            Path dir = dataDir.resolve(id.device());
            SeqCounter seq = SeqCounter.open(dir.resolve("seq"));
            MqttUplink p = new MqttUplink(MqttUplinkOptions.of(primaryUri, id, options.secondaryPassword(), dir.resolve("mqtt"))
                    .withMaxReconnectDelay(Duration.ofSeconds(1)));
            MqttUplink s = new MqttUplink(options.uplinkOptions(id, dir).withMaxReconnectDelay(Duration.ofSeconds(1)));
            DualPathUplink uplink = new DualPathUplink(id, options, p, s);
            uplink.troubles((sensor, state) -> {
                synchronized (seq) {
                    uplink.send(new Event(now.get(), seq.next(), sensor, Kind.DEVICE, state));
                }
            });
            ids.add(id);
            seqs.add(seq);
            uplinks.add(uplink);
        }
        uplinks.forEach(DualPathUplink::start);
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
        beat.scheduleAtFixedRate(() -> {
            for (int i = 0; i < count; i++) {
                try {
                    synchronized (seqs.get(i)) {
                        uplinks.get(i).heartbeat(new Readings(now.get(), seqs.get(i).next(),
                                List.of(new Reading("agent.uptime", Kind.DEVICE, 1, "s"))));
                    }
                } catch (RuntimeException e) {
                    System.err.println("heartbeat lost: " + e);
                }
            }
        }, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        out.println("started");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "burst" -> {
                    int n = Integer.parseInt(w[1]);
                    long every = Long.parseLong(w[2]);
                    for (int k = 0; k < n; k++) {
                        for (int i = 0; i < count; i++) {
                            long seq;
                            synchronized (seqs.get(i)) {
                                seq = seqs.get(i).next();
                                uplinks.get(i).send(new Event(now.get(), seq, "smoke-" + seq, Kind.SMOKE, State.ALARM));
                            }
                            out.println("produced " + ids.get(i).device() + " " + seq);
                        }
                        Thread.sleep(every);
                    }
                    out.println("burst-done");
                }
                case "readings" -> {
                    int n = Integer.parseInt(w[1]);
                    long every = Long.parseLong(w[2]);
                    Thread t = new Thread(() -> {
                        try {
                            // at a fixed rate: rounds slowed by a loaded machine are caught up, so the
                            // readings end when the scenario expects them to, not minutes later
                            long start = System.nanoTime();
                            for (int k = 0; k < n; k++) {
                                for (int i = 0; i < count; i++) {
                                    long seq;
                                    synchronized (seqs.get(i)) {
                                        seq = seqs.get(i).next();
                                        uplinks.get(i).send(new Readings(now.get(), seq,
                                                List.of(new Reading("agent.load", Kind.DEVICE, seq, "1"))));
                                    }
                                    out.println("reading " + ids.get(i).device() + " " + seq);
                                }
                                long due = start + (k + 1) * every * 1_000_000L;
                                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                            }
                            out.println("readings-done");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "readings");
                    t.setDaemon(true);
                    t.start();
                }
                case "clock" -> {
                    clockStep.set(Long.parseLong(w[1]));
                    out.println("clock " + clockStep.get());
                }
                case "status" -> {
                    long undelivered = 0;
                    long connected = 0;
                    long failedOver = 0;
                    long dropped = 0;
                    for (DualPathUplink u : uplinks) {
                        undelivered += u.undelivered();
                        connected += u.primary().isConnected() && u.secondary().isConnected() ? 1 : 0;
                        failedOver += u.failedOver();
                        dropped += u.outboxStats().droppedTelemetry();
                    }
                    out.println("status " + undelivered + " " + connected + " " + failedOver + " " + dropped);
                }
                default -> out.println("unknown " + line);
            }
        }
        beat.shutdownNow();
        uplinks.forEach(DualPathUplink::close);
        for (SeqCounter s : seqs) {
            s.close();
        }
    }
}
