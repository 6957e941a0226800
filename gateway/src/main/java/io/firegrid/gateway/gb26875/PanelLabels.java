package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fire alarm panels' own words for their components ("三楼东侧走廊"), by device and sensor, so an
 * alarm a panel raises says where it is in the panel's words when the installer registered no place
 * for the component. Kept in memory from the table {@code gb26875_components} and from every frame
 * as it is mapped, before its events are stored, so the alarm the frame raises already has it.
 * Thread-safe: written on the listener's event loop, read on the store's thread.
 */
public final class PanelLabels {

    /**
     * Components remembered per device: above a large panel's point count (a few thousand), so a
     * UITD inventing addresses cannot grow the gateway's memory; later components keep their
     * description in the table and the API, and their alarms the device's place.
     */
    static final int MAX_PER_DEVICE = 4_096;

    private final Map<DeviceId, Map<String, String>> byDevice = new ConcurrentHashMap<>();

    /** Labels of no component (a gateway without the listener, and tests). */
    public PanelLabels() {
    }

    /** Reads the descriptions every UITD has reported so far. */
    public static Future<PanelLabels> load(Database db) {
        PanelLabels labels = new PanelLabels();
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tenant, device, sensor, description FROM gb26875_components WHERE description <> ''");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.put(new DeviceId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4));
                }
            }
            return labels;
        });
    }

    /**
     * Remembers {@code description} for the component; an empty one (a report of state only) keeps
     * what was there. Control characters become spaces and the text is cut to a location label's length.
     */
    void put(DeviceId device, String sensor, String description) {
        String label = clean(description);
        if (label == null) {
            return;
        }
        Map<String, String> sensors = byDevice.computeIfAbsent(device, d -> new ConcurrentHashMap<>());
        if (sensors.size() < MAX_PER_DEVICE || sensors.containsKey(sensor)) {
            sensors.put(sensor, label);
        }
    }

    /** The panel's description of {@code sensor} on {@code device}, or {@code null} when it gave none. */
    public String of(DeviceId device, String sensor) {
        Map<String, String> sensors = byDevice.get(device);
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
