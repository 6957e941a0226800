package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The GIVEN part of a {@link DispatchScenario}: places, people, devices and webhooks, collected
 * first and then created through the HTTP API in the order their references need (people,
 * stations, cells, sites, rosters, devices). Every station gets one crew member, {@code <station>-crew}.
 */
public final class ScenarioPlaces {

    private final Map<String, JsonObject> stations = new LinkedHashMap<>();
    private final Map<String, JsonObject> cells = new LinkedHashMap<>();
    private final Map<String, JsonObject> sites = new LinkedHashMap<>();
    private final Map<String, JsonObject> people = new LinkedHashMap<>();
    private final Map<String, String> devices = new LinkedHashMap<>();
    /** Rosters by their path under /api/v1 ({@code stations/S}, {@code cells/cell-3}). */
    private final Map<String, JsonObject> rosters = new LinkedHashMap<>();
    private final List<JsonObject> webhooks = new ArrayList<>();
    private String lastDevice;

    /** A site with a device {@code pi-<site>} carrying detectors smoke-1 and smoke-2 in zone A. */
    public SiteSpec site(String id) {
        JsonObject site = new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", id).put("name", "Site " + id)
                .put("building", "B1").put("captains", new JsonArray());
        sites.put(id, site);
        device("pi-" + id, id);
        return new SiteSpec(site);
    }

    /** A station at (lat, lon); one is created at (0, 0) when a cell names a station not given. */
    public StationSpec station(String id) {
        return new StationSpec(stations.computeIfAbsent(id, this::newStation));
    }

    public ScenarioPlaces dutyOfficer(String id) {
        person(id, "duty-officer");
        return this;
    }

    public ScenarioPlaces deviceWithoutSite(String device) {
        device(device, null);
        return this;
    }

    public ScenarioPlaces webhook(String url, String secret) {
        webhooks.add(new JsonObject().put("tenant", DispatchScenario.TENANT).put("url", url).put("secret", secret));
        return this;
    }

    String lastDevice() {
        return lastDevice;
    }

    /** Creates everything through the API, failing the test on any refusal. */
    void apply(TestGateway gw) {
        people.values().forEach(p -> created(gw, "/api/v1/people", p));
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < stations.size()) {
            stations.values().stream().filter(s -> !done.contains(s.getString("id")))
                    .filter(s -> s.getString("next") == null || done.contains(s.getString("next")))
                    .findFirst().ifPresentOrElse(s -> {
                        created(gw, "/api/v1/stations", s);
                        done.add(s.getString("id"));
                    }, () -> {
                        throw new IllegalStateException("stations name each other as next: " + stations.keySet());
                    });
        }
        cells.values().forEach(c -> created(gw, "/api/v1/cells", c));
        sites.values().forEach(s -> created(gw, "/api/v1/sites", s));
        rosters.forEach((place, roster) -> {
            String path = "/api/v1/" + place.replace("/", "/" + DispatchScenario.TENANT + "/") + "/roster";
            HttpResponse<String> r = gw.as(TestGateway.ADMIN_TOKEN, "PUT", path, roster.encode());
            assertThat(r.statusCode()).as("PUT %s %s: %s", path, roster, r.body()).isEqualTo(200);
        });
        devices.forEach((device, site) -> {
            JsonObject body = new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", device)
                    .put("password", TestGateway.PASSWORD).put("site", site).put("sensors", new JsonArray()
                            .add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "A"))
                            .add(new JsonObject().put("id", "smoke-2").put("kind", "smoke").put("zone", "A")));
            created(gw, "/api/v1/devices", body);
        });
        webhooks.forEach(w -> created(gw, "/api/v1/webhooks", w));
    }

    private static void created(TestGateway gw, String path, JsonObject body) {
        HttpResponse<String> r = gw.post(path, body.encode());
        assertThat(r.statusCode()).as("POST %s %s: %s", path, body, r.body()).isEqualTo(201);
    }

    private void device(String device, String site) {
        devices.put(device, site);
        lastDevice = device;
    }

    private void person(String id, String role) {
        people.putIfAbsent(id, new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", id)
                .put("name", "Person " + id).put("role", role).put("phone", "+86-138-0000-" + (1000 + people.size())));
    }

    private JsonObject newStation(String id) {
        person(id + "-crew", "crew");
        return new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", id).put("name", "Station " + id)
                .put("location", new JsonObject().put("lat", 0.0).put("lon", 0.0))
                .put("crew", new JsonArray().add(id + "-crew"));
    }

    /** Fluent details of a site. */
    public final class SiteSpec {
        private final JsonObject site;

        private SiteSpec(JsonObject site) {
            this.site = site;
        }

        public SiteSpec inCell(String cell) {
            site.put("cell", cell);
            cells.computeIfAbsent(cell, id -> new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", id)
                    .put("gridWorkers", new JsonArray()));
            return this;
        }

        public SiteSpec coveredBy(String station) {
            station(station);
            cells.get(site.getString("cell")).put("station", station);
            return this;
        }

        public SiteSpec withGridWorker(String id) {
            person(id, "grid-worker");
            cells.get(site.getString("cell")).getJsonArray("gridWorkers").add(id);
            return this;
        }

        /** The duty roster of the site's cell, put on the gateway after the places. */
        public RosterSpec cellRoster() {
            return new RosterSpec(rosters.computeIfAbsent("cells/" + site.getString("cell"), k -> newRoster()));
        }

        public SiteSpec withCaptain(String id) {
            person(id, "building-captain");
            site.getJsonArray("captains").add(id);
            return this;
        }
    }

    /** Fluent details of a station. */
    public final class StationSpec {
        private final JsonObject station;

        private StationSpec(JsonObject station) {
            this.station = station;
        }

        /** Another member of the crew (the station's first is {@code <station>-crew}). */
        public StationSpec withCrew(String id) {
            person(id, "crew");
            station.getJsonArray("crew").add(id);
            return this;
        }

        /** The station's duty roster, put on the gateway after the places. */
        public RosterSpec roster() {
            return new RosterSpec(rosters.computeIfAbsent("stations/" + station.getString("id"), k -> newRoster()));
        }

        public StationSpec at(double lat, double lon) {
            station.put("location", new JsonObject().put("lat", lat).put("lon", lon));
            return this;
        }

        public StationSpec escalatesTo(String next) {
            station.put("next", next);
            return this;
        }
    }

    private static JsonObject newRoster() {
        return new JsonObject().put("shifts", new JsonArray());
    }

    /**
     * Fluent shifts of a roster, as {@code PUT .../roster} takes them:
     * {@code roster().shift("mon-sun", "14:00", "02:00", "li").shift("mon-sun", "02:00", "14:00", "zhao")}.
     */
    public static final class RosterSpec {
        private final JsonObject roster;

        private RosterSpec(JsonObject roster) {
            this.roster = roster;
        }

        /** The station's head, told when the backups do not answer. */
        public RosterSpec head(String person) {
            roster.put("head", person);
            return this;
        }

        /** A shift on {@code days} ({@code mon-sun}, {@code mon,tue}) from {@code from} to {@code to}, local time. */
        public RosterSpec shift(String days, String from, String to, String... people) {
            roster.getJsonArray("shifts").add(new JsonObject().put("days", new JsonArray(List.of(days.split(","))))
                    .put("from", from).put("to", to).put("people", new JsonArray(List.of(people))));
            return this;
        }
    }
}
