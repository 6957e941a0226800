package io.firegrid.gateway.siren;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The siren panels of each micro fire station: registered devices (edge agents with a siren
 * output) that sound when the station is notified of an alarm. Stored, kept in memory.
 * Thread-safe.
 */
public final class StationPanels {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS station_panels (
              tenant TEXT NOT NULL,
              station TEXT NOT NULL,
              device TEXT NOT NULL,
              PRIMARY KEY (tenant, station, device)) WITHOUT ROWID""");

    private record StationKey(String tenant, String station) {
    }

    private final Database db;
    private final Map<StationKey, Set<DeviceId>> panels = new ConcurrentHashMap<>();

    private StationPanels(Database db) {
        this.db = db;
    }

    /** "siren panel {device}" for every panel installed in {@code station}, for the check before it is removed. */
    public static List<String> panelsIn(java.sql.Connection c, String tenant, String station) throws java.sql.SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("SELECT device FROM station_panels WHERE tenant=? AND station=? ORDER BY device")) {
            ps.setString(1, tenant);
            ps.setString(2, station);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("siren panel " + rs.getString(1));
                }
            }
        }
        return out;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    public static Future<StationPanels> load(Database db) {
        StationPanels p = new StationPanels(db);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, station, device FROM station_panels");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    p.track(rs.getString(1), rs.getString(2), new DeviceId(rs.getString(1), rs.getString(3)));
                }
            }
            return p;
        });
    }

    /** Adds a panel device to a station; {@code CONFLICT/panel-exists} if it is there already. */
    public Future<DeviceId> add(String tenant, String station, DeviceId device) {
        if (panels(tenant, station).contains(device)) {
            return Future.failedFuture(new FireGridException(FireGridException.Status.CONFLICT, "panel-exists",
                    "device " + device + " is already a panel of station " + station));
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO station_panels(tenant, station, device) VALUES (?,?,?)")) {
                ps.setString(1, tenant);
                ps.setString(2, station);
                ps.setString(3, device.device());
                ps.executeUpdate();
            }
            return device;
        }).onSuccess(d -> track(tenant, station, d));
    }

    /** The station's panels, in no particular order. */
    public Set<DeviceId> panels(String tenant, String station) {
        return Set.copyOf(panels.getOrDefault(new StationKey(tenant, station), Set.of()));
    }

    private void track(String tenant, String station, DeviceId device) {
        panels.computeIfAbsent(new StationKey(tenant, station), k -> new CopyOnWriteArraySet<>()).add(device);
    }
}
