package io.firegrid.agent.sim;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.gb26875.Address;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.Command;
import io.firegrid.protocol.gb26875.Frame;
import io.firegrid.protocol.gb26875.TimeLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Building 7's fire alarm control panel, heard through its user information transmission device
 * (UITD) over GB/T 26875.3: registered with the gateway as device {@code uitd-7} with its address
 * and two of the panel's components (a smoke detector on the 5th floor, a manual call point in the
 * lobby), it sends its own state every minute and, in turn, a detector fault and its restore, then
 * a call point pressed and the panel reset (the call point is normal again; the fire alarm waits
 * for the crew to resolve it), printing one line for each. Frames are built with the
 * protocol module's codec and sent over a plain socket, as a UITD would; the gateway's confirms are
 * read and counted.
 *
 * <p>Runs on the demo's single-threaded scheduler.
 */
final class DemoFirePanel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFirePanel.class);

    static final DeviceId ID = new DeviceId(DemoDevice.TENANT, "uitd-7");
    /** The UITD's address, as it is registered (12 hex digits, most significant first). */
    static final Address ADDRESS = Address.parse("000000000701");
    static final String SMOKE = "c-1-1-261";
    static final String CALL_POINT = "c-1-1-262";
    private static final int FIRE_ALARM_SYSTEM = 1;
    private static final int SMOKE_TYPE = 42;
    private static final int CALL_POINT_TYPE = 23;
    private static final long HEARTBEAT_SECONDS = 60;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final InetSocketAddress gateway;
    private final DemoTiming timing;
    private final ScheduledExecutorService scheduler;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private Socket socket;
    private int serial;
    private int step;
    private volatile int confirms;

    private DemoFirePanel(InetSocketAddress gateway, DemoTiming timing, ScheduledExecutorService scheduler, PrintStream out) {
        this.gateway = gateway;
        this.timing = timing;
        this.scheduler = scheduler;
        this.out = out;
    }

    /** Registers the UITD (a second start finds it registered) and starts its script. */
    static DemoFirePanel start(DeviceRegistrar api, InetSocketAddress gateway, DemoTiming timing,
                               ScheduledExecutorService scheduler, PrintStream out) throws InterruptedException {
        api.create("devices", registration(), ID.device());
        DemoFirePanel panel = new DemoFirePanel(gateway, timing, scheduler, out);
        scheduler.scheduleAtFixedRate(panel.guarded(panel::heartbeat), 1, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        long every = timing.alarmEvery().toMillis() * 3 / 2;
        // its first turn between the Pis' first smoke alarm and their second, so that both show soon
        scheduler.scheduleAtFixedRate(panel.guarded(panel::next), timing.firstAlarmAfter().plus(timing.alarmLasts()).toMillis(),
                every, TimeUnit.MILLISECONDS);
        out.printf("demo: fire alarm panel of building 7 reporting through its UITD %s (GB/T 26875.3, address %s) to %s:%d%n",
                ID.device(), ADDRESS.hex(), gateway.getHostString(), gateway.getPort());
        return panel;
    }

    static String registration() {
        byte[] unused = new byte[18];
        new SecureRandom().nextBytes(unused);
        // a UITD does not log in; the password is required of every device and never used by this one
        return "{\"tenant\":\"" + ID.tenant() + "\",\"id\":\"" + ID.device() + "\",\"password\":\""
                + HexFormat.of().formatHex(unused) + "\",\"site\":\"" + DemoDevice.SITE + "\",\"gb26875Address\":\""
                + ADDRESS.hex() + "\",\"gb26875Allow\":\"127.0.0.1/32\",\"maxSilenceSeconds\":300,"
                + "\"location\":{\"building\":\"7\",\"unit\":1,\"floor\":1,\"label\":\"消防控制室 fire control room\"},"
                + "\"sensors\":[{\"id\":\"" + SMOKE + "\",\"kind\":\"smoke\",\"zone\":\"7-F5\","
                + "\"location\":{\"building\":\"7\",\"unit\":1,\"floor\":5,\"label\":\"501室门厅 flat 501 hall\"}},"
                + "{\"id\":\"" + CALL_POINT + "\",\"kind\":\"call-point\",\"zone\":\"7-F1\","
                + "\"location\":{\"building\":\"7\",\"unit\":1,\"floor\":1,\"label\":\"一层大堂 ground-floor lobby\"}}]}";
    }

    /** Frames the gateway confirmed so far. */
    int confirms() {
        return confirms;
    }

    private void heartbeat() throws IOException {
        send(new AppData(21, List.of(new AppData.UitdState(Bits.NORMAL, now()))));
    }

    /** Fault, its restore, a call point pressed, the panel reset; one step a turn, the second of each pair later. */
    private void next() throws IOException {
        if (step++ % 2 == 0) {
            send(component(SMOKE_TYPE, 261, Bits.NORMAL | Bits.FAULT, "7栋5层501门厅感烟"));
            out.println("demo: fire alarm panel, building 7 -> smoke detector 1-261 (5F flat 501 hall) FAULT");
            scheduler.schedule(guarded(() -> {
                send(component(SMOKE_TYPE, 261, Bits.NORMAL, "7栋5层501门厅感烟"));
                out.println("demo: fire alarm panel, building 7 -> smoke detector 1-261 fault cleared");
            }), timing.alarmLasts().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            send(component(CALL_POINT_TYPE, 262, Bits.NORMAL | Bits.FIRE, "7栋1层大堂手报"));
            out.println("demo: fire alarm panel, building 7 -> manual call point 1-262 (lobby) FIRE");
            scheduler.schedule(guarded(() -> {
                send(new AppData(4, List.of(new AppData.SystemOperation(FIRE_ALARM_SYSTEM, 1, Bits.OP_RESET, 0, now()))));
                out.println("demo: fire alarm panel, building 7 -> panel reset (复位)");
            }), timing.alarmLasts().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private AppData component(int type, long address, int state, String description) {
        return new AppData(2, List.of(new AppData.ComponentState(FIRE_ALARM_SYSTEM, 1, type, address, state, description, now())));
    }

    private TimeLabel now() {
        return TimeLabel.of(clock.instant(), ZONE);
    }

    private void send(AppData data) throws IOException {
        Frame f = new Frame(++serial & 0xFFFF, Frame.VERSION_1_0, now(), ADDRESS, new Address(0), Command.SEND_DATA, data.encode());
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                connection().getOutputStream().write(f.encode());
                return;
            } catch (IOException e) {
                closeSocket(); // the gateway restarted: connect again once
                if (attempt == 1) {
                    throw e;
                }
            }
        }
    }

    private Socket connection() throws IOException {
        if (socket == null || socket.isClosed()) {
            Socket s = new Socket();
            s.connect(gateway, 5_000);
            socket = s;
            Thread reader = new Thread(() -> readConfirms(s), "demo-uitd-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return socket;
    }

    /** Counts what comes back; the gateway confirms each frame once it is stored (a deny is logged). */
    private void readConfirms(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] head = new byte[27]; // @@, then the 25-byte control unit, whose last byte is the command
            while (in.readNBytes(head, 0, head.length) == head.length) {
                int length = (head[24] & 0xFF) | (head[25] & 0xFF) << 8;
                int command = head[26] & 0xFF;
                in.skipNBytes(length + 3); // the application data, the checksum and ##
                if (command == Command.CONFIRM.code()) {
                    confirms++;
                } else {
                    LOG.warn("the gateway answered the demo UITD with command {}", command);
                }
            }
        } catch (IOException e) {
            LOG.debug("demo UITD connection closed: {}", e.getMessage());
        }
    }

    private Runnable guarded(IoStep step) {
        return () -> {
            try {
                step.run();
            } catch (IOException | RuntimeException e) {
                out.println("demo: fire alarm panel cannot reach the gateway's GB/T 26875.3 port: " + e.getMessage());
            }
        };
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private void closeSocket() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the demo UITD socket: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closeSocket();
    }
}
