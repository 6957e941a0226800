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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

        /**
         * The place tags of the device's sensors as they are now, for the points of one message: what
         * an implementation has to look up by the device is looked up once, not once per point. By
         * default each sensor's tags are asked of {@link #of}.
         */
        default Place place(DeviceId device) {
            return sensor -> of(device, sensor);
        }
    }

    /** One device's place tags, as {@link PlaceTags#of} would give them for each of its sensors (null: the device). */
    @FunctionalInterface
    public interface Place {
        Tags of(String sensor);
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

    /**
     * Records a message the gateway stored (not a duplicate). The device's place tags and its kept
     * point tags are looked up once for all the message's points.
     */
    public void stored(DeviceId device, DeviceMessage message, String protocol, Instant receivedAt) {
        Instant time = message.ts() == null ? receivedAt : message.ts();
        Place place = places.place(device);
        Kept k = kept(device);
        if (message instanceof Readings r) {
            List<Reading> readings = r.readings();
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                sink.accept(new Point(reading.kind().wireName(), sensorTags(device, k, place.of(reading.sensor()),
                        reading.sensor()), Fields.of("value", reading.value()), time));
            }
            sink.accept(new Point("heartbeat", heartbeatTags(device, k, place.of(null), protocol, true),
                    Fields.of("seq", r.seq(), "readings", (long) readings.size()), time));
        } else if (message instanceof Event e) {
            sink.accept(new Point("event", sensorTags(device, k, place.of(e.sensor()), e.sensor()).with("kind", e.kind().wireName()),
                    fields("state", e.state().wireName(), "level", ATTENTION.contains(e.state()) ? 1L : 0L, "seq", e.seq()),
                    time));
            sink.accept(new Point("heartbeat", heartbeatTags(device, k, place.of(null), protocol, false),
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
        return sensorTags(device, kept(device), places.of(device, sensor), sensor);
    }

    private static Tags sensorTags(DeviceId device, Kept k, Tags place, String sensor) {
        String key = sensor == null ? "" : sensor;
        Built b = k.sensors.get(key);
        if (b != null && b.place() == place) {
            return b.point();
        }
        Tags point = place.with("tenant", device.tenant()).with("device", device.device()).with("sensor", sensor);
        keep(k.sensors, key, b, place, point);
        return point;
    }

    private static Tags heartbeatTags(DeviceId device, Kept k, Tags place, String protocol, boolean telemetry) {
        Map<String, Built> of = telemetry ? k.telemetryBeats : k.eventBeats;
        String key = protocol == null ? "" : protocol;
        Built b = of.get(key);
        if (b != null && b.place() == place) {
            return b.point();
        }
        Tags point = place.with("zone", null).with("tenant", device.tenant()).with("device", device.device())
                .with("protocol", protocol).with("endpoint", telemetry ? "telemetry" : "event");
        keep(of, key, b, place, point);
        return point;
    }

    /** One entry per device that was ever recorded (only registered devices reach the store). */
    private Kept kept(DeviceId device) {
        Kept k = kept.get(device);
        return k != null ? k : kept.computeIfAbsent(device, d -> new Kept());
    }

    private static void keep(Map<String, Built> of, String key, Built before, Tags place, Tags point) {
        if (before != null || of.size() < MAX_SENSORS_KEPT) {
            of.put(key, new Built(place, point));
        }
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
