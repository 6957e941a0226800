package io.firegrid.config.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.inventory.Cell;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.InventoryExample;
import io.firegrid.inventory.InventoryParser;
import io.firegrid.inventory.Limits;
import io.firegrid.inventory.Location;
import io.firegrid.inventory.Person;
import io.firegrid.inventory.Sensor;
import io.firegrid.inventory.Site;
import io.firegrid.inventory.Station;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.place.Role;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the installer's inventory and the gateway: an inventory taken through
 * {@link PlaceBodies} (by {@link Registration}, as {@code config register} does) into a real gateway
 * arrives there with every field it sends at the same value, as the gateway reads it back, and
 * every field of an inventory record is either sent or named in {@link PlaceBodies#INSTALLER_ONLY}.
 *
 * <p>The map {@link #WHERE} is this test's own reading of the gateway's API: where each inventory
 * field is found in the gateway's answer ({@code GET /api/v1/...}). It is written here, not taken
 * from {@link PlaceBodies}, so a body that names a field differently from the gateway fails.
 */
class PlaceContractTest {

    /** Inventory record field -> where the gateway's answer holds it ({@code a.b} for a nested field). */
    private static final Map<Class<? extends Record>, Map<String, String>> WHERE = Map.of(
            Person.class, same("id", "name", "role", "phone", "phones", "preferences"),
            Station.class, Map.of("id", "id", "name", "name", "lat", "location.lat", "lon", "location.lon",
                    "crew", "crew", "next", "next"),
            Cell.class, same("id", "station", "gridWorkers"),
            Site.class, Map.ofEntries(Map.entry("id", "id"), Map.entry("name", "name"), Map.entry("cell", "cell"),
                    Map.entry("building", "building"), Map.entry("floors", "floors"), Map.entry("captains", "captains"),
                    Map.entry("basementFloors", "basementFloors"), Map.entry("buildings", "buildings"),
                    Map.entry("address", "address"), Map.entry("lat", "location.lat"), Map.entry("lon", "location.lon")),
            Device.class, Map.of("id", "id", "site", "site", "sensors", "sensors", "maxSilenceSeconds", "maxSilenceSeconds",
                    "place", "location", "gb26875Address", "gb26875.gb26875Address", "gb26875Allow", "gb26875.gb26875Allow"),
            Sensor.class, same("id", "kind", "zone", "limits", "location"),
            Location.class, same("building", "unit", "floor", "label"),
            Limits.class, same("pressureLowMpa", "pressureHighMpa", "doorHeldOpenSeconds"));

    /** What the example leaves out, so every optional field is sent at least once. */
    private static final String EVERY_OPTIONAL_FIELD = """
              - id: station-2
                name: Pudong second station
                location: {lat: -31.25, lon: -121.5}
                crew: []
                next: station-1
            """;
    private static final String A_SECOND_SITE = """
              - id: car-park
                name: Car park
                cell: cell-1
                building: car park
                buildings: [ramp B]
                captains: []
            """;
    private static final String A_THIRD_DEVICE = """
              - id: pi-0003
                site: car-park
                location: {building: ramp B, unit: 3, floor: 2, label: entry barrier}
                maxSilenceSeconds: 7500
                sensors:
                  - {id: call-1, kind: call-point, gpio: 22, contact: "NO"}
                  - {id: exit-1, kind: exit, zone: ramp, gpio: 23, contact: "NC"}
                  - {id: door-2, kind: door, gpio: 24, contact: "NC", limits: {doorHeldOpenSeconds: 45}}
                  - {id: tank-1, kind: pressure, i2cAddress: 0x49, channel: 2, rangeMpa: 1.0,
                     limits: {pressureLowMpa: 0.1, pressureHighMpa: 0.3}}
              - id: uitd-1
                site: car-park
                gb26875Address: "0000C0A80164"
                gb26875Allow: 10.8.0.0/24
                sensors:
                  - {id: c-1-1-261, kind: smoke, zone: F3}
            """;
    /** A person with phones and some preferences. */
    private static final String A_PERSON_WITH_PHONES = """
              - id: zhou-lei
                name: Zhou Lei
                role: grid-worker
                phones: ["+8613800000006", "+862150000006"]
                preferences:
                  supervisory: {quietHours: true, urgentAfterMinutes: 30, raised: [sms]}
                  trouble: {digest: false}
                  quietHours: {from: "22:30", to: "06:30"}
                  digest: {at: "07:45", channel: sms}
            """;

    @TempDir
    Path dir;

    private TestGateway gw;
    private GatewayClient client;

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
        client = new GatewayClient(gw.uri(""), TestGateway.ADMIN_TOKEN);
    }

    @AfterEach
    void stopGateway() {
        gw.close();
    }

    @Test
    void everyFieldOfTheExampleInventoryArrivesAtTheGatewayWithItsValue() throws Exception {
        Inventory inv = parsed(InventoryExample.text("t1"));

        register(inv);

        assertEverythingArrived(inv);
    }

    @Test
    void everyOptionalFieldArrivesTooWhenItIsSet() throws Exception {
        String yaml = InventoryExample.text("t7")
                .replace("\n# Grid cells", EVERY_OPTIONAL_FIELD + "\n# Grid cells")
                .replace("\n# Raspberry Pis", A_SECOND_SITE + "\n# Raspberry Pis")
                .replace("\n# Micro fire stations", A_PERSON_WITH_PHONES + "\n# Micro fire stations")
                + A_THIRD_DEVICE;
        Inventory inv = parsed(yaml);
        assertThat(inv.stations()).extracting(Station::next).contains("station-1");
        assertThat(inv.devices()).extracting(Device::maxSilenceSeconds).contains(7500);
        assertThat(inv.sites()).extracting(Site::floors).containsNull();

        register(inv);

        assertEverythingArrived(inv);
    }

    @Test
    void everyInventoryFieldIsEitherSentOrKeptByTheInstaller() {
        for (Class<? extends Record> type : WHERE.keySet()) {
            Set<String> fields = new HashSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
            Set<String> sent = WHERE.get(type).keySet();
            Set<String> kept = PlaceBodies.INSTALLER_ONLY.getOrDefault(type, Set.of());

            assertThat(sent.stream().filter(kept::contains)).as("%s: fields both sent and kept by the installer",
                    type.getSimpleName()).isEmpty();
            Set<String> covered = new HashSet<>(sent);
            covered.addAll(kept);
            assertThat(covered).as("%s: every field is either sent to the gateway (and compared here) or named in "
                    + "PlaceBodies.INSTALLER_ONLY", type.getSimpleName()).isEqualTo(fields);
        }
        assertThat(WHERE.keySet()).as("every record type with fields kept by the installer is checked here")
                .containsAll(PlaceBodies.INSTALLER_ONLY.keySet());
    }

    @Test
    void theInventoryAndTheGatewayBoundTheSilenceLimitAlike() {
        assertThat(Device.MIN_MAX_SILENCE_SECONDS)
                .isEqualTo(io.firegrid.gateway.device.Device.MIN_MAX_SILENCE_SECONDS);
        assertThat(Device.MAX_MAX_SILENCE_SECONDS)
                .isEqualTo(io.firegrid.gateway.device.Device.MAX_MAX_SILENCE_SECONDS);
    }

    private static Inventory parsed(String yaml) {
        InventoryParser.Result r = InventoryParser.parse(yaml);
        assertThat(r.problems()).as("the inventory is valid").isEmpty();
        return r.inventory();
    }

    private void register(Inventory inv) throws Exception {
        List<String> lines = new ArrayList<>();
        Credentials credentials = Credentials.load(dir.resolve("site.yaml.credentials"));
        Registration.Summary s = new Registration(client, credentials, lines::add).register(inv);
        assertThat(s.failed()).as(String.join("\n", lines)).isZero();
        int items = inv.people().size() + inv.stations().size() + inv.cells().size() + inv.sites().size()
                + inv.devices().size();
        assertThat(s.created()).as(String.join("\n", lines)).isEqualTo(items);
    }

    private void assertEverythingArrived(Inventory inv) throws Exception {
        String t = inv.tenant();
        assertSameIds("people", t, inv.people().stream().map(Person::id).toList());
        assertSameIds("stations", t, inv.stations().stream().map(Station::id).toList());
        assertSameIds("cells", t, inv.cells().stream().map(Cell::id).toList());
        assertSameIds("sites", t, inv.sites().stream().map(Site::id).toList());
        assertSameIds("devices", t, inv.devices().stream().map(Device::id).toList());
        for (Person p : inv.people()) {
            assertArrived(p, answer("people", t, p.id()), "person " + p.id());
        }
        for (Station s : inv.stations()) {
            assertArrived(s, answer("stations", t, s.id()), "station " + s.id());
        }
        for (Cell c : inv.cells()) {
            assertArrived(c, answer("cells", t, c.id()), "cell " + c.id());
        }
        for (Site s : inv.sites()) {
            assertArrived(s, answer("sites", t, s.id()), "site " + s.id());
        }
        for (Device d : inv.devices()) {
            JsonNode device = answer("devices", t, d.id());
            GatewayClient.Fetched uitd = client.get("/api/v1/devices/" + t + "/" + d.id() + "/gb26875");
            if (uitd.status() == 200) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) device).set("gb26875", uitd.body());
            }
            assertArrived(d, device, "device " + d.id());
        }
    }

    /** The gateway holds exactly the inventory's ids of a kind for the tenant: none lost, none extra. */
    private void assertSameIds(String collection, String tenant, List<String> ids) throws Exception {
        GatewayClient.Fetched all = client.get("/api/v1/" + collection);
        assertThat(all.status()).isEqualTo(200);
        List<String> held = StreamSupport.stream(all.body().spliterator(), false)
                .filter(n -> tenant.equals(n.path("tenant").asText())).map(n -> n.path("id").asText()).toList();
        assertThat(held).as(collection).containsExactlyInAnyOrderElementsOf(ids);
    }

    private JsonNode answer(String collection, String tenant, String id) throws Exception {
        GatewayClient.Fetched one = client.get("/api/v1/" + collection + "/" + tenant + "/" + id);
        assertThat(one.status()).as(collection + "/" + tenant + "/" + id).isEqualTo(200);
        assertThat(one.body().path("tenant").asText()).as(collection + " " + id + ": tenant").isEqualTo(tenant);
        return one.body();
    }

    /** Every field of {@code r} that is sent has the same value at its place in {@code answer}. */
    private static void assertArrived(Record r, JsonNode answer, String what) {
        Set<String> kept = PlaceBodies.INSTALLER_ONLY.getOrDefault(r.getClass(), Set.of());
        Map<String, String> where = WHERE.get(r.getClass());
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (kept.contains(c.getName())) {
                continue;
            }
            String path = where.get(c.getName());
            if (path == null) {
                fail(what + ": field '" + c.getName() + "' is neither compared nor named in PlaceBodies.INSTALLER_ONLY");
            }
            assertSame(value(r, c), at(answer, path), what + " '" + c.getName() + "' (gateway: '" + path + "')");
        }
    }

    private static void assertSame(Object sent, JsonNode held, String what) {
        boolean absent = held.isMissingNode() || held.isNull();
        if (sent == null && PlaceBodies.KEPT_WHEN_ABSENT.values().stream().anyMatch(s -> s.stream()
                .anyMatch(f -> what.endsWith(" '" + f + "' (gateway: '" + f + "')")))) {
            return; // left out of the file, the gateway keeps its own
        }
        if (sent == null) {
            assertThat(absent).as(what + ": not in the inventory, but the gateway holds " + held).isTrue();
            return;
        }
        if (sent instanceof Record nested) {
            assertArrived(nested, held, what);
            return;
        }
        assertThat(absent).as(what + ": the inventory has " + sent + ", the gateway nothing").isFalse();
        if (sent instanceof List<?> list) {
            assertThat(held.isArray()).as(what + ": a list, the gateway holds " + held).isTrue();
            assertThat(held.size()).as(what + ": how many").isEqualTo(list.size());
            for (int i = 0; i < list.size(); i++) {
                assertSame(list.get(i), held.get(i), what + "[" + i + "]");
            }
        } else if (sent instanceof Number n) {
            assertThat(held.isNumber()).as(what + ": a number, the gateway holds " + held).isTrue();
            assertThat(held.decimalValue().compareTo(new BigDecimal(n.toString()))).as(what + ": " + n + " sent, "
                    + held + " held").isZero();
        } else if (sent instanceof Role role) {
            assertThat(held.asText()).as(what).isEqualTo(role.wireName());
        } else if (sent instanceof Kind kind) {
            assertThat(held.asText()).as(what).isEqualTo(kind.wireName());
        } else if (sent instanceof Map<?, ?> map) {
            assertThat(held.isObject()).as(what + ": an object, the gateway holds " + held).isTrue();
            map.forEach((k, v) -> assertSame(v, held.path((String) k), what + "." + k));
        } else if (sent instanceof Boolean b) {
            assertThat(held.isBoolean()).as(what + ": true or false, the gateway holds " + held).isTrue();
            assertThat(held.asBoolean()).as(what).isEqualTo(b);
        } else if (sent instanceof String s) {
            assertThat(held.isTextual()).as(what + ": text, the gateway holds " + held).isTrue();
            assertThat(held.asText()).as(what).isEqualTo(s);
        } else {
            fail(what + ": no comparison for a " + sent.getClass().getName() + "; add one here");
        }
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String step : path.split("\\.")) {
            n = n == null || n.isMissingNode() ? MissingNode.getInstance() : n.path(step);
        }
        return n;
    }

    private static Object value(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c.getName() + " of " + r, e);
        }
    }

    private static Map<String, String> same(String... names) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }
}
