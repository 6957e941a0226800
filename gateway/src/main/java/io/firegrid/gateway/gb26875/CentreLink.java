package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.gb26875.Address;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.Command;
import io.firegrid.protocol.gb26875.Frame;
import io.firegrid.protocol.gb26875.FrameReader;
import io.firegrid.protocol.gb26875.TimeLabel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a UITD of the city's monitoring centre (GB/T 26875.3, northbound): every alarm
 * change worth reporting ({@link CentreReports}) is written to the table {@code gb26875_outbox} in
 * the transaction that stores the change, so it survives {@code kill -9}; one frame at a time is
 * sent as {@code send data}, sent again with the same serial number every
 * {@code FIREGRID_GB26875_CONFIRM_SECONDS} until the centre confirms it, and deleted on the
 * confirm (or a deny, which is counted and logged: the centre will not take it). While the centre
 * is away the outbox grows and the link reconnects, 1 s to 30 s apart; when it is back the outbox
 * drains in order.
 *
 * <p>The centre's queries are answered from what the gateway knows: the system state (61) from
 * its open alarms, a component's state (62) and configuration (67) from the registered sensor it
 * stands for and its open alarms, the versions (65, 85), configurations (66, 86) and clocks (68,
 * 88) of the gateway as the fire alarm system and as the UITD, the UITD's state (81); a clock sync
 * (90) and an initialisation (89) are confirmed (the gateway keeps its own clock); a duty check
 * (91) is confirmed and handed to {@link DutyChecks}, whose answer is queued here; a component's
 * analog value (63) is the last pressure reading of the sensor it stands for, and the operation
 * records (64 the system's, 84 the UITD's) are what people did, kept by {@link OperationRecords}:
 * alarm steps and duty-check answers (docs/gb26875.md). A query naming no sensor, or one without a
 * reading, is denied and counted. All work of the link runs on one Vert.x context.
 */
public final class CentreLink {

    private static final Logger LOG = LoggerFactory.getLogger(CentreLink.class);
    private static final long MIN_RECONNECT_MS = 1_000;
    private static final long MAX_RECONNECT_MS = 30_000;

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS gb26875_outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              data BLOB NOT NULL,
              created_at TEXT NOT NULL)""");

    private record Pending(long id, Frame frame) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Database db;
    private final AlarmService alarms;
    private final DutyChecks dutyChecks;
    private final DeviceRegistry registry;
    private final Gb26875Options options;
    private final Clock clock;
    private final MeterRegistry meters;
    private final NetClient client;
    private final String host;
    private final int port;
    private final AtomicLong queued = new AtomicLong();
    private NetSocket socket;
    private FrameReader reader;
    private Pending inFlight;
    private boolean loading;
    private long resendTimer = -1;
    private long reconnectMs = MIN_RECONNECT_MS;
    private boolean stopped;
    private Address centreAddress = new Address(0);
    // for /health, read from any thread
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant downSince;

    private CentreLink(Vertx vertx, Database db, AlarmService alarms, DutyChecks dutyChecks, DeviceRegistry registry,
                       Gb26875Options options, Clock clock, MeterRegistry meters) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.alarms = alarms;
        this.dutyChecks = dutyChecks;
        this.registry = registry;
        this.options = options;
        this.clock = clock;
        this.meters = meters;
        int colon = options.centre().lastIndexOf(':');
        this.host = options.centre().substring(0, colon);
        this.port = Integer.parseInt(options.centre().substring(colon + 1));
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    /**
     * Starts reporting to the centre of {@code options}: from now on every alarm change is queued in
     * the change's own transaction, and sent once the centre is reachable.
     */
    public static Future<CentreLink> start(Vertx vertx, Database db, AlarmService alarms, DutyChecks dutyChecks,
                                           DeviceRegistry registry, Gb26875Options options, Clock clock,
                                           MeterRegistry meters) {
        CentreLink link = new CentreLink(vertx, db, alarms, dutyChecks, registry, options, clock, meters);
        dutyChecks.onQueued(() -> {
            link.queued.incrementAndGet();
            link.context.runOnContext(v -> link.next());
        });
        Gauge.builder("firegrid.gb26875.centre.queued", link.queued, AtomicLong::get)
                .description("reports to the monitoring centre not yet confirmed").register(meters);
        alarms.addInTransaction(link::changed);
        alarms.addListener(a -> link.context.runOnContext(v -> link.next()));
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gb26875_outbox");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }).map(n -> {
            link.queued.set(n);
            link.context.runOnContext(v -> link.connect());
            LOG.info("reporting to the GB/T 26875.3 centre [centre: {}, address: {}, queued: {}]", options.centre(),
                    options.address(), n);
            return link;
        });
    }

    /** Stops the link; what is queued stays for the next start. */
    public Future<Void> close() {
        return Future.<Void>future(p -> context.runOnContext(v -> {
            stopped = true;
            cancelResend();
            if (socket != null) {
                socket.close();
            }
            p.complete();
        })).compose(v -> client.close());
    }

    /**
     * The link's state for {@code /health}: whether the centre is connected, since when it has not
     * been (after a connection was lost or an attempt failed), why, and the reports waiting for it.
     */
    public JsonObject health() {
        return new JsonObject().put("enabled", true).put("centre", options.centre()).put("connected", connected)
                .put("queued", queued.get()).put("downSince", downSince == null ? null : downSince.toString())
                .put("lastError", lastError);
    }

    private void down(String why) {
        connected = false;
        lastError = why;
        if (downSince == null) {
            downSince = clock.instant();
        }
    }

    private void changed(Connection c, Alarm a) throws SQLException {
        OperationRecords.onAlarm(c, a);
        byte[] data = CentreReports.report(a, options.zone());
        if (data == null) {
            return;
        }
        enqueue(c, data, clock.instant());
        queued.incrementAndGet();
    }

    /** Queues {@code data} (application data) for the centre, in the transaction of {@code c}. */
    static void enqueue(Connection c, byte[] data, java.time.Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gb26875_outbox(data, created_at) VALUES (?, ?)")) {
            ps.setBytes(1, data);
            ps.setString(2, at.toString());
            ps.executeUpdate();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                LOG.debug("GB/T 26875.3 centre not reachable [centre: {}]: {}", options.centre(), ar.cause().getMessage());
                meters.counter("firegrid.gb26875.centre.connect.failures").increment();
                down("cannot connect: " + ar.cause().getMessage());
                reconnectLater();
                return;
            }
            socket = ar.result();
            reader = new FrameReader();
            reconnectMs = MIN_RECONNECT_MS;
            connected = true;
            lastError = null;
            downSince = null;
            LOG.info("GB/T 26875.3 centre connected [centre: {}, queued: {}]", options.centre(), queued.get());
            socket.handler(b -> read(b.getBytes()));
            socket.closeHandler(v -> {
                LOG.info("GB/T 26875.3 centre connection closed [centre: {}, queued: {}]", options.centre(), queued.get());
                socket = null;
                inFlight = null;
                down("connection closed");
                cancelResend();
                reconnectLater();
            });
            socket.exceptionHandler(t -> LOG.debug("GB/T 26875.3 centre connection error: {}", t.getMessage()));
            next();
        });
    }

    private void reconnectLater() {
        if (stopped) {
            return;
        }
        vertx.setTimer(reconnectMs, id -> context.runOnContext(v -> connect()));
        reconnectMs = Math.min(MAX_RECONNECT_MS, reconnectMs * 2);
    }

    /** Sends the oldest queued report, if nothing is in flight. */
    private void next() {
        if (socket == null || inFlight != null || loading || stopped) {
            return;
        }
        loading = true;
        db.query(c -> oldest(c)).onComplete(ar -> context.runOnContext(v -> {
            loading = false;
            if (ar.failed()) {
                LOG.warn("cannot read the GB/T 26875.3 outbox", ar.cause());
                return;
            }
            if (ar.result().isEmpty() || socket == null || inFlight != null) {
                return;
            }
            long[] row = {ar.result().get().id()};
            Frame f = new Frame((int) (row[0] & 0xFFFF), Frame.VERSION_1_0, TimeLabel.of(clock.instant(), options.zone()),
                    options.address(), centreAddress, Command.SEND_DATA, ar.result().get().frame().data());
            inFlight = new Pending(row[0], f);
            send(f);
        }));
    }

    private Optional<Pending> oldest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, data FROM gb26875_outbox ORDER BY id LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            byte[] data = rs.getBytes(2);
            return Optional.of(new Pending(rs.getLong(1), new Frame(0, Frame.VERSION_1_0, new TimeLabel(0, 0, 0, 1, 1, 2000),
                    options.address(), centreAddress, Command.SEND_DATA, data)));
        }
    }

    private void send(Frame f) {
        socket.write(Buffer.buffer(f.encode()));
        meters.counter("firegrid.gb26875.centre.sent").increment();
        cancelResend();
        resendTimer = vertx.setTimer(options.confirmSeconds() * 1000L, id -> context.runOnContext(v -> {
            if (inFlight != null && inFlight.frame() == f && socket != null) {
                meters.counter("firegrid.gb26875.centre.resent").increment();
                LOG.debug("GB/T 26875.3 report not confirmed, sent again [serial: {}]", f.serial());
                send(f);
            }
        }));
    }

    private void cancelResend() {
        if (resendTimer >= 0) {
            vertx.cancelTimer(resendTimer);
            resendTimer = -1;
        }
    }

    private void read(byte[] bytes) {
        for (FrameReader.Result r : reader.feed(bytes)) {
            if (r instanceof FrameReader.Problem p) {
                meters.counter("firegrid.refused", "protocol", "gb26875-centre", "code", p.code()).increment();
                continue;
            }
            Frame f = ((FrameReader.Decoded) r).frame();
            switch (f.command()) {
                case CONFIRM, DENY -> answered(f);
                case REQUEST, CONTROL -> request(f);
                default -> meters.counter("firegrid.refused", "protocol", "gb26875-centre", "code", "unexpected-command")
                        .increment();
            }
        }
    }

    private void answered(Frame f) {
        Pending p = inFlight;
        if (p == null || f.serial() != p.frame().serial()) {
            return; // a late answer to a frame already settled
        }
        if (f.command() == Command.DENY) {
            meters.counter("firegrid.gb26875.centre.denied").increment();
            LOG.warn("the GB/T 26875.3 centre denied a report; it is dropped [serial: {}, data: {}]", f.serial(),
                    java.util.HexFormat.of().formatHex(p.frame().data()));
        }
        centreAddress = f.source();
        cancelResend();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gb26875_outbox WHERE id=?")) {
                ps.setLong(1, p.id());
                return ps.executeUpdate();
            }
        }).onComplete(ar -> context.runOnContext(v -> {
            if (ar.succeeded()) {
                queued.addAndGet(-ar.result());
                meters.counter("firegrid.gb26875.centre.confirmed").increment();
            } else {
                LOG.warn("cannot delete a confirmed GB/T 26875.3 report; it will be sent again", ar.cause());
            }
            if (inFlight == p) {
                inFlight = null;
            }
            next();
        }));
    }

    /** Answers a query or control of the centre from what the gateway knows. */
    private void request(Frame f) {
        AppData q;
        try {
            q = AppData.parse(f.data());
        } catch (AppData.BadData e) {
            refuse(f, e.code(), e.getMessage());
            return;
        }
        TimeLabel now = TimeLabel.of(clock.instant(), options.zone());
        switch (q.type()) {
            case 61 -> alarms.open().onComplete(ar -> context.runOnContext(v -> {
                int state = Bits.NORMAL;
                if (ar.succeeded()) {
                    for (Alarm a : ar.result()) {
                        state |= a.alarmClass() == AlarmClass.FIRE ? Bits.FIRE
                                : a.alarmClass() == AlarmClass.SUPERVISORY ? Bits.SUPERVISORY : Bits.FAULT;
                    }
                }
                reply(f, Command.ANSWER, new AppData(1, List.of(new AppData.SystemState(CentreReports.FIRE_ALARM_SYSTEM, 0,
                        state, now))).encode());
            }));
            case 62, 67 -> component(f, q, now);
            case 63 -> analog(f, q, now);
            case 64 -> records(f, q, false);
            case 84 -> records(f, q, true);
            case 65 -> reply(f, Command.ANSWER, new AppData(5, List.of(new AppData.SystemVersion(system(q, 0), system(q, 1),
                    VERSION[0], VERSION[1]))).encode());
            case 66 -> reply(f, Command.ANSWER, new AppData(6, List.of(new AppData.SystemConfig(system(q, 0), system(q, 1),
                    configuration()))).encode());
            case 68 -> reply(f, Command.ANSWER, new AppData(8, List.of(new AppData.SystemTime(system(q, 0), system(q, 1), now)))
                    .encode());
            case 85 -> reply(f, Command.ANSWER, new AppData(25, List.of(new AppData.UitdVersion(VERSION[0], VERSION[1]))).encode());
            case 86 -> reply(f, Command.ANSWER, new AppData(26, List.of(new AppData.UitdConfig(configuration()))).encode());
            case 81 -> reply(f, Command.ANSWER, new AppData(21, List.of(new AppData.UitdState(Bits.NORMAL, now))).encode());
            case 88 -> reply(f, Command.ANSWER, new AppData(28, List.of(new AppData.UitdTime(now))).encode());
            case 91 -> {
                int minutes = q.objects().isEmpty() || !(q.objects().get(0) instanceof AppData.Query dq) || dq.body().length == 0
                        ? 0 : dq.body()[0] & 0xFF;
                dutyChecks.asked(minutes).onComplete(ar -> context.runOnContext(v -> {
                    if (ar.succeeded()) {
                        reply(f, Command.CONFIRM, new byte[0]);
                    } else {
                        LOG.warn("cannot store the centre's duty check; denied", ar.cause());
                        reply(f, Command.DENY, new byte[0]);
                    }
                }));
            }
            case 89, 90 -> {
                LOG.info("GB/T 26875.3 centre control confirmed [type: {}]; the gateway keeps its own clock", q.type());
                reply(f, Command.CONFIRM, new byte[0]);
            }
            default -> refuse(f, "not-supported", "the gateway does not answer a query or control of type " + q.type());
        }
    }

    /** The gateway's version as the standard carries it: major and minor, one byte each. */
    private static final int[] VERSION = version(CentreLink.class.getPackage().getImplementationVersion());

    static int[] version(String text) {
        java.util.regex.Matcher m = text == null ? null : java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(text);
        return m != null && m.find() ? new int[] {Math.min(255, Integer.parseInt(m.group(1))), Math.min(255, Integer.parseInt(m.group(2)))}
                : new int[] {0, 1};
    }

    /** Byte {@code i} of a query's body (system type, system address), 0 when it has none. */
    private static int system(AppData q, int i) {
        byte[] body = q.objects().isEmpty() || !(q.objects().get(0) instanceof AppData.Query b) ? new byte[0] : b.body();
        return body.length > i ? body[i] & 0xFF : 0;
    }

    /** What the gateway is, in a line a centre's operator reads (GB 18030 on the wire). */
    private String configuration() {
        List<Device> devices = registry.list();
        int sensors = devices.stream().mapToInt(d -> d.sensors().size()).sum();
        return "FireGrid " + VERSION[0] + "." + VERSION[1] + " 设备" + devices.size() + " 传感器" + sensors;
    }

    /**
     * A component's state (62) or configuration (67): the registered sensor whose address
     * ({@link CentreReports#componentAddress}) the query names, its state from its open alarms;
     * denied when no sensor has that address.
     */
    private void component(Frame f, AppData q, TimeLabel now) {
        byte[] body = body(q);
        Optional<Located> found = located(f, body);
        if (found.isEmpty()) {
            return;
        }
        long address = address(body);
        Located l = found.get();
        String label = l.device().id().device() + "/" + l.sensor().id();
        int type = CentreReports.componentType(l.sensor().kind().wireName());
        if (q.type() == 67) {
            reply(f, Command.ANSWER, new AppData(7, List.of(new AppData.ComponentConfig(body[0] & 0xFF, body[1] & 0xFF, type,
                    address, label))).encode());
            return;
        }
        alarms.open().onComplete(ar -> context.runOnContext(v -> {
            int state = Bits.NORMAL;
            if (ar.succeeded()) {
                for (Alarm a : ar.result()) {
                    if (a.device().equals(l.device().id()) && l.sensor().id().equals(a.sensor())) {
                        state |= a.alarmClass() == AlarmClass.FIRE ? Bits.FIRE
                                : a.alarmClass() == AlarmClass.SUPERVISORY ? Bits.SUPERVISORY : Bits.FAULT;
                    }
                }
            }
            reply(f, Command.ANSWER, new AppData(2, List.of(new AppData.ComponentState(body[0] & 0xFF, body[1] & 0xFF, type,
                    address, state, label, now))).encode());
        }));
    }

    private record Located(Device device, Sensor sensor) {
    }

    /** The body of a query's object, empty when it has none. */
    private static byte[] body(AppData q) {
        return q.objects().isEmpty() || !(q.objects().get(0) instanceof AppData.Query b) ? new byte[0] : b.body();
    }

    /** The component address of a body that starts with system type, system address, component address. */
    private static long address(byte[] body) {
        return (body[2] & 0xFFL) | (body[3] & 0xFFL) << 8 | (body[4] & 0xFFL) << 16 | (body[5] & 0xFFL) << 24;
    }

    /**
     * The registered sensor whose address ({@link CentreReports#componentAddress}) a query of a
     * component (62, 63, 67) names; when none has it, the query is denied and counted
     * ({@code unknown-component}) and the result is empty.
     */
    private Optional<Located> located(Frame f, byte[] body) {
        if (body.length < 6) {
            refuse(f, "bad-data", "a component query of " + body.length + " bytes, not 6");
            return Optional.empty();
        }
        long address = address(body);
        Optional<Located> found = registry.list().stream().flatMap(d -> d.sensors().stream().map(s -> new Located(d, s)))
                .filter(l -> CentreReports.componentAddress(l.device().id().tenant(), l.device().id().device(), l.sensor().id())
                        == address).findFirst();
        if (found.isEmpty()) {
            refuse(f, "unknown-component", "no registered sensor has component address " + address);
        }
        return found;
    }

    /**
     * A component's analog value (63): the last reading of the registered sensor the query names, for
     * a pressure sensor as analog type {@link AppData.AnalogTypes#PRESSURE_KPA} (0.1 kPa steps, clamped
     * to the signed 16-bit range), with the time of the answer (the gateway keeps the value, not when
     * it was measured). Denied as {@code no-value} when the sensor is not a pressure sensor or its last
     * value is not a reading (none since the gateway started, or an event came after it).
     */
    private void analog(Frame f, AppData q, TimeLabel now) {
        byte[] body = body(q);
        Optional<Located> found = located(f, body);
        if (found.isEmpty()) {
            return;
        }
        Located l = found.get();
        String last = registry.status(l.device().id()).lastValues().get(l.sensor().id());
        double mpa = Double.NaN;
        if (l.sensor().kind() == Kind.PRESSURE && last != null) {
            try {
                mpa = Double.parseDouble(last);
            } catch (NumberFormatException e) {
                // a state (an event came last), not a reading
            }
        }
        if (!Double.isFinite(mpa)) {
            refuse(f, "no-value", "sensor " + l.device().id() + "/" + l.sensor().id() + " (" + l.sensor().kind().wireName()
                    + ") has no pressure reading to answer with: its last value is " + (last == null ? "none" : last));
            return;
        }
        reply(f, Command.ANSWER, new AppData(3, List.of(new AppData.AnalogValue(body[0] & 0xFF, body[1] & 0xFF,
                CentreReports.componentType(l.sensor().kind().wireName()), address(body), AppData.AnalogTypes.PRESSURE_KPA,
                AppData.AnalogTypes.kpaSteps(mpa), now))).encode());
    }

    /**
     * Operation records (64: the system's, type 4; 84: the UITD's, type 24): up to the number the
     * query asks for, from its start time on, oldest first, as many as fit in one frame
     * ({@link AppData#maxObjects}); none is an answer with no objects. A start time that names no
     * real time is denied ({@code bad-time}).
     */
    private void records(Frame f, AppData q, boolean uitd) {
        byte[] body = body(q);
        int at = uitd ? 0 : 2; // 64 starts with system type and address
        if (body.length < at + 1 + TimeLabel.BYTES) {
            refuse(f, "bad-data", "a query of records of " + body.length + " bytes");
            return;
        }
        int asked = body[at] & 0xFF;
        TimeLabel start = new TimeLabel(body[at + 1] & 0xFF, body[at + 2] & 0xFF, body[at + 3] & 0xFF, body[at + 4] & 0xFF,
                body[at + 5] & 0xFF, 2000 + (body[at + 6] & 0xFF));
        Instant from = start.instant(options.zone());
        if (from == null) {
            refuse(f, "bad-time", "the start time " + start + " of a query of records names no real time");
            return;
        }
        int type = uitd ? 24 : 4;
        int limit = Math.min(asked, AppData.maxObjects(type));
        int systemType = uitd ? 0 : body[0] & 0xFF;
        int systemAddress = uitd ? 0 : body[1] & 0xFF;
        db.query(c -> OperationRecords.since(c, uitd, from, limit)).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                LOG.warn("cannot read the operation records for the centre; denied", ar.cause());
                refuse(f, "unavailable", "the store could not be read");
                return;
            }
            List<AppData.DataObject> objects = ar.result().stream().map(o -> (AppData.DataObject) (uitd
                    ? new AppData.UitdOperation(o.flags(), o.operator(), TimeLabel.of(o.at(), options.zone()))
                    : new AppData.SystemOperation(systemType, systemAddress, o.flags(), o.operator(),
                            TimeLabel.of(o.at(), options.zone())))).toList();
            reply(f, Command.ANSWER, new AppData(type, objects).encode());
        }));
    }

    /** Denies a centre's query, counted under {@code code}, logged with {@code why}. */
    private void refuse(Frame f, String code, String why) {
        meters.counter("firegrid.refused", "protocol", "gb26875-centre", "code", code).increment();
        LOG.debug("GB/T 26875.3 centre query denied [serial: {}, code: {}]: {}", f.serial(), code, why);
        reply(f, Command.DENY, new byte[0]);
    }

    private void reply(Frame f, Command command, byte[] data) {
        if (socket != null) {
            socket.write(Buffer.buffer(f.reply(command, TimeLabel.of(clock.instant(), options.zone()), data).encode()));
        }
    }
}
