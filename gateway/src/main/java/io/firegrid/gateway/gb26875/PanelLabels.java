package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.location.SensorPlaces;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fire alarm panels' own words for their components ("三楼东侧走廊"), and what each component is,
 * by device and sensor, so an alarm a panel raises says where it is in the panel's words, and that a
 * smoke detector raised it, when the installer registered no place for the component. Kept in memory from the table {@code gb26875_components} and from every frame
 * as it is mapped, before its events are stored, so the alarm the frame raises already has it.
 * Thread-safe: written on the listener's event loop, read on the store's thread.
 */
public final class PanelLabels implements SensorPlaces.Descriptions {

    /**
     * Components remembered per device: above a large panel's point count (a few thousand), so a
     * UITD inventing addresses cannot grow the gateway's memory; later components keep their
     * description in the table and the API, and their alarms the device's place.
     */
    static final int MAX_PER_DEVICE = 4_096;

    private final Map<DeviceId, Map<String, SensorPlaces.Described>> byDevice = new ConcurrentHashMap<>();

    /** Labels of no component (a gateway without the listener, and tests). */
    public PanelLabels() {
    }

    /** Reads the descriptions every UITD has reported so far. */
    public static Future<PanelLabels> load(Database db) {
        PanelLabels labels = new PanelLabels();
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tenant, device, sensor, description, kind FROM gb26875_components");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.put(new DeviceId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            Kind.fromWire(rs.getString(5)));
                }
            }
            return labels;
        });
    }

    /**
     * Remembers what the panel said of a component: its kind, and its description, where an empty
     * one (a report of state only) keeps what was there. Control characters become spaces and the
     * text is cut to a location label's length.
     */
    void put(DeviceId device, String sensor, String description, Kind kind) {
        String label = clean(description);
        Map<String, SensorPlaces.Described> sensors = byDevice.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        if (sensors.size() >= MAX_PER_DEVICE && !sensors.containsKey(sensor)) {
            return;
        }
        sensors.compute(sensor, (k, old) -> new SensorPlaces.Described(label != null ? label : old == null ? null : old.label(),
                kind.wireName()));
    }

    /** What the panel said of {@code sensor} on {@code device}, or {@code null} when it reported no such component. */
    @Override
    public SensorPlaces.Described of(DeviceId device, String sensor) {
        Map<String, SensorPlaces.Described> sensors = byDevice.get(device);
        return sensors == null ? null : sensors.get(sensor);
    }

    static String clean(String description) {
        if (description == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(description.length());
        description.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        String text = b.toString().strip();
        if (text.length() > Location.MAX_LABEL) {
            text = text.substring(0, Character.isHighSurrogate(text.charAt(Location.MAX_LABEL - 1))
                    ? Location.MAX_LABEL - 1 : Location.MAX_LABEL).strip();
        }
        return text.isEmpty() ? null : text;
    }
}
