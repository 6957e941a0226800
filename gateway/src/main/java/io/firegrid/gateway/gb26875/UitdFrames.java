package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.gb26875.PanelMapping.Component;
import io.firegrid.gateway.gb26875.PanelMapping.Condition;
import io.firegrid.gateway.gb26875.PanelMapping.Mapped;
import io.firegrid.gateway.gb26875.UitdDirectory.Uitd;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.State;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.Command;
import io.firegrid.protocol.gb26875.Frame;
import io.firegrid.protocol.gb26875.TimeLabel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway answers to one frame of a UITD, whatever carried it: checks who sent it, turns a
 * {@code send data} into events, conditions and components (through {@link PanelMapping}), stores
 * them, and answers {@code confirm} only once all of it is on disk, as an MQTT PUBACK. A frame from
 * an address nobody registered, from an IP address outside the UITD's range, with application data
 * the gateway cannot read, or a command a UITD has no business sending, is answered {@code deny}
 * and counted ({@code firegrid_refused_total{protocol="gb26875",code}}); when the store cannot take
 * it ({@code UNAVAILABLE}) nothing is answered, so the UITD sends it again, as the standard has it
 * do after its timeout.
 */
public final class UitdFrames {

    private static final Logger LOG = LoggerFactory.getLogger(UitdFrames.class);

    /** The protocol's name in messages, alarms and metrics. */
    public static final String PROTOCOL = "gb26875";

    private final UitdDirectory uitds;
    private final DeviceRegistry registry;
    private final IngestService ingest;
    private final AlarmService alarms;
    private final Database db;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private final MessageCodec codec = new MessageCodec();
    private PanelLabels labels = new PanelLabels();

    public UitdFrames(UitdDirectory uitds, DeviceRegistry registry, IngestService ingest, AlarmService alarms, Database db,
                      MeterRegistry meters, Clock clock, ZoneId zone) {
        this.uitds = uitds;
        this.registry = registry;
        this.ingest = ingest;
        this.alarms = alarms;
        this.db = db;
        this.meters = meters;
        this.clock = clock;
        this.zone = zone;
    }

    /** This, remembering the panels' descriptions in {@code l} for the alarms' places. */
    public UitdFrames labels(PanelLabels l) {
        this.labels = l;
        return this;
    }

    public static List<String> schema() {
        return java.util.stream.Stream.of(UitdDirectory.SCHEMA, ComponentStore.SCHEMA, CentreLink.SCHEMA, DutyChecks.SCHEMA,
                OperationRecords.SCHEMA).flatMap(List::stream).toList();
    }

    /** The UITDs this gateway knows. */
    public UitdDirectory uitds() {
        return uitds;
    }

    /** The reply to {@code frame} received from {@code from}: confirm, deny, or empty for none. */
    public Future<Optional<Frame>> onFrame(InetAddress from, Frame frame) {
        Future<Optional<Frame>> answer;
        try {
            answer = handle(from, frame);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.recover(t -> {
            FireGridException e = t instanceof FireGridException fe ? fe : FireGridException.from(t);
            refused(e.code());
            LOG.debug("frame refused [source: {}, from: {}, serial: {}, code: {}]: {}", frame.source(), from,
                    frame.serial(), e.code(), e.getMessage());
            if (e.status() == Status.UNAVAILABLE) {
                return Future.succeededFuture(Optional.empty());
            }
            return Future.succeededFuture(Optional.of(deny(frame)));
        });
    }

    /** A deny of {@code frame} (rate, unreadable), counted under {@code code}. */
    public Frame refuse(Frame frame, String code) {
        refused(code);
        return deny(frame);
    }

    /** Counts a refusal. */
    public void refused(String code) {
        meters.counter("firegrid.refused", "protocol", PROTOCOL, "code", code).increment();
    }

    private Future<Optional<Frame>> handle(InetAddress from, Frame frame) {
        Uitd uitd = uitds.find(frame.source()).orElseThrow(() -> new FireGridException(Status.UNAUTHORIZED,
                "unknown-address", "no device is registered with GB/T 26875.3 address " + frame.source().hex()
                + ": register the UITD with \"gb26875Address\""));
        if (!uitd.allows(from)) {
            throw new FireGridException(Status.FORBIDDEN, "address-not-allowed", "UITD " + frame.source().hex() + " of "
                    + uitd.device() + " may connect only from " + uitd.allow().text() + ", not " + from.getHostAddress());
        }
        Device device = registry.find(uitd.device()).orElseThrow(() -> new FireGridException(Status.UNAUTHORIZED,
                "unknown-device", "device " + uitd.device() + " is not registered any more"));
        return switch (frame.command()) {
            case SEND_DATA -> sendData(device, frame).map(v -> Optional.of(reply(frame, Command.CONFIRM)));
            // answers to requests the gateway never sends to a UITD: nothing to do, nothing to answer
            case CONFIRM, DENY, ANSWER -> Future.succeededFuture(Optional.empty());
            case REQUEST, CONTROL -> throw new FireGridException(Status.BAD_REQUEST, "not-supported", "a monitoring centre "
                    + "takes no " + frame.command() + " from a UITD");
        };
    }

    private Future<Void> sendData(Device device, Frame frame) {
        AppData data;
        try {
            data = AppData.parse(frame.data());
        } catch (AppData.BadData e) {
            throw FireGridException.badRequest(e.code(), e.getMessage());
        }
        Mapped m = PanelMapping.map(data, frame.serial(), zone);
        // before the events are stored: the alarm one of them raises says where it is in the panel's words
        for (Component k : m.components()) {
            labels.put(device.id(), k.sensor(), k.description(), k.kind());
        }
        meters.counter("firegrid.gb26875.objects", "type", String.valueOf(data.type())).increment(data.objects().size());
        Future<List<Event>> resets = m.reset() ? resetEvents(device, m.resetTime(), frame.serial())
                : Future.succeededFuture(List.of());
        return resets.compose(reset -> {
            List<Event> events = new ArrayList<>(m.events());
            events.addAll(reset);
            // all handed to the store at once, in the panel's order: its one writer keeps that order and
            // takes the frame's events, conditions and components together, in one commit (one fsync
            // for the frame, not one for its first event and another for the rest)
            List<Future<?>> stored = new ArrayList<>();
            db.together(() -> {
                for (Event e : events) {
                    stored.add(ingest.accept(device.id(), e, codec.encode(e), PROTOCOL));
                }
                for (io.firegrid.protocol.Readings r : m.heartbeats()) {
                    stored.add(ingest.accept(device.id(), r, codec.encode(r), PROTOCOL));
                }
                // a panel's analog values: readings of the components' sensors, as a Pi's (telemetry, last values, rules)
                for (io.firegrid.protocol.Readings r : m.readings()) {
                    stored.add(ingest.accept(device.id(), r, codec.encode(r), PROTOCOL));
                }
                stored.add(afterEvents(device, m, reset));
            });
            if (!m.readings().isEmpty()) {
                meters.counter("firegrid.gb26875.analog.values", "kept", "true").increment(m.readings().size());
            }
            for (int analogType : m.unkeptAnalogTypes()) {
                meters.counter("firegrid.gb26875.analog.values", "kept", "false").increment();
                LOG.debug("analog value of type {} not kept: FireGrid has no kind for it [device: {}]", analogType, device.id());
            }
            return Future.all(stored).mapEmpty();
        });
    }

    /** Conditions and components, in one transaction queued after the events'. */
    private Future<Void> afterEvents(Device device, Mapped m, List<Event> reset) {
        if (m.conditions().isEmpty() && m.components().isEmpty() && reset.isEmpty()) {
            return Future.succeededFuture();
        }
        Instant at = clock.instant();
        return db.write(c -> {
            List<Alarm> changes = new ArrayList<>();
            for (Condition k : m.conditions()) {
                changes.addAll(alarms.onCondition(c, device.id(), device.site(), zoneOf(device, k.sensor()), PROTOCOL, at,
                        k.sensor(), k.alarmClass(), k.type(), k.active(), k.seq(), k.deviceTs()));
            }
            for (Event e : reset) {
                changes.addAll(alarms.onCondition(c, device.id(), device.site(), zoneOf(device, e.sensor()), PROTOCOL, at,
                        e.sensor(), io.firegrid.gateway.alarm.AlarmClass.SUPERVISORY, "panel-supervisory", false, e.seq(),
                        e.ts()));
            }
            for (Component k : m.components()) {
                ComponentStore.upsert(c, device.id(), k, at);
            }
            for (Event e : reset) {
                ComponentStore.upsert(c, device.id(), new Component(e.sensor(), 0, 0, 0, 0, e.kind(), "", Bits.NORMAL), at);
            }
            return changes;
        }).onSuccess(alarms::published).mapEmpty();
    }

    /**
     * A reset (复位) of the panel: every component it reported in fire, fault or supervisory is normal
     * again. Faults and supervisory alarms are restored; fire alarms stay open, as every fire alarm
     * in FireGrid, until a person resolves them with a cause.
     */
    private Future<List<Event>> resetEvents(Device device, TimeLabel time, int serial) {
        Instant ts = time.instant(zone);
        return db.query(c -> {
            List<Event> out = new ArrayList<>();
            for (ComponentStore.Stored s : ComponentStore.of(c, device.id())) {
                int st = s.component().state();
                if (st >= 0 && (st & (Bits.FIRE | Bits.FAULT | Bits.SUPERVISORY)) != 0 && out.size() < 512) {
                    out.add(new Event(ts, PanelMapping.resetSeq(time, serial, out.size()), s.component().sensor(),
                            s.component().kind(), State.NORMAL));
                }
            }
            return out;
        });
    }

    /** What the panel said of each component of {@code device}. */
    public Future<List<Component>> components(io.firegrid.protocol.DeviceId device) {
        return db.query(c -> ComponentStore.of(c, device).stream().map(ComponentStore.Stored::component).toList());
    }

    private static String zoneOf(Device device, String sensor) {
        return device.sensor(sensor).map(Sensor::zone).orElse(null);
    }

    private Frame reply(Frame frame, Command command) {
        return frame.reply(command, TimeLabel.of(clock.instant(), zone), new byte[0]);
    }

    private Frame deny(Frame frame) {
        return reply(frame, Command.DENY);
    }
}
