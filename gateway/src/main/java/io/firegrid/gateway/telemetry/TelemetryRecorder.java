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

    /** The place tags of a device's sensor: site, building, floor, zone (missing or null when unknown). */
    @FunctionalInterface
    public interface PlaceTags {
        Map<String, String> of(DeviceId device, String sensor);
    }

    private static final Set<State> ATTENTION = Set.of(State.ALARM, State.OPEN, State.FAULT, State.OFFLINE,
            State.TAMPER, State.LOW_BATTERY, State.PATH_FAILURE);

    private final TelemetrySink sink;
    private final PlaceTags places;
    private final Clock clock;

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
                        Map.of("value", reading.value()), time));
            }
            sink.accept(new Point("heartbeat", heartbeatTags(device, protocol, "telemetry"),
                    fields("seq", r.seq(), "readings", (long) r.readings().size()), time));
        } else if (message instanceof Event e) {
            Map<String, String> tags = tags(device, e.sensor());
            tags.put("kind", e.kind().wireName());
            sink.accept(new Point("event", tags, fields("state", e.state().wireName(),
                    "level", ATTENTION.contains(e.state()) ? 1L : 0L, "seq", e.seq()), time));
            sink.accept(new Point("heartbeat", heartbeatTags(device, protocol, "event"),
                    fields("seq", e.seq(), "readings", 0L), time));
        }
    }

    /** Records that a device's connection came up or went down, as the gateway saw it. */
    public void connection(DeviceId device, boolean up) {
        Map<String, String> tags = tags(device, null);
        tags.put("kind", "device");
        sink.accept(new Point("event", tags, fields("state", up ? "online" : "offline", "level", up ? 0L : 1L),
                clock.instant()));
    }

    /** Records an alarm's latest step (its raising when it has no step yet), at the time it was taken. */
    public void alarm(Alarm alarm) {
        Map<String, String> tags = tags(alarm.device(), alarm.sensor());
        tags.put("class", alarm.alarmClass().wireName());
        tags.put("type", alarm.type());
        tags.put("state", alarm.state().wireName());
        tags.put("drill", Boolean.toString(alarm.drill()));
        Instant at = alarm.steps().isEmpty() ? alarm.raisedAt() : alarm.steps().get(alarm.steps().size() - 1).at();
        sink.accept(new Point("alarm", tags, fields("id", alarm.id(), "confirmed", alarm.confirmed(),
                "open", alarm.isOpen() ? 1L : 0L), at));
    }

    private Map<String, String> tags(DeviceId device, String sensor) {
        Map<String, String> tags = new LinkedHashMap<>(places.of(device, sensor));
        tags.put("tenant", device.tenant());
        tags.put("device", device.device());
        tags.put("sensor", sensor);
        return tags;
    }

    private Map<String, String> heartbeatTags(DeviceId device, String protocol, String endpoint) {
        Map<String, String> tags = tags(device, null);
        tags.remove("zone");
        tags.put("protocol", protocol);
        tags.put("endpoint", endpoint);
        return tags;
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
