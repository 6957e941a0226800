package io.firegrid.gateway.location;

import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.PrivateFiles;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Floor;
import io.firegrid.protocol.place.PlanImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Floor plans and where sensors are drawn on them (docs/floor-plans.md).
 *
 * <p>A plan is one image per floor of a building of a site. Its bytes go to a file of the data
 * directory's {@code plans/} (written on a worker thread, mode 600, moved into place whole), its
 * description to the store's {@code floor_plans}: a 4 MiB image never occupies the store's writer,
 * which events go through. A file whose row was never committed (a crash in between) is deleted at
 * the next start. Positions ({@code plan_positions}) are fractions of the image, one per sensor.
 *
 * <p>Refusals ({@link FireGridException}): {@code unknown-site}, {@code unknown-device},
 * {@code unknown-sensor} (404); {@code bad-location} for a building or floor the site does not
 * have, {@code bad-position}, {@code unsupported-plan}, {@code unsafe-svg} (400); {@code no-plan},
 * {@code no-floor}, {@code no-site}, {@code too-many-plans} (409); {@code too-large} (413).
 *
 * <p>Thread model: the descriptions are held in memory (concurrent maps) and changed after the
 * store's commit; reads answer from memory.
 */
public final class FloorPlans {

    private static final Logger LOG = LoggerFactory.getLogger(FloorPlans.class);

    /** Largest plan taken ({@link PlanImage#MAX_BYTES}, which the installer's CLI checks too). */
    public static final int MAX_BYTES = PlanImage.MAX_BYTES;
    /** Most plans one site holds: 25 buildings of 20 floors; the files a caller can add are bounded by it. */
    public static final int MAX_PLANS_PER_SITE = 500;
    /** The data directory's folder of plan images. */
    public static final String DIRECTORY = "plans";

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS floor_plans (
              tenant TEXT NOT NULL,
              site TEXT NOT NULL,
              building TEXT NOT NULL,
              floor INTEGER NOT NULL,
              content_type TEXT NOT NULL,
              bytes INTEGER NOT NULL,
              sha256 TEXT NOT NULL,
              file TEXT NOT NULL,
              uploaded_by TEXT NOT NULL,
              uploaded_at TEXT NOT NULL,
              PRIMARY KEY (tenant, site, building, floor))""", """
            CREATE TABLE IF NOT EXISTS plan_positions (
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              sensor TEXT NOT NULL,
              site TEXT NOT NULL,
              building TEXT NOT NULL,
              floor INTEGER NOT NULL,
              x REAL NOT NULL,
              y REAL NOT NULL,
              placed_by TEXT NOT NULL,
              placed_at TEXT NOT NULL,
              PRIMARY KEY (tenant, device, sensor))""");

    /** One floor of one building of a registered site. */
    public record FloorRef(String tenant, String site, String building, int floor) {
        String key() {
            return tenant + '\u0000' + site + '\u0000' + building + '\u0000' + floor;
        }
    }

    /** A sensor of a site, where it is registered, and its position on the plan of that floor if it has one there. */
    public record Placed(DeviceId device, Sensor sensor, Location at, PlanPosition position) {
    }

    /** One floor of a site as the console draws it: its plan (or {@code null}) and the sensors registered on it. */
    public record FloorView(String building, int floor, FloorPlan plan, List<Placed> sensors) {
    }

    private final Vertx vertx;
    private final Database db;
    private final Path dir;
    private final Function<DeviceId, Optional<Device>> devices;
    private final Supplier<Collection<Device>> allDevices;
    private final BiFunction<String, String, Optional<Site>> sites;
    private final Clock clock;
    private final Map<String, FloorPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, PlanPosition> positions = new ConcurrentHashMap<>();

    private FloorPlans(Vertx vertx, Database db, Path dir, Function<DeviceId, Optional<Device>> devices,
                       Supplier<Collection<Device>> allDevices, BiFunction<String, String, Optional<Site>> sites, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.dir = dir;
        this.devices = devices;
        this.allDevices = allDevices;
        this.sites = sites;
        this.clock = clock;
    }

    /** The tables; idempotent. */
    public static List<String> schema() {
        return SCHEMA;
    }

    /**
     * Reads the plans and positions, creates {@code plans/} in {@code dataDir} (mode 700) and deletes the files
     * there no plan names.
     */
    public static Future<FloorPlans> load(Vertx vertx, Database db, Path dataDir, Function<DeviceId, Optional<Device>> devices,
                                          Supplier<Collection<Device>> allDevices,
                                          BiFunction<String, String, Optional<Site>> sites, Clock clock) {
        FloorPlans p = new FloorPlans(vertx, db, dataDir.resolve(DIRECTORY), devices, allDevices, sites, clock);
        return db.read(c -> {
            p.readAll(c);
            return p;
        }).compose(loaded -> vertx.executeBlocking(() -> {
            loaded.sweep();
            return loaded;
        }, false));
    }

    /** The floor named by the API: {@code building} {@code null} for the site's own; {@code floor} as {@code 3} or {@code B1}. */
    public FloorRef floor(String tenant, String site, String building, String floor) {
        Site s = sites.apply(tenant, site).orElseThrow(() -> FireGridException.notFound("unknown-site",
                "tenant " + tenant + " has no site '" + site + "'"));
        Integer f = Floor.parse(floor).orElseThrow(() -> FireGridException.badRequest("bad-location",
                "floor '" + floor + "' is not " + Floor.expected()));
        String b = building == null || building.isBlank() ? s.building() : building.strip();
        s.check(new Location(b, null, f, null), "the plan");
        return new FloorRef(tenant, site, b, f);
    }

    /** The plan of {@code at}, if one was uploaded. */
    public Optional<FloorPlan> plan(FloorRef at) {
        return Optional.ofNullable(plans.get(at.key()));
    }

    /** The plans of a site, by building and floor. */
    public List<FloorPlan> plans(String tenant, String site) {
        return plans.values().stream().filter(p -> p.tenant().equals(tenant) && p.site().equals(site))
                .sorted(Comparator.comparing(FloorPlan::building).thenComparing(FloorPlan::floor)).toList();
    }

    /**
     * Stores {@code image} as the plan of {@code at}, replacing the one it had (whose sensors' positions stay).
     * Refuses what {@link PlanImage#typeOf} refuses, more than {@link #MAX_BYTES} and a site's plan beyond
     * {@link #MAX_PLANS_PER_SITE}.
     */
    public Future<FloorPlan> put(FloorRef at, byte[] image, String by) {
        if (image.length > MAX_BYTES) {
            return Future.failedFuture(tooLarge(image.length));
        }
        PlanImage.Type type;
        try {
            type = PlanImage.typeOf(image);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        FloorPlan before = plans.get(at.key());
        if (before == null && plans(at.tenant(), at.site()).size() >= MAX_PLANS_PER_SITE) {
            return Future.failedFuture(conflict("too-many-plans", "site " + at.site() + " has "
                    + MAX_PLANS_PER_SITE + " plans, the most a site holds").withHint("delete plans of floors no longer used"));
        }
        FloorPlan plan = new FloorPlan(at.tenant(), at.site(), at.building(), at.floor(), type, image.length, sha256(image),
                UUID.randomUUID() + "." + type.extension(), by, clock.instant());
        return vertx.executeBlocking(() -> {
            PrivateFiles.createDirectories(dir);
            PrivateFiles.writeAtomically(dir.resolve(plan.file()), image);
            return plan;
        }, false).compose(written -> db.write(c -> {
            upsert(c, written);
            return written;
        })).map(stored -> {
            plans.put(at.key(), stored);
            if (before != null) {
                deleteFile(before.file());
            }
            LOG.info("floor plan stored [tenant: {}, site: {}, building: {}, floor: {}, type: {}, bytes: {}]", at.tenant(),
                    at.site(), at.building(), Floor.text(at.floor()), type.mediaType(), image.length);
            return stored;
        });
    }

    /** The image of {@code plan}, read on a worker thread. */
    public Future<byte[]> image(FloorPlan plan) {
        return vertx.executeBlocking(() -> Files.readAllBytes(dir.resolve(plan.file())), false);
    }

    /** Deletes the plan of {@code at} ({@code no-plan} if it has none); positions on it stay for a new plan of the floor. */
    public Future<FloorPlan> delete(FloorRef at) {
        FloorPlan plan = plans.get(at.key());
        if (plan == null) {
            return Future.failedFuture(noPlan(at));
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM floor_plans WHERE tenant=? AND site=? AND building=? AND floor=?")) {
                ps.setString(1, at.tenant());
                ps.setString(2, at.site());
                ps.setString(3, at.building());
                ps.setInt(4, at.floor());
                ps.executeUpdate();
            }
            return plan;
        }).map(p -> {
            plans.remove(at.key(), p);
            deleteFile(p.file());
            return p;
        });
    }

    /**
     * Draws {@code sensor} of {@code id} at ({@code x}, {@code y}) on the plan of the floor it is registered on.
     * Refuses a device not registered, a sensor it does not have, a device without a site ({@code no-site}),
     * a sensor without a floor ({@code no-floor}), a floor without a plan ({@code no-plan}), a position off the image.
     */
    public Future<PlanPosition> place(DeviceId id, String sensor, double x, double y, String by) {
        try {
            Device d = device(id, sensor);
            Site site = sites.apply(id.tenant(), d.site()).orElseThrow(() -> conflict("no-site",
                    "device " + id + " names site '" + d.site() + "', which is not registered"));
            Location at = d.locationOf(sensor).orElse(new Location(site.building(), null, null, null));
            if (at.floor() == null) {
                throw conflict("no-floor", "sensor " + sensor + " of device " + id
                        + " has no floor in its registered location, so it belongs on no plan")
                        .withHint("set its 'location' (or its device's) with PUT /api/v1/devices/" + id.tenant() + "/" + id.device());
            }
            FloorRef floor = new FloorRef(id.tenant(), site.id(), at.building(), at.floor());
            if (!plans.containsKey(floor.key())) {
                throw noPlan(floor);
            }
            PlanPosition p = new PlanPosition(id, sensor, site.id(), at.building(), at.floor(), x, y, by, clock.instant());
            return db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO plan_positions(tenant, device, sensor, site,"
                        + " building, floor, x, y, placed_by, placed_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, id.tenant());
                    ps.setString(2, id.device());
                    ps.setString(3, sensor);
                    ps.setString(4, p.site());
                    ps.setString(5, p.building());
                    ps.setInt(6, p.floor());
                    ps.setDouble(7, x);
                    ps.setDouble(8, y);
                    ps.setString(9, by);
                    ps.setString(10, p.placedAt().toString());
                    ps.executeUpdate();
                }
                return p;
            }).map(stored -> {
                positions.put(positionKey(id, sensor), stored);
                return stored;
            });
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
    }

    /** Takes {@code sensor} off its plan; {@code no-position} (404) when it was on none. */
    public Future<Void> unplace(DeviceId id, String sensor) {
        try {
            device(id, sensor);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        if (!positions.containsKey(positionKey(id, sensor))) {
            return Future.failedFuture(FireGridException.notFound("no-position", "sensor " + sensor + " of device " + id
                    + " is on no plan"));
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plan_positions WHERE tenant=? AND device=? AND sensor=?")) {
                ps.setString(1, id.tenant());
                ps.setString(2, id.device());
                ps.setString(3, sensor);
                ps.executeUpdate();
            }
            return (Void) null;
        }).onSuccess(v -> positions.remove(positionKey(id, sensor)));
    }

    /** The position of {@code sensor} on the plan of the floor it is registered on now, if it was placed there. */
    public Optional<PlanPosition> position(DeviceId id, String sensor) {
        PlanPosition p = positions.get(positionKey(id, sensor));
        if (p == null) {
            return Optional.empty();
        }
        return devices.apply(id).flatMap(d -> sites.apply(id.tenant(), d.site()).map(site -> {
            Location at = d.locationOf(sensor).orElse(new Location(site.building(), null, null, null));
            return site.id().equals(p.site()) && p.building().equals(at.building()) && at.floor() != null
                    && at.floor() == p.floor() ? p : null;
        }));
    }

    /**
     * The floors of a site: every floor with a plan or with a sensor registered on it, by building and from the
     * top floor down; then, as a last entry with floor 0, the sensors whose location names no floor.
     */
    public List<FloorView> floors(String tenant, String site) {
        Site s = sites.apply(tenant, site).orElseThrow(() -> FireGridException.notFound("unknown-site",
                "tenant " + tenant + " has no site '" + site + "'"));
        Map<String, List<Placed>> byFloor = new TreeMap<>();
        List<Placed> unlocated = new ArrayList<>();
        allDevices.get().stream().filter(d -> d.id().tenant().equals(tenant) && site.equals(d.site()))
                .sorted(Comparator.comparing(d -> d.id().device())).forEach(d -> d.sensors().forEach(sn -> {
                    Location at = d.locationOf(sn.id()).orElse(new Location(s.building(), null, null, null));
                    Placed placed = new Placed(d.id(), sn, at, position(d.id(), sn.id()).orElse(null));
                    if (at.floor() == null) {
                        unlocated.add(placed);
                    } else {
                        byFloor.computeIfAbsent(sortKey(at.building(), at.floor()), k -> new ArrayList<>()).add(placed);
                    }
                }));
        plans(tenant, site).forEach(p -> byFloor.computeIfAbsent(sortKey(p.building(), p.floor()), k -> new ArrayList<>()));
        List<FloorView> out = new ArrayList<>();
        byFloor.forEach((k, sensors) -> {
            String[] parts = k.split("\u0000");
            String building = parts[0];
            int floor = 1000 - Integer.parseInt(parts[1]);
            out.add(new FloorView(building, floor, plans.get(new FloorRef(tenant, site, building, floor).key()), sensors));
        });
        if (!unlocated.isEmpty()) {
            out.add(new FloorView(s.building(), 0, null, unlocated));
        }
        return out;
    }

    private static String sortKey(String building, int floor) {
        return building + '\u0000' + String.format("%05d", 1000 - floor);
    }

    private Device device(DeviceId id, String sensor) {
        Device d = devices.apply(id).orElseThrow(() -> FireGridException.notFound("unknown-device",
                "device " + id + " is not registered"));
        if (d.sensor(sensor).isEmpty()) {
            throw FireGridException.notFound("unknown-sensor", "device " + id + " has no sensor '" + sensor + "'; its sensors: "
                    + d.sensors().stream().map(Sensor::id).collect(Collectors.joining(", ")));
        }
        if (d.site() == null) {
            throw conflict("no-site", "device " + id + " has no site, so its sensors belong on no plan")
                    .withHint("give it a site with PUT /api/v1/devices/" + id.tenant() + "/" + id.device());
        }
        return d;
    }

    private static FireGridException noPlan(FloorRef at) {
        return conflict("no-plan", "site " + at.site() + " has no plan of building " + at.building()
                + " floor " + Floor.text(at.floor())).withHint("upload one with PUT /api/v1/sites/" + at.tenant() + "/" + at.site()
                + "/floors/" + Floor.text(at.floor()) + "/plan?building=" + at.building());
    }

    /** 413 {@code too-large}, saying the limit. */
    public static FireGridException tooLarge(long bytes) {
        return new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large", "the plan is "
                + (bytes < 0 ? "larger than" : bytes + " bytes, more than") + " the " + MAX_BYTES + " bytes (4 MiB) a plan may be")
                .withHint("save it at a lower resolution, as JPEG, or as SVG");
    }

    private static FireGridException conflict(String code, String reason) {
        return new FireGridException(FireGridException.Status.CONFLICT, code, reason);
    }

    private static String positionKey(DeviceId id, String sensor) {
        return id.tenant() + '\u0000' + id.device() + '\u0000' + sensor;
    }

    private static void upsert(Connection c, FloorPlan p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO floor_plans(tenant, site, building, floor,"
                + " content_type, bytes, sha256, file, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, p.tenant());
            ps.setString(2, p.site());
            ps.setString(3, p.building());
            ps.setInt(4, p.floor());
            ps.setString(5, p.type().mediaType());
            ps.setLong(6, p.bytes());
            ps.setString(7, p.sha256());
            ps.setString(8, p.file());
            ps.setString(9, p.uploadedBy());
            ps.setString(10, p.uploadedAt().toString());
            ps.executeUpdate();
        }
    }

    private void readAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM floor_plans"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                FloorPlan p = new FloorPlan(rs.getString("tenant"), rs.getString("site"), rs.getString("building"),
                        rs.getInt("floor"), PlanImage.Type.ofMediaType(rs.getString("content_type")).orElseThrow(),
                        rs.getLong("bytes"), rs.getString("sha256"), rs.getString("file"), rs.getString("uploaded_by"),
                        Instant.parse(rs.getString("uploaded_at")));
                plans.put(new FloorRef(p.tenant(), p.site(), p.building(), p.floor()).key(), p);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM plan_positions"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DeviceId id = new DeviceId(rs.getString("tenant"), rs.getString("device"));
                positions.put(positionKey(id, rs.getString("sensor")), new PlanPosition(id, rs.getString("sensor"),
                        rs.getString("site"), rs.getString("building"), rs.getInt("floor"), rs.getDouble("x"), rs.getDouble("y"),
                        rs.getString("placed_by"), Instant.parse(rs.getString("placed_at"))));
            }
        }
    }

    /** Deletes files of {@code plans/} that no plan names: written by an upload whose commit never came. */
    private void sweep() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> named = plans.values().stream().map(FloorPlan::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!named.contains(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                    LOG.info("floor plan file without a plan deleted [file: {}]", f);
                }
            }
        }
    }

    private void deleteFile(String file) {
        vertx.executeBlocking(() -> Files.deleteIfExists(dir.resolve(file)), false)
                .onFailure(t -> LOG.warn("old floor plan file not deleted [file: {}]", file, t));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
