package io.firegrid.gateway.place;

import io.firegrid.gateway.storage.Database;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The places and people of every tenant: sites, grid cells, stations, and who is told of alarms.
 *
 * <p>Kept in memory for routing (a community has tens of stations and hundreds of people) and
 * written through to the {@link Database}: an addition is confirmed once it is on disk. References
 * (a cell's station, a site's cell, a station's crew...) are checked inside the same transaction,
 * so they always point at something that exists; nothing is ever removed. Additions fail with
 * {@code CONFLICT} for a taken id or a second duty officer, {@code BAD_REQUEST} for a reference to
 * an unknown id or to a person of the wrong role.
 *
 * <p>Thread-safe: lookups may run on any thread.
 */
public final class Places {

    private static final Logger LOG = LoggerFactory.getLogger(Places.class);

    private record Key(String tenant, String id) {
    }

    private final Database db;
    private final Map<Key, Person> people = new ConcurrentHashMap<>();
    private final Map<Key, Station> stations = new ConcurrentHashMap<>();
    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final Map<Key, Site> sites = new ConcurrentHashMap<>();

    private Places(Database db) {
        this.db = db;
    }

    public static List<String> schema() {
        return PlaceStore.SCHEMA;
    }

    public static Future<Places> load(Database db) {
        Places places = new Places(db);
        return db.read(c -> {
            PlaceStore.people(c).forEach(p -> places.people.put(new Key(p.tenant(), p.id()), p));
            PlaceStore.stations(c).forEach(s -> places.stations.put(new Key(s.tenant(), s.id()), s));
            PlaceStore.cells(c).forEach(x -> places.cells.put(new Key(x.tenant(), x.id()), x));
            PlaceStore.sites(c).forEach(s -> places.sites.put(new Key(s.tenant(), s.id()), s));
            return places;
        });
    }

    public Future<Person> addPerson(Person p) {
        return db.write(c -> {
            PlaceChecks.person(c, p);
            requireNew(PlaceStore.insert(c, "people", p.tenant(), p.id(), p.name(), p.role().wireName(), p.phone()),
                    "person", p.tenant(), p.id());
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
                    s.captains()), "site", s.tenant(), s.id());
            return s;
        }).onSuccess(x -> added(sites, "site", x.tenant(), x.id(), x));
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

    private static <T> void added(Map<Key, T> map, String what, String tenant, String id, T value) {
        map.put(new Key(tenant, id), value);
        LOG.info("{} added [tenant: {}, id: {}]", what, tenant, id);
    }
}
