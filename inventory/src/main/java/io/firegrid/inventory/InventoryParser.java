package io.firegrid.inventory;

import io.firegrid.protocol.Kind;
import io.firegrid.protocol.place.Floor;
import io.firegrid.protocol.place.PhoneNumbers;
import io.firegrid.protocol.place.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The one reader of the site inventory file (docs/inventory.md), shared by the installer's CLI and
 * the gateway. It reads the YAML as a node tree, so every problem has the line and column of the
 * value at fault, and it reports every problem it finds in one pass rather than stopping at the
 * first. Only the node tree is built: no YAML tag can instantiate a Java class. Stateless and
 * thread-safe.
 */
public final class InventoryParser {

    /** Largest file accepted, far above any community's inventory; guards against a wrong file. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    static final List<String> TOP = List.of("tenant", "people", "stations", "cells", "sites", "devices");
    static final List<String> PERSON = List.of("id", "name", "role", "phone", "phones", "preferences");
    static final List<String> STATION = List.of("id", "name", "location", "crew", "next", "roster");
    static final List<String> LOCATION = List.of("lat", "lon");
    static final List<String> CELL = List.of("id", "station", "gridWorkers", "roster");
    static final List<String> SITE = List.of("id", "name", "cell", "building", "buildings", "floors", "basementFloors",
            "address", "location", "captains", "network", "secondary", "plans");
    static final List<String> DEVICE = List.of("id", "site", "location", "maxSilenceSeconds", "network", "sensors",
            "gb26875Address", "gb26875Allow", "transport", "secondary");
    static final List<String> SENSOR = List.of("id", "kind", "zone", "location", "gpio", "contact", "i2cAddress", "channel",
            "rangeMpa", "limits", "eol", "position");
    /** The keys of a device's or a sensor's {@code location} mapping. */
    static final List<String> PLACE = List.of("building", "unit", "floor", "label");
    static final List<String> LIMITS = List.of("pressureLowMpa", "pressureHighMpa", "doorHeldOpenSeconds");

    /** The kinds a sensor may be: every kind of the wire contract but {@code device}, the device's own state. */
    static final List<Kind> SENSOR_KINDS = java.util.Arrays.stream(Kind.values()).filter(k -> k != Kind.DEVICE).toList();

    /**
     * The outcome of reading a file: every problem, sorted by position; the inventory only when
     * there are none.
     */
    /**
     * @param inventory the inventory, null unless it is valid
     * @param problems  every problem found, in file order
     * @param stopped   whether reading stopped at the first problem (a file that is not YAML, or not an
     *                  inventory): problems further down cannot be seen until it is fixed
     * @param warnings  values the gateway takes but a fire code advises against, in file order; they
     *                  do not make the inventory invalid
     */
    public record Result(Inventory inventory, List<Problem> problems, boolean stopped, List<Problem> warnings) {

        public Result {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        /** A file read to its end, without warnings. */
        public Result(Inventory inventory, List<Problem> problems) {
            this(inventory, problems, false, List.of());
        }

        /** A file whose reading {@code stopped} or not, without warnings. */
        public Result(Inventory inventory, List<Problem> problems, boolean stopped) {
            this(inventory, problems, stopped, List.of());
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private InventoryParser() {
    }

    public static Result read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Result parse(String text) {
        List<Problem> problems = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            problems.add(Position.START.problem("the file is " + text.length() + " characters long, more than an "
                    + "inventory can be (" + MAX_CHARS + ")", "check that this is the site inventory file"));
            return new Result(null, problems, true);
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Position at = m == null ? Position.START : new Position(m.getLine() + 1, m.getColumn() + 1);
            problems.add(at.problem("not valid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""),
                    "check the indentation (spaces, not tabs) and that every 'key: value' has a space after the colon"));
            return new Result(null, problems, true);
        } catch (YAMLException e) {
            problems.add(Position.START.problem("not valid YAML: " + e.getMessage(),
                    "check that the file is the site inventory, saved as UTF-8 text"));
            return new Result(null, problems, true);
        }
        if (!(root instanceof MappingNode top)) {
            Position at = root == null ? Position.START : Fields.at(root);
            problems.add(at.problem(root == null ? "the file is empty" : "the inventory must be a mapping of keys",
                    "start from './firegrid config init', which writes an example to edit"));
            return new Result(null, problems, true);
        }
        List<Problem> warnings = new ArrayList<>();
        Inventory inventory = new InventoryParser.Reading(problems, warnings).read(top);
        Collections.sort(problems);
        Collections.sort(warnings);
        return new Result(problems.isEmpty() ? inventory : null, problems, false, warnings);
    }

    /** One pass over one file. */
    private static final class Reading {

        private final List<Problem> problems;
        private final List<Problem> warnings;
        /** The ids under {@code people:}, for the checks of the rosters that name them. */
        private final java.util.Set<String> personIds = new java.util.LinkedHashSet<>();
        /** The rosters of stations and cells, in file order. */
        private final List<Roster> rosters = new ArrayList<>();
        /** The sites read so far, by id (the first of a duplicate), for the checks of devices' locations. */
        private final java.util.Map<String, Site> sitesById = new java.util.HashMap<>();

        Reading(List<Problem> problems, List<Problem> warnings) {
            this.problems = problems;
            this.warnings = warnings;
        }

        Inventory read(MappingNode node) {
            Fields top = new Fields(node, "the inventory", TOP, problems);
            String tenant = top.requiredId("tenant", "t1");
            List<Parsed<Person>> people = new ArrayList<>();
            for (MappingNode m : top.list("people", "id: li-wei")) {
                people.add(person(m));
            }
            people.forEach(p -> {
                if (p.value().id() != null) {
                    personIds.add(p.value().id());
                }
            });
            List<Parsed<Station>> stations = new ArrayList<>();
            for (MappingNode m : top.list("stations", "id: station-1")) {
                stations.add(station(m));
            }
            List<Parsed<Cell>> cells = new ArrayList<>();
            for (MappingNode m : top.list("cells", "id: cell-1")) {
                cells.add(cell(m));
            }
            List<Parsed<Site>> sites = new ArrayList<>();
            for (MappingNode m : top.list("sites", "id: bldg-7")) {
                sites.add(site(m));
            }
            sites.forEach(p -> {
                if (p.value().id() != null) {
                    sitesById.putIfAbsent(p.value().id(), p.value());
                }
            });
            List<Parsed<Device>> devices = new ArrayList<>();
            for (MappingNode m : top.list("devices", "id: pi-0001")) {
                devices.add(device(m));
            }
            new InventoryChecks(tenant, problems, warnings).check(people, stations, cells, sites, devices);
            return new Inventory(tenant, values(people), values(stations), values(cells), values(sites),
                    values(devices), rosters);
        }

        private Parsed<Person> person(MappingNode m) {
            Fields f = new Fields(m, "person" + idOf(m), PERSON, problems);
            String id = f.requiredId("id", "li-wei");
            String name = f.text("name", true, "Li Wei");
            String roleText = f.text("role", true, "crew");
            Role role = null;
            if (roleText != null) {
                role = Role.find(roleText).orElse(null);
                if (role == null) {
                    List<String> names = Role.wireNames();
                    String hint = Fields.unknownKeyHint(roleText, names);
                    f.problem(f.pos("role"), "role '" + roleText + "' of " + f.what() + " is not one of "
                            + String.join(", ", names), hint.startsWith("did") ? hint : "use one of " + String.join(", ", names));
                }
            }
            return new Parsed<>(new Person(id, name, role, f.text("phone", false, null), phones(f),
                    PreferencesReading.read(f)), f);
        }

        /** A person's {@code phones}: null when absent; each E.164, none twice, else shown as it should be written. */
        private List<String> phones(Fields f) {
            if (!f.has("phones")) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Fields.Item i : f.items("phones", "[\"+8613800000001\"]")) {
                String v = i.value().strip();
                if (!PhoneNumbers.isE164(v)) {
                    String e164 = PhoneNumbers.e164(v).orElse(null);
                    f.problem(i.at(), "phone number '" + v + "' of " + f.what() + " is not in E.164 form",
                            e164 != null ? "write it as \"" + e164 + "\": a plus, the country code and the number, digits only"
                                    : "write a plus, the country code and the number, digits only, e.g. \"+8613800000001\"");
                } else if (out.contains(v)) {
                    f.problem(i.at(), "phone number " + v + " appears twice in 'phones' of " + f.what(), "keep one");
                } else {
                    out.add(v);
                }
            }
            return out;
        }

        private Parsed<Station> station(MappingNode m) {
            Fields f = new Fields(m, "station" + idOf(m), STATION, problems);
            String id = f.requiredId("id", "station-1");
            String name = f.text("name", true, "Jinqiao micro fire station");
            Fields at = f.map("location", true, "the location of " + f.what(), LOCATION, "{lat: 31.2304, lon: 121.4737}");
            Double lat = at.number("lat", true, "31.2304");
            Double lon = at.number("lon", true, "121.4737");
            coordinates(at, f.what(), lat, lon);
            Station s = new Station(id, name, lat == null ? 0 : lat, lon == null ? 0 : lon, f.ids("crew"),
                    f.optionalId("next"));
            roster(f, Roster.STATION, id);
            return new Parsed<>(s, f);
        }

        private Parsed<Cell> cell(MappingNode m) {
            Fields f = new Fields(m, "cell" + idOf(m), CELL, problems);
            String id = f.requiredId("id", "cell-1");
            String station = f.requiredId("station", "station-1   # the station responsible for this cell");
            Cell c = new Cell(id, station, f.ids("gridWorkers"));
            roster(f, Roster.CELL, id);
            return new Parsed<>(c, f);
        }

        private void roster(Fields f, String kind, String id) {
            Roster r = new RosterReading(personIds).read(f, kind, id);
            if (r != null && id != null) {
                rosters.add(r);
            }
        }

        private Parsed<Site> site(MappingNode m) {
            Fields f = new Fields(m, "site" + idOf(m), SITE, problems);
            String id = f.requiredId("id", "bldg-7");
            String name = f.text("name", true, "Building 7, Jinqiao Garden");
            String cell = f.requiredId("cell", "cell-1   # the grid cell the site is in");
            String building = f.text("building", true, "\"7\"");
            Integer floors = f.whole("floors", false, "18");
            if (floors != null && (floors < 1 || floors > 300)) {
                f.problem(f.pos("floors"), "floors of " + f.what() + " is " + floors + ", not a number from 1 to 300",
                        "count the storeys above ground, or leave 'floors' out");
            }
            Integer basements = f.whole("basementFloors", false, "2");
            if (basements != null && (basements < 0 || basements > Site.MAX_BASEMENT_FLOORS)) {
                f.problem(f.pos("basementFloors"), "basementFloors of " + f.what() + " is " + basements + ", not a number from 0 to "
                        + Site.MAX_BASEMENT_FLOORS, "count the storeys below ground (B1, B2, ...), or leave 'basementFloors' out");
            }
            List<String> buildings = new ArrayList<>();
            for (Fields.Item b : f.items("buildings", "[\"7\", \"8\"]")) {
                if (b.value().isBlank() || b.value().length() > Location.MAX_BUILDING) {
                    f.problem(b.at(), "building '" + b.value() + "' in 'buildings' of " + f.what() + " is not 1 to "
                            + Location.MAX_BUILDING + " characters", "name it as people do: 7, A座, car park");
                } else {
                    buildings.add(b.value());
                }
            }
            String address = f.text("address", false, "88 Jinqiao Road, Pudong, Shanghai");
            if (address != null && address.length() > 200) {
                f.problem(f.pos("address"), "address of " + f.what() + " is longer than 200 characters",
                        "the street address as a caller would say it to 119");
            }
            Double lat = null;
            Double lon = null;
            if (f.has("location")) {
                Fields at = f.map("location", false, "the location of " + f.what(), LOCATION, "{lat: 31.2304, lon: 121.4737}");
                lat = at.number("lat", true, "31.2304");
                lon = at.number("lon", true, "121.4737");
                coordinates(at, f.what(), lat, lon);
            }
            Parsed<NetworkSettings> network = NetworkReading.read(f, true);
            List<PlanFile> plans = PlanReading.plans(f, building, buildings, floors, basements);
            return new Parsed<>(new Site(id, name, cell, building, floors, f.ids("captains"),
                    network == null ? null : network.value(), basements, buildings, address, lat, lon,
                    PathReading.secondary(f), plans), f, List.of(), null,
                    network == null ? null : network.at());
        }

        private void coordinates(Fields at, String what, Double lat, Double lon) {
            if (lat != null && (lat < -90 || lat > 90)) {
                at.problem(at.pos("lat"), "latitude " + lat + " of " + what + " is not between -90 and 90",
                        "latitude comes first: {lat: 31.2304, lon: 121.4737}");
            }
            if (lon != null && (lon < -180 || lon > 180)) {
                at.problem(at.pos("lon"), "longitude " + lon + " of " + what + " is not between -180 and 180",
                        "use decimal degrees, east positive: lon: 121.4737");
            }
        }

        /**
         * A {@code location: {building, unit, floor, label}} of a device or sensor ({@code f}), null
         * when absent; each part checked where it is written, the building and the floor against the
         * device's {@code site} when the inventory has it.
         */
        private Location place(Fields f, String site) {
            if (!f.isMapping("location")) {
                return null;
            }
            Fields l = f.map("location", false, "the location of " + f.what(), PLACE,
                    "{building: \"7\", unit: 2, floor: 3, label: east corridor}");
            String building = l.text("building", false, "\"7\"");
            Integer unit = l.whole("unit", false, "2");
            if (unit != null && (unit < 1 || unit > Location.MAX_UNIT)) {
                l.problem(l.pos("unit"), "unit " + unit + " of " + f.what() + " is not a number from 1 to " + Location.MAX_UNIT,
                        "the 单元 number, or leave 'unit' out");
                unit = null;
            }
            Integer floor = null;
            String floorText = l.text("floor", false, "3");
            if (floorText != null) {
                floor = Floor.parse(floorText).orElse(null);
                if (floor == null) {
                    l.problem(l.pos("floor"), "floor '" + floorText + "' of " + f.what() + " is not a floor",
                            "write " + Floor.expected());
                }
            }
            String label = l.text("label", false, "east corridor");
            if (label != null && (label.length() > Location.MAX_LABEL || label.contains("\n"))) {
                l.problem(l.pos("label"), "label of " + f.what() + " is longer than " + Location.MAX_LABEL
                        + " characters or has a line break", "say the room or corridor in a few words: 3楼东侧走廊, room 302 kitchen");
                label = null;
            }
            Site at = site == null ? null : sitesById.get(site);
            if (at != null && building != null && !at.allBuildings().contains(building)) {
                l.problem(l.pos("building"), "building '" + building + "' of " + f.what() + " is not a building of site '"
                        + site + "' (" + String.join(", ", at.allBuildings()) + ")",
                        "add it to the site's 'buildings', or correct it");
            }
            if (at != null && floor != null && at.floors() != null) {
                int basements = at.basementFloors() == null ? 0 : at.basementFloors();
                if (floor > at.floors() || floor < -basements) {
                    l.problem(l.pos("floor"), "floor " + Floor.text(floor) + " of " + f.what() + " is outside site '" + site
                            + "', which has floors 1 to " + at.floors()
                            + (basements == 0 ? " and no basement" : " and basements B1 to B" + basements),
                            "correct the floor, or the site's 'floors' and 'basementFloors'");
                }
            }
            return new Location(building, unit, floor, label);
        }

        private Parsed<Device> device(MappingNode m) {
            Fields f = new Fields(m, "device" + idOf(m), DEVICE, problems);
            String id = f.requiredId("id", "pi-0001");
            String site = f.requiredId("site", "bldg-7   # the site the device is mounted at");
            Location place = place(f, site);
            String location = place != null ? place.label() : f.text("location", false, null);
            Integer silence = f.whole("maxSilenceSeconds", false, "7500");
            if (silence != null && (silence < Device.MIN_MAX_SILENCE_SECONDS || silence > Device.MAX_MAX_SILENCE_SECONDS)) {
                f.problem(f.pos("maxSilenceSeconds"), "maxSilenceSeconds " + silence + " of " + f.what()
                                + " is not between " + Device.MIN_MAX_SILENCE_SECONDS + " and " + Device.MAX_MAX_SILENCE_SECONDS,
                        "the device's report interval plus room for a lost report or two (7500 for one that reports "
                                + "hourly), or leave it out for the gateway's default");
            }
            Parsed<NetworkSettings> network = NetworkReading.read(f, false);
            List<Parsed<Sensor>> sensors = new ArrayList<>();
            for (MappingNode s : f.list("sensors", "id: smoke-1")) {
                sensors.add(sensor(s, f.what(), site));
            }
            PlanReading.checkPositions(f, place, site == null ? null : sitesById.get(site), sensors, warnings);
            String address = null;
            if (f.has("gb26875Address")) {
                address = UitdReading.address(f);
            } else if (f.has("gb26875Allow")) {
                f.problem(f.pos("gb26875Allow"), "'gb26875Allow' of " + f.what() + " needs 'gb26875Address'",
                        "give the UITD's address too, or remove 'gb26875Allow' from a Raspberry Pi");
            }
            String allow = f.has("gb26875Address") ? UitdReading.allow(f) : null;
            if (sensors.isEmpty() && !f.has("sensors") && !f.has("gb26875Address")) {
                f.problem(f.pos(), f.what() + " has no sensors",
                        "list its detectors, door contacts and pressure transmitters under 'sensors:'");
            }
            Transport transport = PathReading.transport(f);
            SecondaryGateway secondary = PathReading.secondary(f);
            paths(f, site, transport, secondary);
            Device d = new Device(id, site, location, sensors.stream().map(Parsed::value).toList(),
                    network == null ? null : network.value(), silence, place, address, allow, transport, secondary);
            return new Parsed<>(d, f, sensors, null, network == null ? null : network.at());
        }

        private Parsed<Sensor> sensor(MappingNode m, String device, String site) {
            Fields f = new Fields(m, "sensor" + idOf(m) + " of " + device, SENSOR, problems);
            String id = f.requiredId("id", "smoke-1");
            String kindText = f.text("kind", true, "smoke");
            Kind kind = null;
            if (kindText != null) {
                List<String> names = SENSOR_KINDS.stream().map(Kind::wireName).toList();
                kind = SENSOR_KINDS.stream().filter(k -> k.wireName().equals(kindText)).findFirst().orElse(null);
                if (kind == null) {
                    String hint = Fields.unknownKeyHint(kindText, names);
                    f.problem(f.pos("kind"), "kind '" + kindText + "' of " + f.what()
                            + " is not one of " + String.join(", ", names), hint.startsWith("did") ? hint
                            : "smoke for a detector, door for a fire or exit door contact, pressure for a hydrant "
                            + "transmitter, call-point for a manual call point, exit for an escape-route obstruction "
                            + "sensor or an exit door's lock monitor");
                }
            }
            String zone = f.text("zone", false, null);
            Location place = f.has("location") && !f.isMapping("location") ? null : place(f, site);
            if (f.has("location") && !f.isMapping("location")) {
                f.problem(f.pos("location"), "'location' of " + f.what() + " must be a mapping",
                        "write location: {floor: 3, label: east corridor}; parts left out are the device's");
            }
            Integer gpio = f.whole("gpio", false, "17");
            Contact contact = null;
            String contactText = f.text("contact", false, "NO");
            if (contactText != null) {
                try {
                    contact = Contact.valueOf(contactText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    f.problem(f.pos("contact"), "contact '" + contactText + "' of " + f.what() + " is not NO or NC",
                            "NO if the contact closes on alarm or when the door opens, NC if it opens");
                }
            }
            Integer address = f.whole("i2cAddress", false, "0x48");
            Integer channel = f.whole("channel", false, "0");
            Double range = f.number("rangeMpa", false, "1.6");
            Fields l = f.map("limits", false, "the limits of " + f.what(), LIMITS, "{pressureLowMpa: 0.35, pressureHighMpa: 0.50}");
            Double low = l.number("pressureLowMpa", false, "0.35");
            Double high = l.number("pressureHighMpa", false, "0.50");
            Integer door = l.whole("doorHeldOpenSeconds", false, "120");
            Limits limits = new Limits(low, high, door);
            Sensor s = new Sensor(id, kind, zone, gpio, contact, address, channel, range,
                    limits.isEmpty() ? Limits.NONE : limits, place, PathReading.eol(f, kind, contact), PlanReading.position(f));
            return new Parsed<>(s, f, List.of(), l);
        }

        /**
         * A UITD reports over neither; a CoAP agent has one path only: a secondary of its own is refused,
         * its site's is left out with a warning.
         */
        private void paths(Fields f, String site, Transport transport, SecondaryGateway secondary) {
            boolean uitd = f.has("gb26875Address");
            for (String key : List.of("transport", "secondary")) {
                if (uitd && f.has(key)) {
                    f.problem(f.pos(key), "'" + key + "' does not apply to a fire alarm panel's UITD, which speaks "
                            + "GB/T 26875.3 to its gateway", "remove it; docs/gb26875.md");
                }
            }
            if (uitd || transport != Transport.COAP) {
                return;
            }
            if (f.has("secondary")) {
                f.problem(f.pos("secondary"), f.what() + " reports over CoAP, and the edge agent's secondary path is MQTT only",
                        "remove 'secondary' from it, or let it report over MQTT (leave 'transport' out)");
            } else if (site != null && sitesById.get(site) != null && sitesById.get(site).secondary() != null) {
                warnings.add(f.pos("transport").problem(f.what() + " reports over CoAP: it has no secondary path, although "
                        + "site '" + site + "' has a secondary gateway (the edge agent's secondary path is MQTT only)",
                        "leave 'transport' out for MQTT if it must report over both"));
            }
        }

        /** " 'S1'" when the mapping has a plain id, so messages name the thing the installer wrote. */
        private static String idOf(MappingNode m) {
            for (var t : m.getValue()) {
                if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v && !v.getValue().isEmpty()) {
                    return " '" + v.getValue() + "'";
                }
            }
            return " on line " + Fields.at(m).line();
        }

        private static <T> List<T> values(List<Parsed<T>> parsed) {
            return parsed.stream().map(Parsed::value).toList();
        }
    }
}
