package io.firegrid.gateway.place;

import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Role;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The places and people of every tenant: sites, grid cells, stations, and who is told of alarms.
 *
 * <p>Kept in memory for routing (a community has tens of stations and hundreds of people) and
 * written through to the {@link Database}: an addition, change or removal is confirmed once it is
 * on disk, and the memory follows only then. References (a cell's station, a site's cell, a
 * station's crew and next station, a site's captains) are checked inside the same transaction, so
 * they always point at something that exists, of the right role:
 * <ul>
 *   <li>additions fail with {@code CONFLICT} for a taken id or a second duty officer,
 *       {@code BAD_REQUEST} for a reference to an unknown id or to a person of the wrong role;</li>
 *   <li>replacements ({@link #replacePerson}, ...) fail with {@code NOT_FOUND} for an unknown id
 *       and otherwise as additions do, and also with {@code BAD_REQUEST} for a {@code next} station
 *       that would make escalation go round in a circle and {@code CONFLICT} {@code in-use} for a
 *       person given another role while something names them;</li>
 *   <li>{@link #remove} fails with {@code NOT_FOUND}, or {@code CONFLICT} {@code in-use} while
 *       anything names the place, here or in the {@link Dependents} (devices at a site, panels in a
 *       station).</li>
 * </ul>
 * {@link #cellOf} and {@link #stationCovering} are the one walk from a site to its grid cell and
 * the station covering it.
 *
 * <p>A site or station can be put in drill and taken out ({@link #drillSite}, {@link #drillStation});
 * a drill ends by itself after its length ({@link #endDrills}); {@link #inDrill} tells the alarm
 * rules whether an alarm raised at a site is a drill.
 *
 * <p>Thread-safe: lookups answer from memory on any thread; changes run on the store's thread.
 */
public final class Places {

    private static final Logger LOG = LoggerFactory.getLogger(Places.class);

    private record Key(String tenant, String id) {
    }

    /** {@code kind} of a site in the {@code drills} table. */
    static final String SITE = "site";
    /** {@code kind} of a station in the {@code drills} table. */
    static final String STATION = "station";

    private final Database db;
    private final Clock clock;
    private final Map<Key, Person> people = new ConcurrentHashMap<>();
    private final Map<Key, Station> stations = new ConcurrentHashMap<>();
    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final Map<Key, Site> sites = new ConcurrentHashMap<>();

    private final Dependents dependents;

    /**
     * What other parts of the gateway keep about a place, checked before it is removed: devices
     * registered at a site, siren panels in a station. Runs on the store's thread.
     */
    @FunctionalInterface
    public interface Dependents {
        Dependents NONE = (c, kind, tenant, id) -> List.of();

        /** Descriptions of what names {@code kind} {@code id} ("device pi-7"), empty if nothing does. */
        List<String> namedBy(Connection c, String kind, String tenant, String id) throws SQLException;
    }

    private Places(Database db, Clock clock, Dependents dependents) {
        this.db = db;
        this.clock = clock;
        this.dependents = dependents;
    }

    public static List<String> schema() {
        return PlaceStore.SCHEMA;
    }

    /**
     * Loads every place, person and drill; {@code clock} dates the drills begun from now on. Drills
     * are reloaded whenever a commit fails, as they change on the store's thread.
     */
    public static Future<Places> load(Database db, Clock clock, Dependents dependents) {
        Places places = new Places(db, clock, dependents);
        db.onRollback(places::reloadDrills);
        return db.read(c -> {
            PlaceStore.people(c).forEach(p -> places.people.put(new Key(p.tenant(), p.id()), p));
            PlaceStore.stations(c).forEach(s -> places.stations.put(new Key(s.tenant(), s.id()), s));
            PlaceStore.cells(c).forEach(x -> places.cells.put(new Key(x.tenant(), x.id()), x));
            PlaceStore.sites(c).forEach(s -> places.sites.put(new Key(s.tenant(), s.id()), s));
            places.reloadDrills(c);
            return places;
        });
    }

    private Void reloadDrills(Connection c) throws SQLException {
        Map<Key, Drill> siteDrills = new HashMap<>();
        Map<Key, Drill> stationDrills = new HashMap<>();
        for (PlaceStore.DrillRow d : PlaceStore.drills(c)) {
            (d.kind().equals(SITE) ? siteDrills : stationDrills).put(new Key(d.tenant(), d.id()), d.drill());
        }
        sites.replaceAll((k, s) -> s.withDrill(siteDrills.get(k)));
        stations.replaceAll((k, s) -> s.withDrill(stationDrills.get(k)));
        return null;
    }

    public Future<Person> addPerson(Person p) {
        return db.write(c -> {
            PlaceChecks.person(c, p);
            requireNew(PlaceStore.insert(c, "people", p.tenant(), p.id(), p.name(), p.role().wireName(), p.phone()),
                    "person", p.tenant(), p.id());
            PlaceStore.contacts(c, p);
            return p;
        }).onSuccess(x -> added(people, "person", x.tenant(), x.id(), x));
    }

    public Future<Station> addStation(Station s) {
        return db.write(c -> {
            PlaceChecks.station(c, s);
            requireNew(PlaceStore.insert(c, "stations", s.tenant(), s.id(), s.name(), s.lat(), s.lon(), s.crew(),
                    s.next()), "station", s.tenant(), s.id());
            return s;
        }).onSuccess(x -> added(stations, "station", x.tenant(), x.id(), x));
    }

    public Future<Cell> addCell(Cell cell) {
        return db.write(c -> {
            PlaceChecks.cell(c, cell);
            requireNew(PlaceStore.insert(c, "cells", cell.tenant(), cell.id(), cell.station(), cell.gridWorkers()),
                    "cell", cell.tenant(), cell.id());
            return cell;
        }).onSuccess(x -> added(cells, "cell", x.tenant(), x.id(), x));
    }

    public Future<Site> addSite(Site s) {
        return db.write(c -> {
            PlaceChecks.site(c, s);
            requireNew(PlaceStore.insert(c, "sites", s.tenant(), s.id(), s.name(), s.cell(), s.building(), s.floors(),
                    s.captains(), io.firegrid.gateway.device.LimitsCodec.encode(s.limits()), PlaceStore.encode(s.layout())), "site", s.tenant(), s.id());
            return s;
        }).onSuccess(x -> added(sites, "site", x.tenant(), x.id(), x));
    }

    /**
     * Replaces a person (404 {@code unknown-person} if there is none). A person named somewhere in
     * their role (a station's crew, ...) cannot change role: 409 {@code in-use}.
     */
    public Future<Person> replacePerson(Person p) {
        return db.write(c -> {
            requireExisting(c, "people", "person", p.tenant(), p.id());
            String role = PlaceStore.role(c, p.tenant(), p.id());
            if (!p.role().wireName().equals(role)) {
                PlaceChecks.requireUnnamed(PlaceChecks.namedBy(c, "person", p.tenant(), p.id(), Dependents.NONE), "person",
                        p.tenant(), p.id(), "given another role");
            }
            PlaceChecks.person(c, p);
            PlaceStore.replace(c, "people", p.tenant(), p.id(), p.name(), p.role().wireName(), p.phone());
            PlaceStore.contacts(c, p);
            return p;
        }).onSuccess(x -> replaced(people, "person", x.tenant(), x.id(), x));
    }

    /**
     * Replaces a station's name, location, crew and next station; its drill stays. A {@code next}
     * that leads back to the station is {@code BAD_REQUEST} {@code bad-next}.
     */
    public Future<Station> replaceStation(Station s) {
        return db.write(c -> {
            requireExisting(c, "stations", "station", s.tenant(), s.id());
            PlaceChecks.station(c, s);
            if (s.next() != null && nextChainReturns(c, s)) {
                throw FireGridException.badRequest("bad-next", "station " + s.id() + " escalating to " + s.next()
                        + " would make escalation go round in a circle");
            }
            PlaceStore.replace(c, "stations", s.tenant(), s.id(), s.name(), s.lat(), s.lon(), s.crew(), s.next());
            return s.withDrill(PlaceStore.drill(c, STATION, s.tenant(), s.id()));
        }).onSuccess(x -> replaced(stations, "station", x.tenant(), x.id(), x));
    }

    /** Replaces a grid cell's station and grid workers. */
    public Future<Cell> replaceCell(Cell cell) {
        return db.write(c -> {
            requireExisting(c, "cells", "cell", cell.tenant(), cell.id());
            PlaceChecks.cell(c, cell);
            PlaceStore.replace(c, "cells", cell.tenant(), cell.id(), cell.station(), cell.gridWorkers());
            return cell;
        }).onSuccess(x -> replaced(cells, "cell", x.tenant(), x.id(), x));
    }

    /** Replaces a site's name, cell, building, floors, captains and limits; its drill stays. */
    public Future<Site> replaceSite(Site s) {
        return db.write(c -> {
            requireExisting(c, "sites", "site", s.tenant(), s.id());
            PlaceChecks.site(c, s);
            PlaceStore.replace(c, "sites", s.tenant(), s.id(), s.name(), s.cell(), s.building(), s.floors(),
                    s.captains(), io.firegrid.gateway.device.LimitsCodec.encode(s.limits()), PlaceStore.encode(s.layout()));
            return s.withDrill(PlaceStore.drill(c, SITE, s.tenant(), s.id()));
        }).onSuccess(x -> replaced(sites, "site", x.tenant(), x.id(), x));
    }

    /**
     * Removes a person, station, cell or site ({@code kind}): 404 if there is none, 409
     * {@code in-use} while anything still names it (a cell its station, a device its site, ...).
     * Alarms raised there keep the ids they were raised with.
     */
    public Future<Void> remove(String kind, String tenant, String id) {
        Held held = held(kind);
        String table = held.table();
        Key key = new Key(tenant, id);
        return db.write(c -> {
            requireExisting(c, table, kind, tenant, id);
            PlaceChecks.requireUnnamed(PlaceChecks.namedBy(c, kind, tenant, id, dependents), kind, tenant, id, "removed");
            PlaceStore.delete(c, table, tenant, id);
            if (kind.equals(SITE) || kind.equals(STATION)) {
                PlaceStore.setDrill(c, kind, tenant, id, null);
            }
            return null;
        }).onSuccess(x -> {
            held.memory().remove(key);
            LOG.info("{} removed [tenant: {}, id: {}]", kind, tenant, id);
        }).mapEmpty();
    }

    /** Where places of one kind are kept: their table, and their copy in memory. */
    private record Held(String table, Map<Key, ?> memory) {
    }

    private Held held(String kind) {
        return switch (kind) {
            case "person" -> new Held("people", people);
            case "station" -> new Held("stations", stations);
            case "cell" -> new Held("cells", cells);
            case "site" -> new Held("sites", sites);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void requireExisting(Connection c, String table, String kind, String tenant, String id)
            throws SQLException {
        if (!PlaceStore.exists(c, table, tenant, id)) {
            throw FireGridException.notFound("unknown-" + kind, "tenant " + tenant + " has no " + kind + " '" + id
                    + "'").withHint("create it with POST /api/v1/" + table);
        }
    }

    /** Whether following {@code next} from {@code s} comes back to {@code s}. */
    private static boolean nextChainReturns(Connection c, Station s) throws SQLException {
        Map<String, String> next = new HashMap<>();
        PlaceStore.stations(c).stream().filter(x -> x.tenant().equals(s.tenant()) && x.next() != null)
                .forEach(x -> next.put(x.id(), x.next()));
        next.put(s.id(), s.next());
        String at = s.next();
        for (int i = 0; at != null && i <= next.size(); i++) {
            if (at.equals(s.id())) {
                return true;
            }
            at = next.get(at);
        }
        return false;
    }

    /**
     * Puts a site in drill ({@code on}) on behalf of {@code by}, or takes it out. Idempotent: a site
     * already in drill keeps its start and who began it. Fails with {@code NOT_FOUND} for an unknown
     * site. Once the future completes, every alarm raised at the site is marked accordingly.
     */
    public Future<Site> drillSite(String tenant, String id, boolean on, String by, Duration length) {
        return drill(SITE, "sites", sites, Site::withDrill, tenant, id, on, by, length);
    }

    /**
     * Puts a station in drill or takes it out, as {@link #drillSite}: while it is in drill, alarms
     * of every site in a grid cell it covers are marked drill.
     */
    public Future<Station> drillStation(String tenant, String id, boolean on, String by, Duration length) {
        return drill(STATION, "stations", stations, Station::withDrill, tenant, id, on, by, length);
    }

    /**
     * Whether an alarm raised now at {@code site} is a drill: the site is in drill, or the station
     * covering its grid cell is. An unknown site is not. Answers from memory, on any thread.
     */
    public boolean inDrill(String tenant, String site) {
        Site s = sites.get(new Key(tenant, site));
        if (s == null) {
            return false;
        }
        Instant now = clock.instant();
        if (s.drill() != null && s.drill().activeAt(now)) {
            return true;
        }
        Station station = stationCovering(tenant, site).map(id -> stations.get(new Key(tenant, id))).orElse(null);
        return station != null && station.drill() != null && station.drill().activeAt(now);
    }

    /**
     * Takes out of drill every site and station whose drill has run its length, as a person taking
     * it out would; the gateway's time-based work calls it (every second in production).
     */
    public Future<Void> endDrills() {
        Instant now = clock.instant();
        return db.write(c -> {
            List<PlaceStore.DrillRow> ended = PlaceStore.endDrills(c, now);
            for (PlaceStore.DrillRow d : ended) {
                Key key = new Key(d.tenant(), d.id());
                if (d.kind().equals(SITE)) {
                    sites.computeIfPresent(key, (k, v) -> v.withDrill(null));
                } else {
                    stations.computeIfPresent(key, (k, v) -> v.withDrill(null));
                }
            }
            return ended;
        }).map(ended -> {
            ended.forEach(d -> LOG.info("{} drill ended by itself [tenant: {}, id: {}, begun by: {}, at: {}]",
                    d.kind(), d.tenant(), d.id(), d.drill().by(), d.drill().until()));
            return null;
        });
    }

    /**
     * Changes the drill on the store's thread, where alarms are decided, so an alarm processed
     * after the change is marked by it; the memory follows the store, and is reloaded from it if
     * the commit fails.
     */
    private <T> Future<T> drill(String kind, String table, Map<Key, T> map, BiFunction<T, Drill, T> withDrill,
                                String tenant, String id, boolean on, String by, Duration length) {
        Key key = new Key(tenant, id);
        return db.write(c -> {
            if (!PlaceStore.exists(c, table, tenant, id)) {
                throw FireGridException.notFound("unknown-" + kind, "tenant " + tenant + " has no " + kind + " '"
                        + id + "'");
            }
            Drill current = PlaceStore.drill(c, kind, tenant, id);
            Instant now = clock.instant();
            if (current != null && !current.activeAt(now)) {
                current = null;
            }
            Drill next = !on ? null : current == null ? new Drill(now, by, now.plus(length))
                    : new Drill(current.since(), current.by(), now.plus(length));
            boolean changed = !Objects.equals(current, next);
            if (changed) {
                PlaceStore.setDrill(c, kind, tenant, id, next);
                map.computeIfPresent(key, (k, v) -> withDrill.apply(v, next));
            }
            return changed;
        }).map(changed -> {
            if (changed) {
                LOG.info("{} {} [tenant: {}, id: {}, by: {}]", kind, on ? "put in drill" : "taken out of drill",
                        tenant, id, by);
            }
            return map.get(key);
        });
    }

    public Optional<Person> person(String tenant, String id) {
        return Optional.ofNullable(people.get(new Key(tenant, id)));
    }

    public Optional<Station> station(String tenant, String id) {
        return Optional.ofNullable(stations.get(new Key(tenant, id)));
    }

    public Optional<Cell> cell(String tenant, String id) {
        return Optional.ofNullable(cells.get(new Key(tenant, id)));
    }

    public Optional<Site> site(String tenant, String id) {
        return Optional.ofNullable(sites.get(new Key(tenant, id)));
    }

    /**
     * The limits set on {@code site} (pressure band, door held open), {@link SensorLimits#NONE} for
     * no site, an unknown one, or one without limits: the site's layer of a sensor's thresholds.
     */
    public SensorLimits limitsAt(String tenant, String site) {
        Site s = site == null ? null : sites.get(new Key(tenant, site));
        return s == null ? SensorLimits.NONE : s.limits();
    }

    /** The grid cell {@code site} is in; empty for an unknown site, a site in no cell, or an unknown cell. */
    public Optional<Cell> cellOf(String tenant, String site) {
        Site s = site == null ? null : sites.get(new Key(tenant, site));
        return Optional.ofNullable(s == null || s.cell() == null ? null : cells.get(new Key(tenant, s.cell())));
    }

    /**
     * The id of the station covering {@code site} (site, its grid cell, the cell's station), empty
     * when any link is missing. The one place that walks site -> cell -> station.
     */
    public Optional<String> stationCovering(String tenant, String site) {
        return cellOf(tenant, site).map(Cell::station);
    }

    public Optional<Person> dutyOfficer(String tenant) {
        return people.values().stream().filter(p -> p.tenant().equals(tenant) && p.role() == Role.DUTY_OFFICER)
                .findFirst();
    }

    /** People of {@code tenant}, or of all tenants when it is {@code null}; ordered by tenant and id. */
    public List<Person> people(String tenant) {
        return sorted(people, tenant);
    }

    public List<Station> stations(String tenant) {
        return sorted(stations, tenant);
    }

    public List<Cell> cells(String tenant) {
        return sorted(cells, tenant);
    }

    public List<Site> sites(String tenant) {
        return sorted(sites, tenant);
    }

    private static <T> List<T> sorted(Map<Key, T> map, String tenant) {
        return map.entrySet().stream().filter(e -> tenant == null || e.getKey().tenant().equals(tenant))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::tenant).thenComparing(Key::id)))
                .map(Map.Entry::getValue).toList();
    }

    private static void requireNew(boolean inserted, String what, String tenant, String id) {
        if (!inserted) {
            throw PlaceChecks.duplicate(what, tenant, id);
        }
    }

    private static <T> void replaced(Map<Key, T> map, String what, String tenant, String id, T value) {
        map.put(new Key(tenant, id), value);
        LOG.info("{} changed [tenant: {}, id: {}]", what, tenant, id);
    }

    private static <T> void added(Map<Key, T> map, String what, String tenant, String id, T value) {
        map.put(new Key(tenant, id), value);
        LOG.info("{} added [tenant: {}, id: {}]", what, tenant, id);
    }
}
