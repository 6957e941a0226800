package io.firegrid.gateway.telemetry;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns what the gateway stored into telemetry points, in the schema of docs/telemetry.md:
 * <ul>
 *   <li>a reading: measurement named by its kind ({@code pressure}, {@code door}, {@code smoke},
 *       {@code device}), field {@code value};</li>
 *   <li>a state change a device reported, or the gateway saw (connection up/down): measurement
 *       {@code event}, tag {@code kind}, fields {@code state}, {@code level} (1 when the state needs
 *       attention: alarm, open, fault, offline, tamper, low-battery; 0 otherwise) and {@code seq};</li>
 *   <li>every stored message: measurement {@code heartbeat}, fields {@code seq} and {@code readings};</li>
 *   <li>every alarm step: measurement {@code alarm}, tags {@code class}, {@code type}, {@code state},
 *       {@code drill}, fields {@code id}, {@code confirmed}, {@code open}.</li>
 * </ul>
 * Every point carries the tags {@code tenant}, {@code site}, {@code building}, {@code floor},
 * {@code device}, {@code sensor} and {@code zone} where they are known. The time is the device's
 * {@code ts}, or when the gateway received the message if the device sent none.
 *
 * <p>Called on the ingest path after a message is committed: it only builds points and hands
 * them to the sink, which never blocks.
 */
public final class TelemetryRecorder {

    /**
     * The place tags of a device's sensor: site, building, floor, zone (left out when unknown). While
     * nothing they are made of changed, an implementation should return the same instance: the
     * recorder keeps the tags it builds on top of it for as long as it gets that instance.
     */
    @FunctionalInterface
    public interface PlaceTags {
        Tags of(DeviceId device, String sensor);
    }

    /** Sensors of one device whose point tags are kept; readings of further sensors have theirs built anew. */
    static final int MAX_SENSORS_KEPT = 64;

    /** Point tags built on top of a device's place tags, kept while {@link PlaceTags} returns the same {@code place}. */
    private record Built(Tags place, Tags point) {
    }

    /** The point tags kept for one device: per sensor ("" for the device itself) and per heartbeat (protocol). */
    private static final class Kept {
        final Map<String, Built> sensors = new ConcurrentHashMap<>();
        final Map<String, Built> telemetryBeats = new ConcurrentHashMap<>();
        final Map<String, Built> eventBeats = new ConcurrentHashMap<>();

        Map<String, Built> sensorsOf() {
            return sensors;
        }

        Map<String, Built> telemetryBeatsOf() {
            return telemetryBeats;
        }

        Map<String, Built> eventBeatsOf() {
            return eventBeats;
        }
    }

    private static final Set<State> ATTENTION = Set.of(State.ALARM, State.OPEN, State.FAULT, State.OFFLINE,
            State.TAMPER, State.LOW_BATTERY, State.PATH_FAILURE);

    private final TelemetrySink sink;
    private final PlaceTags places;
    private final Clock clock;
    private final Map<DeviceId, Kept> kept = new ConcurrentHashMap<>();

    public TelemetryRecorder(TelemetrySink sink, PlaceTags places, Clock clock) {
        this.sink = sink;
        this.places = places;
        this.clock = clock;
    }

    /** Records a message the gateway stored (not a duplicate). */
    public void stored(DeviceId device, DeviceMessage message, String protocol, Instant receivedAt) {
        Instant time = message.ts() == null ? receivedAt : message.ts();
        if (message instanceof Readings r) {
            for (Reading reading : r.readings()) {
                sink.accept(new Point(reading.kind().wireName(), tags(device, reading.sensor()),
                        Fields.of("value", reading.value()), time));
            }
            sink.accept(new Point("heartbeat", heartbeatTags(device, protocol, true),
                    Fields.of("seq", r.seq(), "readings", (long) r.readings().size()), time));
        } else if (message instanceof Event e) {
            sink.accept(new Point("event", tags(device, e.sensor()).with("kind", e.kind().wireName()),
                    fields("state", e.state().wireName(), "level", ATTENTION.contains(e.state()) ? 1L : 0L, "seq", e.seq()),
                    time));
            sink.accept(new Point("heartbeat", heartbeatTags(device, protocol, false),
                    Fields.of("seq", e.seq(), "readings", 0L), time));
        }
    }

    /** Records that a device's connection came up or went down, as the gateway saw it. */
    public void connection(DeviceId device, boolean up) {
        sink.accept(new Point("event", tags(device, null).with("kind", "device"),
                fields("state", up ? "online" : "offline", "level", up ? 0L : 1L), clock.instant()));
    }

    /** Records an alarm's latest step (its raising when it has no step yet), at the time it was taken. */
    public void alarm(Alarm alarm) {
        Tags tags = tags(alarm.device(), alarm.sensor()).with("class", alarm.alarmClass().wireName())
                .with("type", alarm.type()).with("state", alarm.state().wireName())
                .with("drill", Boolean.toString(alarm.drill()));
        Instant at = alarm.steps().isEmpty() ? alarm.raisedAt() : alarm.steps().get(alarm.steps().size() - 1).at();
        sink.accept(new Point("alarm", tags, fields("id", alarm.id(), "confirmed", alarm.confirmed(),
                "open", alarm.isOpen() ? 1L : 0L), at));
    }

    /** The device's place tags with tenant, device and sensor: built once per place tags, then kept. */
    private Tags tags(DeviceId device, String sensor) {
        Tags place = places.of(device, sensor);
        return built(device, place, Kept::sensorsOf, sensor == null ? "" : sensor,
                () -> place.with("tenant", device.tenant()).with("device", device.device()).with("sensor", sensor));
    }

    private Tags heartbeatTags(DeviceId device, String protocol, boolean telemetry) {
        Tags place = places.of(device, null);
        return built(device, place, telemetry ? Kept::telemetryBeatsOf : Kept::eventBeatsOf, protocol == null ? "" : protocol,
                () -> place.with("zone", null).with("tenant", device.tenant()).with("device", device.device())
                        .with("protocol", protocol).with("endpoint", telemetry ? "telemetry" : "event"));
    }

    private Tags built(DeviceId device, Tags place, Function<Kept, Map<String, Built>> which, String key,
                       Supplier<Tags> build) {
        // one entry per device that was ever recorded (only registered devices reach the store)
        Kept k = kept.get(device);
        Map<String, Built> of = which.apply(k != null ? k : kept.computeIfAbsent(device, d -> new Kept()));
        Built b = of.get(key);
        if (b != null && b.place() == place) {
            return b.point();
        }
        Tags point = build.get();
        if (b != null || of.size() < MAX_SENSORS_KEPT) {
            of.put(key, new Built(place, point));
        }
        return point;
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
