package io.firegrid.config.registration;

import io.firegrid.inventory.Cell;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Limits;
import io.firegrid.inventory.Location;
import io.firegrid.inventory.Person;
import io.firegrid.inventory.Roster;
import io.firegrid.inventory.Sensor;
import io.firegrid.inventory.Site;
import io.firegrid.inventory.Station;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one translation of inventory records into the gateway's HTTP API bodies ({@code POST} and
 * {@code PUT} of {@code /api/v1/people}, {@code stations}, {@code cells}, {@code sites}, and
 * {@code POST /api/v1/devices}; docs/inventory.md, "What register sends").
 *
 * <p>Every field of an inventory record is either sent under the name the gateway reads, with the
 * same value, or listed in {@link #INSTALLER_ONLY}: what the gateway has no field for and the
 * installer's own tools use. {@code PlaceContractTest} holds both halves: it takes the example
 * inventory through these bodies and a real gateway and compares every field, and fails on a
 * record field that is neither sent nor listed. Optional values left out of the inventory are left
 * out of the body (the gateway's default applies), except a site's {@code cell} and a device's
 * {@code site}, sent as {@code null}, which the gateway reads the same as absent.
 *
 * <p>Stateless; the maps returned are new and the caller's to change.
 */
public final class PlaceBodies {

    /**
     * Inventory record fields that are not sent to the gateway, by record type, each with where it
     * goes instead: a site's and a device's {@code network} into the device's first-boot bundle,
     * a device's {@code location} text onto its label and into its bundle's README (its {@code place},
     * written as a mapping, is sent as {@code location}), a sensor's wiring
     * ({@code gpio}, {@code contact}, {@code i2cAddress}, {@code channel}, {@code rangeMpa}, {@code eol}) and a
     * device's {@code transport} into the edge agent's settings, a site's or device's {@code secondary}
     * into the agent's settings and {@code register}'s second gateway. A site's {@code plans} and a sensor's
     * {@code position} are not in a place's body either: {@link PlanRegistration} sends them by calls of their own,
     * after the devices. Person, station and cell send everything.
     */
    public static final Map<Class<? extends Record>, Set<String>> INSTALLER_ONLY = Map.of(
            Site.class, Set.of("network", "secondary", "plans"),
            Device.class, Set.of("location", "network", "transport", "secondary"),
            Sensor.class, Set.of("gpio", "contact", "i2cAddress", "channel", "rangeMpa", "eol", "position"));

    /**
     * The body fields the inventory decides for each kind of place (all but {@code tenant} and
     * {@code id}): a gateway copy that differs from the inventory in one of them is replaced.
     */
    static final Map<String, List<String>> DECIDED = Map.of(
            "person", List.of("name", "role", "phone", "phones", "preferences"),
            "station", List.of("name", "location", "crew", "next"),
            "cell", List.of("station", "gridWorkers"),
            "site", List.of("name", "cell", "building", "floors", "captains", "basementFloors", "buildings", "address",
                    "location"));

    /**
     * The device body fields the inventory decides (all but {@code tenant}, {@code id} and the
     * credentials, which the gateway never shows): a registered device that differs in one of them
     * is reported, field by field, by {@code register}.
     */
    static final List<String> DEVICE_DECIDED = List.of("site", "maxSilenceSeconds", "location", "sensors");

    /** The sensor body fields the inventory decides, besides its {@code id}. */
    static final List<String> SENSOR_DECIDED = List.of("kind", "zone", "limits", "location");

    /** The body fields that are lists: an empty list and none are the same. */
    static final List<String> LISTS = List.of("crew", "gridWorkers", "captains", "buildings", "phones");

    /**
     * Fields an inventory may leave out for the gateway to keep what it holds (set on the console or
     * through the API), by record type: a person's {@code phones} and {@code preferences}. Written,
     * {@code phones} is the whole list and {@code preferences} the keys given, laid over the gateway's.
     */
    public static final Map<Class<? extends Record>, Set<String>> KEPT_WHEN_ABSENT = Map.of(
            Person.class, Set.of("phones", "preferences"));

    /** The fields of a roster the inventory decides, as the gateway answers them. */
    static final List<String> ROSTER_DECIDED = List.of("head", "shifts", "leave", "swaps");

    private PlaceBodies() {
    }

    /** {@code {"tenant","id","name","role","phone"?,"phones"?,"preferences"?}} */
    public static Map<String, Object> person(String tenant, Person p) {
        Map<String, Object> b = body(tenant, p.id());
        b.put("name", p.name());
        b.put("role", p.role().wireName());
        putIfSet(b, "phone", p.phone());
        putIfSet(b, "phones", p.phones());
        putIfSet(b, "preferences", p.preferences());
        return b;
    }

    /**
     * The body of {@code PUT /api/v1/{stations|cells}/{t}/{id}/roster}, in the form the gateway
     * answers with: {@code {"head","shifts":[{"days":["mon",...],"from":"08:00","to","people","backup"}],
     * "leave":[{"person","from","to"}],"swaps":[{"date","out","in"}]}}, days in week order.
     */
    public static Map<String, Object> roster(Roster r) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("head", r.head());
        List<Map<String, Object>> shifts = new ArrayList<>();
        for (Roster.Shift s : r.shifts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("days", s.dayNames());
            m.put("from", s.from().toString());
            m.put("to", s.to().toString());
            m.put("people", s.people());
            m.put("backup", s.backup());
            shifts.add(m);
        }
        b.put("shifts", shifts);
        b.put("leave", r.leave().stream().map(l -> (Object) Map.of("person", l.person(), "from", l.from().toString(),
                "to", l.to().toString())).toList());
        b.put("swaps", r.swaps().stream().map(w -> (Object) Map.of("date", w.date().toString(), "out", w.out(),
                "in", w.in())).toList());
        return b;
    }

    /** The path of the roster of a station or cell. */
    static String rosterPath(String tenant, Roster r) {
        return "/api/v1/" + r.kind() + "s/" + tenant + "/" + r.id() + "/roster";
    }

    /** {@code {"tenant","id","name","location":{"lat","lon"},"crew","next"?}} */
    public static Map<String, Object> station(String tenant, Station s) {
        Map<String, Object> b = body(tenant, s.id());
        b.put("name", s.name());
        b.put("location", Map.of("lat", s.lat(), "lon", s.lon()));
        b.put("crew", s.crew());
        putIfSet(b, "next", s.next());
        return b;
    }

    /** {@code {"tenant","id","station","gridWorkers"}} */
    public static Map<String, Object> cell(String tenant, Cell c) {
        Map<String, Object> b = body(tenant, c.id());
        b.put("station", c.station());
        b.put("gridWorkers", c.gridWorkers());
        return b;
    }

    /**
     * {@code {"tenant","id","name","cell","building","floors"?,"basementFloors"?,"buildings"?,"address"?,
     * "location"?:{"lat","lon"},"captains"}}
     */
    public static Map<String, Object> site(String tenant, Site s) {
        Map<String, Object> b = body(tenant, s.id());
        b.put("name", s.name());
        b.put("cell", s.cell());
        b.put("building", s.building());
        putIfSet(b, "floors", s.floors());
        putIfSet(b, "basementFloors", s.basementFloors());
        if (!s.buildings().isEmpty()) {
            b.put("buildings", s.buildings());
        }
        putIfSet(b, "address", s.address());
        if (s.lat() != null && s.lon() != null) {
            b.put("location", Map.of("lat", s.lat(), "lon", s.lon()));
        }
        b.put("captains", s.captains());
        return b;
    }

    /**
     * {@code {"tenant","id","password","passwordKind","psk","site","maxSilenceSeconds"?,"gb26875Address"?,
     * "gb26875Allow"?,"location"?,"sensors":[...]}} with the device's credentials, which the inventory never
     * holds (a UITD gets them too: the gateway asks every device for a password, and a UITD never uses it).
     */
    public static Map<String, Object> device(String tenant, Device d, String password, String psk) {
        Map<String, Object> b = body(tenant, d.id());
        b.put("password", password);
        b.put("passwordKind", Credentials.kindOf(password));
        b.put("psk", psk);
        b.put("site", d.site());
        putIfSet(b, "maxSilenceSeconds", d.maxSilenceSeconds());
        putIfSet(b, "gb26875Address", d.gb26875Address());
        putIfSet(b, "gb26875Allow", d.gb26875Allow());
        if (d.place() != null) {
            b.put("location", location(d.place()));
        }
        List<Map<String, Object>> sensors = new ArrayList<>();
        for (Sensor s : d.sensors()) {
            sensors.add(sensor(s));
        }
        b.put("sensors", sensors);
        return b;
    }

    /** {@code {"id","kind","zone"?,"limits"?,"location"?}} */
    static Map<String, Object> sensor(Sensor s) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", s.id());
        b.put("kind", s.kind().wireName());
        putIfSet(b, "zone", s.zone());
        if (s.limits() != null && !s.limits().isEmpty()) {
            b.put("limits", limits(s.limits()));
        }
        if (s.location() != null) {
            b.put("location", location(s.location()));
        }
        return b;
    }

    /** {@code {"building"?,"unit"?,"floor"?,"label"?}}, the floor as a number (B1 is -1). */
    static Map<String, Object> location(Location l) {
        Map<String, Object> b = new LinkedHashMap<>();
        putIfSet(b, "building", l.building());
        putIfSet(b, "unit", l.unit());
        putIfSet(b, "floor", l.floor());
        putIfSet(b, "label", l.label());
        return b;
    }

    /** {@code {"pressureLowMpa"?,"pressureHighMpa"?,"doorHeldOpenSeconds"?}} */
    static Map<String, Object> limits(Limits l) {
        Map<String, Object> b = new LinkedHashMap<>();
        putIfSet(b, "pressureLowMpa", l.pressureLowMpa());
        putIfSet(b, "pressureHighMpa", l.pressureHighMpa());
        putIfSet(b, "doorHeldOpenSeconds", l.doorHeldOpenSeconds());
        return b;
    }

    private static Map<String, Object> body(String tenant, String id) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("tenant", tenant);
        b.put("id", id);
        return b;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
