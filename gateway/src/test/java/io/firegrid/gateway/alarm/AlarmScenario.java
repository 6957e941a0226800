package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A small language for the alarm rules, run in memory: the {@link AlarmEngine} alone, on a clock
 * the test moves, answering its {@link AlarmPorts} from what the GIVEN part declared. No store, no
 * Vert.x, no network; a case takes microseconds.
 * <pre>
 * given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A").smokeDetector("smoke-2", "A");
 * when().sensor("pi-1", "smoke-1").reports(State.ALARM);
 * then().raised("pi-1", "smoke-1", "smoke").isNotConfirmed();
 * when().sensor("pi-1", "smoke-2").reports(State.ALARM);
 * then().raised("pi-1", "smoke-1", "smoke").isConfirmed();
 * </pre>
 * Devices speak MQTT (a protocol holding connections) unless declared {@code overCoap()}. Time
 * moves one second at a time with the time-based rules run after each, as in a running gateway
 * ({@link When#secondsPass}), or jumps at once ({@link When#timeJumps}). Everything the engine
 * changes is kept, newest version of each alarm by id, and passed to {@link #onChange} listeners
 * (the in-memory dispatch harness routes from them).
 */
public final class AlarmScenario {

    public static final String TENANT = "t1";
    static final String MQTT = "mqtt";
    static final String COAP = "coap";

    private final MutableClock clock;
    private AlarmRules rules = AlarmRules.DEFAULTS;
    private final Map<DeviceId, DeviceSpec> devices = new LinkedHashMap<>();
    private final Map<String, SensorLimits> siteLimits = new HashMap<>();
    private final Set<String> drills = new HashSet<>();
    private boolean drillCheckFails;
    private DrillCheck drillCheck;
    private final Map<Long, Alarm> alarms = new LinkedHashMap<>();
    private final List<Alarm> lastChanges = new ArrayList<>();
    private final List<Consumer<Alarm>> listeners = new ArrayList<>();
    private final Given given = new Given();
    private final When when = new When();
    private final Then then = new Then();
    private AlarmEngine engine;
    private long seq;

    public AlarmScenario(MutableClock clock) {
        this.clock = clock;
    }

    public AlarmScenario() {
        this(MutableClock.atNoon());
    }

    public Given given() {
        return given;
    }

    /** The engine is built on the first WHEN step, from the rules given by then. */
    public When when() {
        if (engine == null) {
            engine = new AlarmEngine(rules, ports());
        }
        return when;
    }

    public Then then() {
        return then;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Tells {@code listener} of every alarm change, in the order the engine made them. */
    public void onChange(Consumer<Alarm> listener) {
        listeners.add(listener);
    }

    private AlarmPorts ports() {
        return new AlarmPorts(
                (device, sensor) -> {
                    DeviceSpec d = devices.get(device);
                    if (d == null) {
                        return Thresholds.Limits.NONE;
                    }
                    SensorSpec s = d.sensors.get(sensor);
                    return new Thresholds.Limits(d.site == null ? null : siteLimits.get(d.site), s == null ? null : s.limits);
                },
                (tenant, site) -> {
                    if (drillCheckFails) {
                        throw new IllegalStateException("places unavailable");
                    }
                    return drillCheck != null ? drillCheck.inDrill(tenant, site) : drills.contains(site);
                },
                device -> devices.containsKey(device) ? devices.get(device).maxSilence : null,
                MQTT::equals);
    }

    private void applied(List<Alarm> changes) {
        lastChanges.clear();
        lastChanges.addAll(changes);
        for (Alarm a : changes) {
            alarms.put(a.id(), a);
            listeners.forEach(l -> l.accept(a));
        }
    }

    private DeviceSpec spec(String id) {
        DeviceSpec d = devices.get(new DeviceId(TENANT, id));
        assertThat(d).as("device %s was not given", id).isNotNull();
        return d;
    }

    /** Every alarm ever raised for (device, sensor, type), oldest first, each as last changed. */
    List<Alarm> history(String device, String sensor, String type) {
        return alarms.values().stream().filter(a -> a.device().device().equals(device) && a.sensor().equals(sensor)
                && a.type().equals(type)).toList();
    }

    /** The GIVEN part: the gateway's rules, devices with their sensors, sites with limits or in drill. */
    public final class Given {

        /** The gateway's rules, changed from the defaults by {@code change}; before the first WHEN step. */
        public Given rules(UnaryOperator<AlarmRules> change) {
            assertThat(engine).as("rules are given before the first WHEN step").isNull();
            rules = change.apply(rules);
            return this;
        }

        /** A device of tenant {@link #TENANT}, without a site until {@link DeviceSpec#at} says. */
        public DeviceSpec device(String id) {
            return devices.computeIfAbsent(new DeviceId(TENANT, id), DeviceSpec::new);
        }

        public Given site(String site, SensorLimits limits) {
            siteLimits.put(site, limits);
            return this;
        }

        public Given siteInDrill(String site) {
            drills.add(site);
            return this;
        }

        /** Whether a site is in drill is asked of {@code check} (the places), not of {@link #siteInDrill}. */
        public Given drills(DrillCheck check) {
            drillCheck = check;
            return this;
        }

        /** The places cannot answer whether a site is in drill. */
        public Given drillCheckFails() {
            drillCheckFails = true;
            return this;
        }
    }

    /** A registered device and its sensors. */
    public static final class DeviceSpec {
        private final DeviceId id;
        private final Map<String, SensorSpec> sensors = new HashMap<>();
        private String site;
        private String protocol = MQTT;
        private Duration maxSilence;

        private DeviceSpec(DeviceId id) {
            this.id = id;
        }

        public DeviceSpec at(String site) {
            this.site = site;
            return this;
        }

        /** The device speaks CoAP: it holds no connection, so silence tells that it is gone. */
        public DeviceSpec overCoap() {
            protocol = COAP;
            return this;
        }

        /** Registered with {@code maxSilenceSeconds}. */
        public DeviceSpec silentAtMost(Duration limit) {
            maxSilence = limit;
            return this;
        }

        public DeviceSpec smokeDetector(String sensor, String zone) {
            return sensor(sensor, Kind.SMOKE, zone, null);
        }

        public DeviceSpec callPoint(String sensor, String zone) {
            return sensor(sensor, Kind.CALL_POINT, zone, null);
        }

        public DeviceSpec door(String sensor) {
            return sensor(sensor, Kind.DOOR, null, null);
        }

        public DeviceSpec door(String sensor, SensorLimits limits) {
            return sensor(sensor, Kind.DOOR, null, limits);
        }

        public DeviceSpec exit(String sensor) {
            return sensor(sensor, Kind.EXIT, null, null);
        }

        public DeviceSpec hydrant(String sensor) {
            return sensor(sensor, Kind.PRESSURE, null, null);
        }

        public DeviceSpec hydrant(String sensor, SensorLimits limits) {
            return sensor(sensor, Kind.PRESSURE, null, limits);
        }

        private DeviceSpec sensor(String sensor, Kind kind, String zone, SensorLimits limits) {
            sensors.put(sensor, new SensorSpec(kind, zone, limits));
            return this;
        }
    }

    private record SensorSpec(Kind kind, String zone, SensorLimits limits) {
    }

    /** The WHEN part: what devices report, connections, people stepping alarms on, time passing. */
    public final class When {

        public SensorStep sensor(String device, String sensor) {
            DeviceSpec d = spec(device);
            SensorSpec s = d.sensors.get(sensor);
            assertThat(s).as("sensor %s of %s was not given", sensor, device).isNotNull();
            return new SensorStep(d, sensor, s);
        }

        public DeviceStep device(String device) {
            return new DeviceStep(spec(device));
        }

        public When site(String site, boolean inDrill) {
            if (inDrill) {
                drills.add(site);
            } else {
                drills.remove(site);
            }
            return this;
        }

        /** Moves the clock one second at a time, running the time-based rules after each. */
        public When secondsPass(int seconds) {
            List<Alarm> all = new ArrayList<>();
            for (int i = 0; i < seconds; i++) {
                clock.advance(Duration.ofSeconds(1));
                List<Alarm> changes = engine.tick(clock.instant());
                applied(changes);
                all.addAll(changes);
            }
            lastChanges.clear();
            lastChanges.addAll(all);
            return this;
        }

        /** The clock jumps by {@code d} and the time-based rules run once (a gateway that slept). */
        public When timeJumps(Duration d) {
            clock.advance(d);
            applied(engine.tick(clock.instant()));
            return this;
        }

        /** Moves {@code alarm} to {@code target} on behalf of {@code by}, as a person would through the API. */
        public When alarmIsMoved(Alarm alarm, AlarmState target, String by, Cause cause) {
            Alarm current = Objects.requireNonNullElse(engine.openAlarm(alarm.id()), alarms.get(alarm.id()));
            applied(List.of(engine.advance(current, target, by, cause, clock.instant())));
            return this;
        }

        /** The gateway's own disk falls below its reserve ({@code true}) or has room again. */
        public When gatewayDiskLow(boolean low) {
            applied(engine.onGatewayCondition(new DeviceId(TENANT, AlarmService.GATEWAY_DEVICE), "disk-low", low,
                    clock.instant()));
            return this;
        }

        /** The gateway restarts: the engine is rebuilt from what was stored (open alarms, last states, last heard). */
        public When gatewayRestarts() {
            Map<AlarmEngine.SensorKey, Observation> observed = new HashMap<>();
            Map<DeviceId, AlarmEngine.Heard> heard = new HashMap<>();
            for (DeviceSpec d : devices.values()) {
                for (String s : d.sensors.keySet()) {
                    AlarmEngine.SensorKey key = new AlarmEngine.SensorKey(d.id, s);
                    Observation o = engine.observation(key);
                    if (o != null) {
                        observed.put(key, o);
                    }
                }
                AlarmEngine.Heard h = engine.heard(d.id);
                if (h != null) {
                    heard.put(d.id, h);
                }
            }
            List<Alarm> open = alarms.values().stream().filter(Alarm::isOpen).toList();
            long maxId = alarms.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            engine = new AlarmEngine(rules, ports());
            engine.reset(open, maxId, observed, heard, clock.instant());
            lastChanges.clear();
            return this;
        }
    }

    /** A sensor's report. */
    public final class SensorStep {
        private final DeviceSpec device;
        private final String sensor;
        private final SensorSpec spec;

        private SensorStep(DeviceSpec device, String sensor, SensorSpec spec) {
            this.device = device;
            this.sensor = sensor;
            this.spec = spec;
        }

        /** The sensor reports {@code state} in an event (smoke alarm, door open, exit blocked, fault...). */
        public When reports(State state) {
            Event e = new Event(clock.instant(), ++seq, sensor, spec.kind(), state);
            applied(engine.onEvent(origin(device, spec.zone()), e));
            return when;
        }

        /** The hydrant reads {@code mpa} (telemetry). */
        public When reads(double mpa) {
            Readings r = new Readings(clock.instant(), ++seq, List.of(new Reading(sensor, Kind.PRESSURE, mpa, "MPa")));
            applied(engine.onReadings(origin(device, null), r));
            return when;
        }
    }

    /** A device's connection and device-wide states. */
    public final class DeviceStep {
        private final DeviceSpec device;

        private DeviceStep(DeviceSpec device) {
            this.device = device;
        }

        public When connects() {
            applied(engine.onConnection(device.id, true, clock.instant()));
            return when;
        }

        public When disconnects() {
            applied(engine.onConnection(device.id, false, clock.instant()));
            return when;
        }

        /** A {@code device} event: online, offline, tamper, low-battery. */
        public When reports(State state) {
            Event e = new Event(clock.instant(), ++seq, AlarmEngine.DEVICE_SENSOR, Kind.DEVICE, state);
            applied(engine.onEvent(origin(device, null), e));
            return when;
        }

        /** A message naming one sensor too many (the ingest path's bound). */
        public When reportsTooManySensors() {
            applied(engine.onTooManySensors(origin(device, null)));
            return when;
        }
    }

    private AlarmEngine.Origin origin(DeviceSpec d, String zone) {
        return new AlarmEngine.Origin(d.id, d.site, zone, d.protocol, clock.instant());
    }

    /** The THEN part. */
    public final class Then {

        /** The open alarm of (device, sensor, type); fails if there is none. */
        public AlarmCheck raised(String device, String sensor, String type) {
            List<Alarm> h = history(device, sensor, type);
            assertThat(h).as("alarms %s/%s/%s", device, sensor, type).isNotEmpty();
            Alarm last = h.get(h.size() - 1);
            assertThat(last.isOpen()).as("alarm %s/%s/%s is open", device, sensor, type).isTrue();
            return new AlarmCheck(last);
        }

        /** No open alarm of (device, sensor, type). */
        public Then notRaised(String device, String sensor, String type) {
            assertThat(history(device, sensor, type)).as("open alarms %s/%s/%s", device, sensor, type)
                    .noneMatch(Alarm::isOpen);
            return this;
        }

        /** The alarm of (device, sensor, type) was restored by the gateway: resolved, cause cleared. */
        public AlarmCheck restored(String device, String sensor, String type) {
            List<Alarm> h = history(device, sensor, type);
            assertThat(h).as("alarms %s/%s/%s", device, sensor, type).isNotEmpty();
            Alarm last = h.get(h.size() - 1);
            assertThat(last.state()).as("state of %s/%s/%s", device, sensor, type).isEqualTo(AlarmState.RESOLVED);
            assertThat(last.cause()).isEqualTo(Cause.CLEARED);
            assertThat(last.steps().get(last.steps().size() - 1).by()).isEqualTo(AlarmEngine.SYSTEM);
            return new AlarmCheck(last);
        }

        /** How many alarms (device, sensor, type) has raised in all. */
        public Then raisedTimes(String device, String sensor, String type, int times) {
            assertThat(history(device, sensor, type)).as("alarms %s/%s/%s", device, sensor, type).hasSize(times);
            return this;
        }

        /** The open alarms, as {@code device/sensor/type}, are exactly these. */
        public Then open(String... keys) {
            assertThat(alarms.values().stream().filter(Alarm::isOpen)
                    .map(a -> a.device().device() + "/" + a.sensor() + "/" + a.type()).toList())
                    .containsExactlyInAnyOrder(keys);
            return this;
        }

        /** The last WHEN step changed no alarm. */
        public Then nothingChanged() {
            assertThat(lastChanges).as("alarm changes of the last step").isEmpty();
            return this;
        }

        /** The alarm changes of the last WHEN step, in order. */
        public List<Alarm> lastChanges() {
            return List.copyOf(lastChanges);
        }
    }

    /** Checks on one alarm. */
    public final class AlarmCheck {
        private final Alarm alarm;

        private AlarmCheck(Alarm alarm) {
            this.alarm = alarm;
        }

        public Alarm alarm() {
            return alarm;
        }

        public AlarmCheck is(AlarmClass cls) {
            assertThat(alarm.alarmClass()).isEqualTo(cls);
            return this;
        }

        public AlarmCheck isConfirmed() {
            assertThat(alarm.confirmed()).as("alarm %d confirmed", alarm.id()).isTrue();
            return this;
        }

        public AlarmCheck isNotConfirmed() {
            assertThat(alarm.confirmed()).as("alarm %d confirmed", alarm.id()).isFalse();
            return this;
        }

        public AlarmCheck isDrill() {
            assertThat(alarm.drill()).as("alarm %d drill", alarm.id()).isTrue();
            return this;
        }

        public AlarmCheck isReal() {
            assertThat(alarm.drill()).as("alarm %d drill", alarm.id()).isFalse();
            return this;
        }

        public AlarmCheck at(Instant raisedAt) {
            assertThat(alarm.raisedAt()).isEqualTo(raisedAt);
            return this;
        }

        public AlarmCheck atSite(String site) {
            assertThat(alarm.site()).isEqualTo(site);
            return this;
        }

        public Then and() {
            return then;
        }
    }
}
