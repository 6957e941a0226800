package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmScenario;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.place.Cell;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Preferences;
import io.firegrid.gateway.place.Roster;
import io.firegrid.gateway.place.RosterJson;
import io.firegrid.gateway.place.RosterOptions;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.gateway.support.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.firegrid.protocol.place.Role;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.place.Station;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.State;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A small language for routing and escalation, without a gateway: the alarm rules run in memory
 * ({@link AlarmScenario}), every alarm change goes to the {@link Escalator} and {@link Router}
 * that {@link DispatchService} uses, and the notifications are read back from the store. No
 * Vert.x, no HTTP, no MQTT, no channel: it proves who is told and when, not how a webhook is sent
 * ({@code WebhookDeliveryTest} does that).
 * <pre>
 * given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
 * when().detector("smoke-1").alarms();
 * then().notified("station-S crew", "w1", "c1");
 * when().secondsPass(60);
 * then().escalatedTo("station-N crew", "duty");
 * </pre>
 * Places and notifications live in an SQLite file of the test's temporary directory (the places
 * and the escalation timers are rows of the store); its thread is the only one besides the
 * test's. A station is named {@code "<id> crew"} as a recipient, a person by id. Each site gets a
 * device {@code pi-<site>} with detectors smoke-1 and smoke-2 in zone A.
 */
public final class InMemoryDispatch implements AutoCloseable {

    static final String TENANT = AlarmScenario.TENANT;

    private final Path file;
    private final Escalation escalation;
    private Database db;
    private Places places;
    private Rosters rosters;
    private Escalator escalator;
    private Digests digests;
    private final AlarmScenario alarms;
    private final Map<String, RosterSpec> rosterSpecs = new LinkedHashMap<>();
    private final Given given = new Given();
    private final When when = new When();
    private final Then then = new Then();
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final Map<String, StationSpec> stations = new LinkedHashMap<>();
    private final Map<String, CellSpec> cells = new LinkedHashMap<>();
    private final Map<String, SiteSpec> sites = new LinkedHashMap<>();
    private boolean applied;
    private String lastDevice;
    private Alarm alarm;

    private InMemoryDispatch(Path dir, Escalation escalation, Instant start) {
        this.file = dir.resolve("dispatch.db");
        this.escalation = escalation;
        this.alarms = new AlarmScenario(new MutableClock(start));
        openStore();
        alarms.given().drills((tenant, site) -> places.inDrill(tenant, site));
        alarms.onChange(this::changed);
    }

    /**
     * Opens the store and builds what {@link DispatchService} builds, with two channels per person,
     * {@code sms} and {@code voice}, whose targets are the ids of the people they may reach (so a
     * test reads who would get a message) and which always deliver.
     */
    private void openStore() {
        List<String> schema = new ArrayList<>(Places.schema());
        schema.addAll(DispatchService.schema());
        schema.addAll(Rosters.SCHEMA);
        this.db = Database.open(file, schema);
        this.places = await(Places.load(db, alarms.clock(), Places.Dependents.NONE));
        this.rosters = await(Rosters.load(db, RosterOptions.DEFAULTS));
        List<Channel> channels = List.of(new PersonChannel("sms"), new PersonChannel("voice"));
        this.escalator = new Escalator(new Router(places, rosters), new NotificationLog(channels,
                new ChannelChoice(places, rosters.zone())), escalation, rosters.zone());
        this.digests = new Digests(places, channels, rosters.zone());
    }

    /** A channel to people whose targets are their ids. */
    private record PersonChannel(String name) implements Channel {
        @Override
        public List<String> targets(String tenant, Recipient recipient, JsonObject alarm) {
            return recipient.people().stream().map(Person::id).toList();
        }

        @Override
        public Future<Outcome> send(String target, long deliveryId, String body) {
            return Future.succeededFuture(new Outcome(true, "sent"));
        }
    }

    /** Escalating after 60 s and reminding every 60 s, the defaults. */
    public static InMemoryDispatch open(Path dir) {
        return new InMemoryDispatch(dir, Escalation.defaults(), MutableClock.atNoon().instant());
    }

    /** With the defaults, the clock starting at {@code start}. */
    public static InMemoryDispatch openAt(Path dir, Instant start) {
        return new InMemoryDispatch(dir, Escalation.defaults(), start);
    }

    public static InMemoryDispatch open(Path dir, int escalationSeconds, int reminderSeconds) {
        return new InMemoryDispatch(dir, new Escalation(Duration.ofSeconds(escalationSeconds),
                Duration.ofSeconds(reminderSeconds)), MutableClock.atNoon().instant());
    }

    public Given given() {
        return given;
    }

    public When when() {
        if (!applied) {
            apply();
            applied = true;
        }
        return when;
    }

    public Then then() {
        return then;
    }

    @Override
    public void close() {
        db.close();
    }

    /** What {@link DispatchService} does with an alarm change it hears, in one transaction each. */
    private void changed(Alarm a) {
        Instant now = alarms.clock().instant();
        if (a.state() == AlarmState.RAISED) {
            await(db.write(c -> escalator.raised(c, a, AlarmJson.toJson(a), now, now.plusSeconds(30))));
        } else {
            await(db.write(c -> {
                escalator.closed(c, a);
                return null;
            }));
        }
    }

    /** What {@link DispatchService#tick()} does with the timers, without sending. */
    private void tick() {
        Instant now = alarms.clock().instant();
        await(db.write(c -> {
            for (Watch w : escalator.due(c, now)) {
                escalator.step(c, w, now, now.plusSeconds(30));
            }
            digests.due(c, now, now.plusSeconds(30));
            return null;
        }));
    }

    /** Creates the places in the order their references need: people, stations, cells, sites. */
    private void apply() {
        people.values().forEach(p -> await(places.addPerson(p)));
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < stations.size()) {
            StationSpec next = stations.values().stream().filter(s -> !done.contains(s.id))
                    .filter(s -> s.next == null || done.contains(s.next)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("stations name each other as next: " + stations.keySet()));
            List<String> crew = new ArrayList<>(List.of(next.id + "-crew"));
            crew.addAll(next.crew);
            await(places.addStation(new Station(TENANT, next.id, "Station " + next.id, next.lat, next.lon,
                    crew, next.next)));
            done.add(next.id);
        }
        cells.values().forEach(c -> await(places.addCell(new Cell(TENANT, c.id, c.station, c.gridWorkers))));
        rosterSpecs.values().forEach(r -> await(rosters.put(r.build())));
        sites.values().forEach(s -> await(places.addSite(new Site(TENANT, s.id, "Site " + s.id, s.cell, "B1", null,
                s.captains))));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store work failed", e);
        }
    }

    private void person(String id, Role role) {
        people.putIfAbsent(id, new Person(TENANT, id, "Person " + id, role, "+86-138-0000-" + (1000 + people.size())));
    }

    private StationSpec station(String id) {
        return stations.computeIfAbsent(id, s -> {
            person(s + "-crew", Role.CREW);
            return new StationSpec(s);
        });
    }

    /** The GIVEN part: sites, cells, stations and people. */
    public final class Given {

        /** A site with a device {@code pi-<site>} carrying detectors smoke-1 and smoke-2 in zone A. */
        public SiteSpec site(String id) {
            SiteSpec s = sites.computeIfAbsent(id, SiteSpec::new);
            device("pi-" + id, id);
            return s;
        }

        /** A station at (0, 0) until {@link StationSpec#at} says otherwise. */
        public StationSpec station(String id) {
            return InMemoryDispatch.this.station(id);
        }

        public Given dutyOfficer(String id) {
            InMemoryDispatch.this.person(id, Role.DUTY_OFFICER);
            return this;
        }

        /** A person of {@code role}; with their preferences changed by {@code json} (see {@link Preferences}). */
        public Given person(String id, Role role, String preferences) {
            InMemoryDispatch.this.person(id, role);
            InMemoryDispatch.this.people.computeIfPresent(id, (k, p) -> new Person(p.tenant(), p.id(), p.name(), p.role(), p.phone(),
                    List.of("+861380000" + String.format("%04d", people.size())),
                    Preferences.DEFAULTS.merge(new JsonObject(preferences))));
            return this;
        }

        /** The roster of station {@code id}; its people must be given (as crew, say) before {@link When}. */
        public RosterSpec stationRoster(String id) {
            return rosterSpecs.computeIfAbsent("station/" + id, k -> new RosterSpec(Roster.STATION, id));
        }

        /** The roster of grid cell {@code id}. */
        public RosterSpec cellRoster(String id) {
            return rosterSpecs.computeIfAbsent("cell/" + id, k -> new RosterSpec(Roster.CELL, id));
        }

        /** A device with a fire door contact {@code door-1} at {@code site}. */
        public Given doorDevice(String device, String site) {
            alarms.given().device(device).at(site).door("door-1");
            return this;
        }

        /** A device with a battery at {@code site} (no site: {@code null}). */
        public Given batteryDevice(String device, String site) {
            device(device, site);
            return this;
        }

        public Given deviceWithoutSite(String device) {
            device(device, null);
            return this;
        }

        private void device(String device, String site) {
            alarms.given().device(device).at(site).smokeDetector("smoke-1", "A").smokeDetector("smoke-2", "A");
            lastDevice = device;
        }
    }

    /** Fluent details of a site. */
    public final class SiteSpec {
        private final String id;
        private String cell;
        private final List<String> captains = new ArrayList<>();

        private SiteSpec(String id) {
            this.id = id;
        }

        public SiteSpec inCell(String cellId) {
            cell = cellId;
            cells.computeIfAbsent(cellId, CellSpec::new);
            return this;
        }

        public SiteSpec coveredBy(String stationId) {
            station(stationId);
            cells.get(cell).station = stationId;
            return this;
        }

        public SiteSpec withGridWorker(String person) {
            person(person, Role.GRID_WORKER);
            cells.get(cell).gridWorkers.add(person);
            return this;
        }

        public SiteSpec withCaptain(String person) {
            person(person, Role.BUILDING_CAPTAIN);
            captains.add(person);
            return this;
        }
    }

    private static final class CellSpec {
        private final String id;
        private String station;
        private final List<String> gridWorkers = new ArrayList<>();

        private CellSpec(String id) {
            this.id = id;
        }
    }

    /** Fluent details of a station. */
    public final class StationSpec {
        private final String id;
        private double lat;
        private double lon;
        private String next;
        private final List<String> crew = new ArrayList<>();

        private StationSpec(String id) {
            this.id = id;
        }

        public StationSpec at(double latitude, double longitude) {
            lat = latitude;
            lon = longitude;
            return this;
        }

        public StationSpec escalatesTo(String station) {
            next = station;
            return this;
        }

        /** More crew besides {@code <id>-crew}. */
        public StationSpec withCrew(String... people) {
            for (String p : people) {
                person(p, Role.CREW);
                crew.add(p);
            }
            return this;
        }
    }

    /** Fluent roster: {@code head("chief").shift("mon-sun", "08:00", "20:00", List.of("li"), List.of("zhao"))}. */
    public final class RosterSpec {
        private final String kind;
        private final String id;
        private String head;
        private final JsonArray shifts = new JsonArray();
        private final JsonArray swaps = new JsonArray();
        private final JsonArray leave = new JsonArray();

        private RosterSpec(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        public RosterSpec head(String person) {
            InMemoryDispatch.this.person(person, Role.CREW);
            head = person;
            return this;
        }

        public RosterSpec shift(String days, String from, String to, List<String> onDuty, List<String> backup) {
            shifts.add(new JsonObject().put("days", new JsonArray().add(days)).put("from", from).put("to", to)
                    .put("people", new JsonArray(onDuty)).put("backup", new JsonArray(backup)));
            return this;
        }

        public RosterSpec swap(String date, String out, String in) {
            swaps.add(new JsonObject().put("date", date).put("out", out).put("in", in));
            return this;
        }

        public RosterSpec leave(String person, String from, String to) {
            leave.add(new JsonObject().put("person", person).put("from", from).put("to", to));
            return this;
        }

        Roster build() {
            return RosterJson.parse(TENANT, kind, id, new JsonObject().put("head", head).put("shifts", shifts)
                    .put("swaps", swaps).put("leave", leave));
        }
    }

    /** The WHEN part. */
    public final class When {

        /** A detector of the device of the last site given. */
        public Detector detector(String sensor) {
            return new Detector(lastDevice, sensor);
        }

        public Detector detector(String device, String sensor) {
            return new Detector(device, sensor);
        }

        /** Moves the clock one second at a time, running the rules' and the escalation's time-based work after each. */
        public When secondsPass(int seconds) {
            for (int i = 0; i < seconds; i++) {
                alarms.when().secondsPass(1);
                tick();
            }
            return this;
        }

        /** The gateway sleeps through {@code d}, then does its time-based work once. */
        public When timeJumps(Duration d) {
            alarms.when().timeJumps(d);
            tick();
            return this;
        }

        /** The gateway stops and starts again on the same store: places, rosters and timers are read back. */
        public When gatewayRestarts() {
            db.close();
            openStore();
            return this;
        }

        /** The fire door of {@code device} is opened and left open until it raises its supervisory alarm. */
        public When doorIsHeldOpen(String device) {
            alarms.when().sensor(device, "door-1").reports(State.OPEN);
            secondsPass(120);
            alarm = alarms.then().raised(device, "door-1", "door-held-open").alarm();
            return this;
        }

        /** A device reports low battery: a trouble alarm, which the next steps speak of. */
        public When batteryRunsLow(String device) {
            alarms.when().device(device).reports(State.LOW_BATTERY);
            alarm = alarms.then().raised(device, "device", "low-battery").alarm();
            return this;
        }

        public When someoneAcknowledges() {
            alarms.when().alarmIsMoved(alarm(), AlarmState.ACKNOWLEDGED, "crew", null);
            return this;
        }

        public When siteIsPutInDrill(String site) {
            await(places.drillSite(TENANT, site, true, "Chief Li", Duration.ofHours(2)));
            return this;
        }

        public When stationIsPutInDrill(String station) {
            await(places.drillStation(TENANT, station, true, "Chief Li", Duration.ofHours(2)));
            return this;
        }
    }

    /** A detector, whose alarm the next steps speak of. */
    public final class Detector {
        private final String device;
        private final String sensor;

        private Detector(String device, String sensor) {
            this.device = device;
            this.sensor = sensor;
        }

        public When alarms() {
            alarms.when().sensor(device, sensor).reports(State.ALARM);
            alarm = alarms.then().raised(device, sensor, "smoke").alarm();
            return when;
        }
    }

    private Alarm alarm() {
        assertThat(alarm).as("no alarm raised yet").isNotNull();
        return alarm;
    }

    /** The THEN part, on the alarm the last {@code alarms()} step raised. */
    public final class Then {

        /** Exactly these were told that the alarm was raised. */
        public Then notified(String... recipients) {
            assertThat(recipients(Reason.RAISED)).containsExactlyInAnyOrder(recipients);
            return this;
        }

        /** Exactly these were told of the escalation, at raise time plus the escalation delay. */
        public Then escalatedTo(String... recipients) {
            assertThat(recipients(Reason.ESCALATED)).containsExactlyInAnyOrder(recipients);
            assertThat(notifications(Reason.ESCALATED)).allSatisfy(n -> assertThat(n.at())
                    .isEqualTo(alarm().raisedAt().plus(escalator.escalation().after())));
            return this;
        }

        public Then notEscalated() {
            assertThat(notifications(Reason.ESCALATED)).isEmpty();
            assertThat(notifications(Reason.REMINDER)).isEmpty();
            return this;
        }

        /** Everyone told of each reminder round, by round (seconds after the alarm was raised). */
        public Map<Long, List<String>> reminders() {
            Map<Long, List<String>> rounds = new LinkedHashMap<>();
            notifications(Reason.REMINDER).forEach(n -> rounds.computeIfAbsent(
                    Duration.between(alarm().raisedAt(), n.at()).toSeconds(), k -> new ArrayList<>()).add(name(n)));
            return rounds;
        }

        public Then alarmIsDrill() {
            assertThat(alarm().drill()).as("drill mark of alarm %d", alarm().id()).isTrue();
            return this;
        }

        public Then alarmIsReal() {
            assertThat(alarm().drill()).as("drill mark of alarm %d", alarm().id()).isFalse();
            return this;
        }

        /** Seconds after the alarm was raised of each escalation, with who was told then. */
        public Map<Long, List<String>> escalations() {
            Map<Long, List<String>> rounds = new LinkedHashMap<>();
            notifications(Reason.ESCALATED).forEach(n -> rounds.computeIfAbsent(
                    Duration.between(alarm().raisedAt(), n.at()).toSeconds(), k -> new ArrayList<>()).add(name(n)));
            return rounds;
        }

        /** Targets (person ids) of the alarm's deliveries through {@code channel} for {@code reason}. */
        public List<String> messaged(String channel, Reason reason) {
            return await(db.read(c -> DeliveryStore.forAlarm(c, alarm().id()))).stream()
                    .filter(d -> d.channel().equals(channel) && d.reason() == reason).map(Delivery::target).toList();
        }

        /** People of the station recipient {@code station} when it was told the alarm was raised. */
        public List<String> stationPeople(String station) {
            return notifications(Reason.RAISED).stream().filter(n -> n.recipient().id().equals(station))
                    .flatMap(n -> n.recipient().people().stream()).map(Person::id).toList();
        }

        /** The bodies of every digest recorded so far, as JSON. */
        public List<JsonObject> digests() {
            return await(db.read(c -> DeliveryStore.forAlarm(c, 0))).stream().filter(d -> d.reason() == Reason.DIGEST)
                    .map(d -> new JsonObject(d.body())).toList();
        }

        /** The alarm the last step raised. */
        public Alarm alarm() {
            return InMemoryDispatch.this.alarm();
        }

        /** Names of everyone told for {@code reason}, in the scenario's notation. */
        public List<String> recipients(Reason reason) {
            return notifications(reason).stream().map(InMemoryDispatch::name).toList();
        }

        public List<Notification> notifications(Reason reason) {
            return await(db.read(c -> DeliveryStore.notifications(c, alarm().id()))).stream()
                    .filter(n -> n.reason() == reason).toList();
        }
    }

    private static String name(Notification n) {
        Recipient r = n.recipient();
        return r.kind().equals(Recipient.STATION) ? r.id() + " crew" : r.id();
    }
}
