package io.firegrid.bench.load;

import io.firegrid.bench.load.DeviceConnection.State;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code bench load-devices}: one load process of the {@code load} harness. It holds the
 * connections of the devices listed in a file ({@code user@tenant password source-address} a
 * line) on one selector thread, publishes a reading per device every {@code 1/rate} seconds
 * (each device at its own offset, so the load is spread evenly), and reconnects a lost device
 * with the edge agent's own backoff ({@code ReconnectBackoff}): 0.5-1 s, doubling with each failure in a row up to 5-10 s, or 5-15 s,
 * 10-30 s, 20-60 s when the server said it is busy (reason 0x89) or that connections come too fast (0x9F).
 * With {@code --tls-ca} the devices connect over TLS, trusting that CA, each connect a full handshake
 * ({@code --tls-client}: BoringSSL, the default, or the JDK's; {@link TlsEngines}).
 *
 * <p>Talks to the harness by lines. Out: {@code status WALL_MS CONNECTED TOTAL} when the number
 * of connected devices changes (at most every 100 ms) and every second; {@code report PHASE ...}
 * ({@link LoadCounts}) when asked; a phase's PUBACK figures count only PUBLISHes sent in
 * it. In: {@code report PHASE} (counts since the last report, then
 * zeroed) and {@code exit}; end of input (the harness died) also ends it, as does
 * {@code --max-seconds}.
 */
public final class LoadDevices implements DeviceConnection.Events {

    static final int KEEP_ALIVE_SECONDS = 60;
    private static final long PING_AFTER_NANOS = 30_000_000_000L;
    private static final long CONNACK_TIMEOUT_NANOS = 30_000_000_000L;
    /** Connections being set up at once during the first connect (not after: a storm is what is measured). */
    private static final int FIRST_CONNECT_CONCURRENCY = 100;

    private record Timer(long at, DeviceConnection device, int generation, boolean publish) {
    }

    private final Selector selector;
    private final List<DeviceConnection> devices;
    private final long periodNanos;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::at));
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final long start = System.nanoTime();
    private LoadCounts counts = new LoadCounts();
    private long phaseStart = start;
    private boolean firstConnect = true;
    private int up;
    private int connecting;
    private int lastStatusUp = -1;
    private long lastStatus;
    /** Readings per device in {@code --burst} mode; 0 for readings at {@code --rate}. */
    private final long burst;
    private long goAt;
    private int finished;

    private LoadDevices(Selector selector, List<DeviceConnection> devices, double rate, long burst) {
        this.selector = selector;
        this.devices = devices;
        this.burst = burst;
        this.periodNanos = (long) (1e9 / rate);
        for (int i = 0; i < devices.size(); i++) {
            devices.get(i).offsetNanos = periodNanos * i / devices.size();
        }
    }

    /** {@code --gateway HOST:PORT --devices FILE --rate R --max-seconds S}. */
    public static int run(String[] args) throws Exception {
        String gateway = null;
        Path file = null;
        double rate = 1;
        long maxSeconds = 600;
        long burst = 0;
        int window = DeviceConnection.WINDOW;
        Path tlsCa = null;
        String tlsClient = "boringssl";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = args[++i];
                case "--devices" -> file = Path.of(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                case "--burst" -> burst = Long.parseLong(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--tls-ca" -> tlsCa = Path.of(args[++i]);
                case "--tls-client" -> tlsClient = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (gateway == null || file == null) {
            System.err.println("usage: load-devices --gateway HOST:PORT --devices FILE [--rate R] [--max-seconds S]"
                    + " [--burst N [--window W]] [--tls-ca CA.pem [--tls-client boringssl|jdk]]");
            return 2;
        }
        if (window < 1 || window > DeviceConnection.WINDOW) {
            System.err.println("--window must be between 1 and " + DeviceConnection.WINDOW);
            return 2;
        }
        InetSocketAddress address = new InetSocketAddress(gateway.substring(0, gateway.lastIndexOf(':')),
                Integer.parseInt(gateway.substring(gateway.lastIndexOf(':') + 1)));
        TlsEngines tls = tlsCa == null ? null : TlsEngines.of(tlsCa, tlsClient);
        DeviceConnection.TlsBuffers buffers = tls == null ? null : new DeviceConnection.TlsBuffers(tls);
        List<DeviceConnection> devices = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            DeviceConnection d = new DeviceConnection(f[0], MqttWire.utf8(f[1]), InetAddress.getByName(f[2]), address, tls,
                    buffers);
            d.window = window;
            devices.add(d);
        }
        try (Selector selector = Selector.open()) {
            new LoadDevices(selector, devices, rate, burst).loop(maxSeconds * 1_000_000_000L);
        }
        return 0;
    }

    private void loop(long maxNanos) throws IOException {
        readCommands();
        for (DeviceConnection d : devices) {
            timers.add(new Timer(start, d, d.generation, false));
        }
        say("ready " + devices.size());
        long lastSweep = start;
        while (System.nanoTime() - start < maxNanos) {
            long now = System.nanoTime();
            long wait = timers.isEmpty() ? 100 : Math.max(1, Math.min(100, (timers.peek().at() - now) / 1_000_000));
            selector.select(wait);
            now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                handle(key, now);
            }
            selector.selectedKeys().clear();
            runTimers(now);
            if (now - lastSweep > 1_000_000_000L) {
                sweep(now);
                lastSweep = now;
            }
            status(now);
            for (String c; (c = commands.poll()) != null; ) {
                if (c.equals("go") && burst > 0 && goAt == 0) {
                    goAt = System.nanoTime();
                    for (DeviceConnection d : devices) {
                        pump(d, goAt);
                    }
                }
                if (c.equals("exit")) {
                    devices.forEach(DeviceConnection::close);
                    return;
                }
                if (c.startsWith("report ")) {
                    counts.seconds = (System.nanoTime() - phaseStart) / 1e9;
                    say(counts.encode(c.substring(7).trim()));
                    counts = new LoadCounts();
                    phaseStart = System.nanoTime();
                }
            }
        }
        System.err.println("load-devices: --max-seconds reached, stopping");
        devices.forEach(DeviceConnection::close);
    }

    private void handle(SelectionKey key, long now) {
        DeviceConnection d = (DeviceConnection) key.attachment();
        if (!key.isValid() || d.state == State.DOWN) {
            return;
        }
        try {
            if (key.isConnectable()) {
                d.connected(now);
                return;
            }
            if (key.isWritable()) {
                d.flush();
            }
            if (key.isReadable() && !d.read(this, now)) {
                drop(d, d.state == State.UP ? "connection-closed" : "connect-closed", false, now);
            }
        } catch (IOException e) {
            drop(d, d.state == State.UP ? "connection-lost" : "connect-failed", false, now);
        }
    }

    private void runTimers(long now) {
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            Timer t = timers.poll();
            DeviceConnection d = t.device();
            if (t.generation() != d.generation) {
                continue;
            }
            if (t.publish() && d.state == State.UP) {
                try {
                    if (d.publish(now)) {
                        counts.sent++;
                    } else {
                        counts.skipped++;
                    }
                } catch (IOException e) {
                    drop(d, "connection-lost", false, now);
                    continue;
                }
                timers.add(new Timer(Math.max(t.at() + periodNanos, now - periodNanos), d, d.generation, true));
            } else if (!t.publish() && d.state == State.DOWN) {
                if (firstConnect && connecting >= FIRST_CONNECT_CONCURRENCY) {
                    timers.add(new Timer(now + 10_000_000L, d, d.generation, false));
                    continue;
                }
                try {
                    connecting++;
                    d.open(selector, now);
                } catch (IOException e) {
                    drop(d, "connect-failed", false, now);
                }
            }
        }
    }

    /** Connections that waited too long for a CONNACK are given up; idle ones are pinged. */
    private void sweep(long now) {
        for (DeviceConnection d : devices) {
            if ((d.state == State.CONNECTING || d.state == State.AWAITING_CONNACK) && now - d.stateSince > CONNACK_TIMEOUT_NANOS) {
                drop(d, "connect-timeout", false, now);
            } else if (d.state == State.UP && now - d.lastSent > PING_AFTER_NANOS) {
                try {
                    d.ping(now);
                } catch (IOException e) {
                    drop(d, "connection-lost", false, now);
                }
            }
        }
    }

    @Override
    public void connack(DeviceConnection d, int code) {
        long now = System.nanoTime();
        if (code >= 0x80) {
            drop(d, String.format(Locale.ROOT, "connack-0x%02x", code),
                    code == MqttWire.SERVER_BUSY || code == MqttWire.CONNECTION_RATE_EXCEEDED, now);
            return;
        }
        connecting--;
        up++;
        counts.connects++;
        d.backoff.reset();
        d.lastSent = now;
        if (up == devices.size()) {
            firstConnect = false;
        }
        if (burst > 0) {
            pump(d, now);
            return;
        }
        // each device keeps its own slot in the period, so the readings of all are spread evenly
        long phase = Math.floorMod(d.offsetNanos - (now - start), periodNanos);
        timers.add(new Timer(now + phase, d, d.generation, true));
    }

    @Override
    public void puback(DeviceConnection d, int code, long nanos) {
        if (code >= 0x80) {
            counts.refused(String.format(Locale.ROOT, "puback-0x%02x", code));
        } else if (System.nanoTime() - nanos >= phaseStart) {
            counts.acked++;
            counts.acks.record(nanos);
        } else {
            counts.ackedEarlier++;
        }
        if (burst > 0) {
            long now = System.nanoTime();
            // a refused reading is sent again: the burst ends when every reading was accepted
            if (code < 0x80 && ++d.acked == burst && ++finished == devices.size()) {
                say(String.format(Locale.ROOT, "done %d %.3f", System.currentTimeMillis(), (now - goAt) / 1e9));
            }
            pump(d, now);
        }
    }

    /** {@code --burst}: after {@code go}, keeps the device's window full until its readings are all acknowledged. */
    private void pump(DeviceConnection d, long now) {
        if (goAt == 0 || d.state != State.UP) {
            return;
        }
        try {
            while (d.acked + d.inFlight < burst && d.publish(now)) {
                counts.sent++;
            }
        } catch (IOException e) {
            drop(d, "connection-lost", false, now);
        }
    }

    @Override
    public void disconnect(DeviceConnection d, int code) {
        drop(d, String.format(Locale.ROOT, "disconnect-0x%02x", code),
                code == MqttWire.SERVER_BUSY || code == MqttWire.CONNECTION_RATE_EXCEEDED, System.nanoTime());
    }

    /** Closes the connection, counts why, and sets the reconnect after a random wait. */
    private void drop(DeviceConnection d, String reason, boolean busy, long now) {
        if (d.state == State.DOWN) {
            return;
        }
        if (d.state == State.UP) {
            up--;
        } else {
            connecting--;
        }
        counts.refused(reason);
        counts.unacked += d.close();
        long waitMs = d.backoff.next(busy ? MqttWire.SERVER_BUSY : -1);
        timers.add(new Timer(now + waitMs * 1_000_000, d, d.generation, false));
    }

    private void status(long now) {
        boolean changed = up != lastStatusUp && now - lastStatus > 100_000_000L;
        if (changed || now - lastStatus > 1_000_000_000L) {
            say("status " + System.currentTimeMillis() + " " + up + " " + devices.size());
            lastStatusUp = up;
            lastStatus = now;
        }
    }

    private void readCommands() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    commands.add(line.trim());
                    selector.wakeup();
                }
            } catch (IOException e) {
                System.err.println("load-devices: cannot read commands: " + e);
            }
            commands.add("exit");
            selector.wakeup();
        }, "load-commands");
        t.setDaemon(true);
        t.start();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
